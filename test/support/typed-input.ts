/**
 * A Pinpoint operation's input as the pipeline hands it to a test that calls an operation directly:
 * typed by the model (src/wire/model/decode-input.ts) from the wire-shaped request (path labels,
 * query members, the payload), then through the operation's own `check`.
 */
import type { RequestContext } from '../../src/wire/context.js';
import { typedRequest } from '../../src/wire/model/validate-request.js';
import type { OperationSpec, ServiceDefinition } from '../../src/wire/operation.js';

const PINPOINT: ServiceDefinition = {
  signingName: 'mobiletargeting',
  protocol: 'restJson',
  model: 'pinpoint',
  operations: [],
};

export async function pinpointInput(
  op: OperationSpec,
  raw: Record<string, unknown>,
  ctx: RequestContext,
): Promise<unknown> {
  const typed = await typedRequest(PINPOINT, op, raw);
  if (typed.error) throw typed.error;
  await op.check?.(typed.input, ctx);
  return typed.input;
}
