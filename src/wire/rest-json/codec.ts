/**
 * restJson1 (SES v2, Pinpoint): route by method + path template, input from labels, query string,
 * headers and JSON body; output as JSON with the modelled status; errors with `x-amzn-ErrorType`
 * and the service's body shape (Pinpoint `{"Message","RequestID"}`, SES v2 `{"message"}`).
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import type { RawResponse } from '../context.js';
import { AwsError, unknownOperation } from '../errors.js';
import { encodeRestJsonOutput } from '../model/encode-output.js';
import { httpBindingFromModel } from '../model/http-binding.js';
import { loadModelSync } from '../model/load.js';
import type { ServiceView } from '../model/lookup.js';
import { strayReporter } from '../model/output-strays.js';
import type { HttpBinding, OperationSpec, ServiceDefinition } from '../operation.js';
import type { Decoded, ProtocolCodec } from '../protocol.js';
import { toJsonValue } from './json.js';
import { Router } from './router.js';

interface Routing {
  router: Router;
  /** Each operation's route: the one it declares, else its model's `http` trait. */
  bindings: Map<OperationSpec, HttpBinding>;
}

const routings = new WeakMap<ServiceDefinition, Routing>();

const modelOf = (service: ServiceDefinition): ServiceView | undefined =>
  service.model ? loadModelSync(service.model) : undefined;

function routingOf(service: ServiceDefinition): Routing {
  let r = routings.get(service);
  if (!r) {
    const view = modelOf(service);
    const bindings = new Map<OperationSpec, HttpBinding>();
    for (const op of service.operations) {
      const binding = op.http ?? (view && httpBindingFromModel(view, op.name));
      if (binding) bindings.set(op, binding);
    }
    const router = new Router(service.operations, (op) => bindings.get(op));
    routings.set(service, (r = { router, bindings }));
  }
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
    const routing = routingOf(service);
    const match = routing.router.match(ctx.request.method, path, ctx.query);
    if (!match) throw unknownOperation();
    const { operation, labels } = match;
    const binding = routing.bindings.get(operation)!;
    const raw: Record<string, unknown> = {};
    const text = ctx.request.body.length > 0 ? ctx.request.body.toString('utf8') : '';
    if (text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw serializationError();
      }
      if (binding.payload) raw[binding.payload] = body;
      else if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(raw, body);
      else throw serializationError();
    }
    for (const [member, name] of Object.entries(binding.query ?? {})) {
      const v = ctx.query[name];
      if (v !== undefined) raw[member] = v;
    }
    for (const [member, name] of Object.entries(binding.headers ?? {})) {
      const v = ctx.request.headers[name.toLowerCase()];
      if (v !== undefined) raw[member] = v;
    }
    Object.assign(raw, labels);
    return { operation, raw };
  },

  encode(ctx, service, operation, output): RawResponse {
    // By the model's output shape (model/encode-output.ts) when the model knows the operation.
    const view = modelOf(service);
    if (view?.operation(operation.name)) {
      const report = strayReporter(service.id ?? service.signingName, operation.name, () => ctx.log);
      const encoded = encodeRestJsonOutput(view, operation.name, output, report);
      return {
        status: encoded.status,
        headers: { ...encoded.headers, 'content-type': JSON_TYPE },
        body: JSON.stringify(encoded.body),
      };
    }
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
        : { message: error.awsMessage, ...error.fields };
    return {
      status: error.status,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-errortype': code, ...error.headers },
      body: JSON.stringify(body),
    };
  },
};
