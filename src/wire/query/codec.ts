/**
 * awsQuery (IAM, STS, SES v1): form or query-string parameters in, XML out.
 * Success: `<OpResponse xmlns=NS><OpResult>…</OpResult><ResponseMetadata><RequestId/>…`
 * Error: `<ErrorResponse xmlns=NS><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import type { RawResponse, RequestContext } from '../context.js';
import { invalidAction, missingAction, type AwsError } from '../errors.js';
import type { OperationSpec, ServiceDefinition } from '../operation.js';
import type { Decoded, ProtocolCodec } from '../protocol.js';
import { encodeQueryOutput } from '../model/encode-output.js';
import { loadModelSync } from '../model/load.js';
import { strayReporter } from '../model/output-strays.js';
import { decodeQueryParams, formPairs } from './decode.js';
import { buildXml, toXmlTree } from './xml.js';

const byName = new WeakMap<ServiceDefinition, Map<string, OperationSpec>>();

function operationsOf(service: ServiceDefinition): Map<string, OperationSpec> {
  let table = byName.get(service);
  if (!table) byName.set(service, (table = new Map(service.operations.map((op) => [op.name, op]))));
  return table;
}

/** The request's parameters: query string (minus SigV4's X-Amz-*) then the form body, read lazily. */
export function* queryParams(ctx: RequestContext): Generator<[string, string]> {
  for (const pair of formPairs(ctx.request.rawQuery)) if (!pair[0].startsWith('X-Amz-')) yield pair;
  const type = ctx.request.headers['content-type'] ?? '';
  if (ctx.request.body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
    yield* formPairs(ctx.request.body.toString('utf8'));
  }
}

const XML_HEADERS = { 'content-type': 'text/xml' };

export const queryCodec: ProtocolCodec = {
  decode(ctx, service): Decoded {
    const params = decodeQueryParams(queryParams(ctx));
    const { Action: action, Version: version, ...raw } = params;
    if (typeof action !== 'string' || action === '') throw missingAction();
    const versionText = typeof version === 'string' ? version : undefined;
    const operation = operationsOf(service).get(action);
    // AWS looks an action up in the version asked for: another version's name is unknown there.
    if (!operation || (versionText !== undefined && service.version && versionText !== service.version)) {
      throw invalidAction(action, versionText);
    }
    return { operation, raw };
  },

  encode(ctx, service, operation, output): RawResponse {
    const content: Record<string, unknown> = {};
    // By the model's output shape (model/encode-output.ts) when the model knows the operation;
    // an operation without output in the model has no Result element (IAM DeleteRole).
    const view = service.model ? loadModelSync(service.model) : undefined;
    if (view?.operation(operation.name)) {
      const report = strayReporter(service.id ?? service.signingName, operation.name, () => ctx.log);
      const result = encodeQueryOutput(view, operation.name, output, report);
      if (result) content[result.wrapper] = result.content;
    } else if (output !== undefined) {
      content[`${operation.name}Result`] = toXmlTree(output) ?? '';
    }
    content['ResponseMetadata'] = { RequestId: ctx.requestId };
    const body = buildXml(`${operation.name}Response`, content, service.xmlNamespace);
    return { status: 200, headers: { ...XML_HEADERS }, body };
  },

  encodeError(ctx, service, error: AwsError): RawResponse {
    const err: Record<string, unknown> = { Type: error.type, Code: error.codeFor('query') };
    if (error.awsMessage !== undefined) err['Message'] = error.awsMessage;
    const body = buildXml('ErrorResponse', { Error: err, RequestId: ctx.requestId }, service.xmlNamespace);
    return { status: error.status, headers: { ...XML_HEADERS, ...error.headers }, body };
  },
};
