/**
 * restJson1 (SES v2, Pinpoint): route by method + path template, input from labels, query string,
 * headers and JSON body; output as JSON with the modelled status; errors with `x-amzn-ErrorType`
 * and the service's body shape (Pinpoint `{"Message","RequestID"}`, SES v2 `{"message"}`).
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import type { RawResponse } from '../context.js';
import { AwsError, unknownOperation } from '../errors.js';
import type { ServiceDefinition } from '../operation.js';
import type { Decoded, ProtocolCodec } from '../protocol.js';
import { toJsonValue } from './json.js';
import { Router } from './router.js';

const routers = new WeakMap<ServiceDefinition, Router>();

function routerOf(service: ServiceDefinition): Router {
  let r = routers.get(service);
  if (!r) routers.set(service, (r = new Router(service.operations)));
  return r;
}

/** A body that is not JSON (restJson1 services answer SerializationException, 400). */
const serializationError = (): AwsError =>
  new AwsError({
    code: 'SerializationException',
    status: 400,
    message: 'Unable to parse request body as JSON',
  });

const JSON_TYPE = 'application/json';

export const restJsonCodec: ProtocolCodec = {
  decode(ctx, service): Decoded {
    const path = ctx.request.path.split('?', 1)[0];
    const match = routerOf(service).match(ctx.request.method, path, ctx.query);
    if (!match) throw unknownOperation();
    const { operation, labels } = match;
    const http = operation.http!;
    const raw: Record<string, unknown> = {};
    const text = ctx.request.body.length > 0 ? ctx.request.body.toString('utf8') : '';
    if (text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw serializationError();
      }
      if (http.payload) raw[http.payload] = body;
      else if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(raw, body);
      else throw serializationError();
    }
    for (const [member, name] of Object.entries(http.query ?? {})) {
      const v = ctx.query[name];
      if (v !== undefined) raw[member] = v;
    }
    for (const [member, name] of Object.entries(http.headers ?? {})) {
      const v = ctx.request.headers[name.toLowerCase()];
      if (v !== undefined) raw[member] = v;
    }
    Object.assign(raw, labels);
    return { operation, raw };
  },

  encode(_ctx, _service, operation, output): RawResponse {
    const status = operation.http?.successCode ?? 200;
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    const out = output && typeof output === 'object' ? { ...(output as Record<string, unknown>) } : {};
    for (const [member, name] of Object.entries(operation.output?.headers ?? {})) {
      if (out[member] !== undefined) headers[name.toLowerCase()] = String(out[member]);
      delete out[member];
    }
    const payloadMember = operation.output?.payload;
    const payload = payloadMember ? out[payloadMember] : out;
    return { status, headers, body: JSON.stringify(toJsonValue(payload ?? {})) };
  },

  encodeError(ctx, service, error): RawResponse {
    const code = error.codeFor('restJson');
    const body: Record<string, unknown> =
      service.jsonErrorShape === 'Message+RequestID'
        ? { Message: error.awsMessage, RequestID: ctx.requestId }
        : { message: error.awsMessage };
    return {
      status: error.status,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-errortype': code, ...error.headers },
      body: JSON.stringify(body),
    };
  },
};
