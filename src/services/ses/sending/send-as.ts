/**
 * For internal callers (the SMTP interface, the Pinpoint engine): run a send through
 * `pipeline.invoke` with the caller's principal, so it is authorized exactly like an API call.
 */
import type { ContextKeyValue, ServiceDefinition } from '../../../wire/operation.js';
import type { Pipeline } from '../../../wire/pipeline.js';
import type { Principal } from '../../../wire/principal.js';
import type { InputOf as SesV1InputOf } from '../../../wire/model/types/ses.js';
import type { InputOf as SesV2InputOf } from '../../../wire/model/types/sesv2.js';

/**
 * v2 SendEmail's input as the SES v2 model types it (blobs as bytes or base64 text): `invoke` types
 * it by the model as it does a request's.
 */
export type SendEmailV2Input = SesV2InputOf<'SendEmail'>;

/** v1 SendRawEmail's input, likewise by the SES v1 model. */
export type SendRawEmailV1Input = SesV1InputOf<'SendRawEmail'>;

/** What an internal caller may add to its send (InternalCall's fields of the same names). */
export interface SendAsOptions {
  /** Awaited inside SES's send transaction with its output: the caller's bookkeeping commits with it. */
  onCommit?(output: { MessageId: string }): Promise<void> | void;
  /** Tracks opens and clicks whatever the configuration set says (the Pinpoint engine's sends). */
  trackOpensAndClicks?: boolean;
}

export type SendAsRequest = SendAsOptions &
  (
    | {
        api: 'v2';
        service: ServiceDefinition;
        input: SendEmailV2Input;
        region?: string;
        contextKeys?: Record<string, ContextKeyValue>;
      }
    | {
        api: 'v1-raw';
        service: ServiceDefinition;
        input: SendRawEmailV1Input;
        region?: string;
        contextKeys?: Record<string, ContextKeyValue>;
      }
  );

/** Sends as `principal`; resolves to SES's MessageId, or rejects with SES's AwsError (AccessDenied …). */
export async function sendAs(
  pipeline: Pick<Pipeline, 'invoke'>,
  principal: Principal,
  request: SendAsRequest,
): Promise<{ MessageId: string }> {
  const output = await pipeline.invoke({
    service: request.service,
    operation: request.api === 'v2' ? 'SendEmail' : 'SendRawEmail',
    input: request.input as unknown as Record<string, unknown>,
    principal,
    region: request.region,
    contextKeys: request.contextKeys,
    // SES's send handlers call it with their output, `{ MessageId }`.
    onCommit: request.onCommit && ((output) => request.onCommit!(output as { MessageId: string })),
    trackOpensAndClicks: request.trackOpensAndClicks,
  });
  return output as { MessageId: string };
}
