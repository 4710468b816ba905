/**
 * restJson1 bindings read from the model (issue 14): an operation's route from its `http` trait
 * (method, requestUri, responseCode) and its input members' `uri`/`querystring`/`header` locations
 * and payload; where its output's members go (payload, `header` members). An OperationSpec that
 * declares `http`/`output` itself still wins for its route; test/declared-bindings.test.ts checks
 * that every declaration equals what is derived here, so the declarations can go
 * (scripts/drop-declared-bindings.mjs).
 * https://smithy.io/2.0/spec/http-bindings.html
 */
import type { HttpBinding, OutputBinding } from '../operation.js';
import type { ServiceView } from './lookup.js';

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);

/** The route the model gives `operation`, or undefined when the model has none for it. */
export function httpBindingFromModel(view: ServiceView, operation: string): HttpBinding | undefined {
  const op = view.operation(operation);
  const http = op?.http;
  if (!http || !METHODS.has(http.method)) return undefined;
  const binding: HttpBinding = { method: http.method as HttpBinding['method'], path: http.requestUri };
  if (http.responseCode !== undefined && http.responseCode !== 200) binding.successCode = http.responseCode;
  const inputName = op.input?.shape;
  if (!inputName) return binding;
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const m of view.members(inputName)) {
    // A querystring map (no locationName) takes the free-form rest of the query: not a fixed name.
    if (m.ref.location === 'querystring' && m.ref.locationName) query[m.name] = m.ref.locationName;
    if (m.ref.location === 'header' && m.ref.locationName) headers[m.name] = m.ref.locationName;
  }
  if (Object.keys(query).length) binding.query = query;
  if (Object.keys(headers).length) binding.headers = headers;
  const payload = view.shape(inputName).payload;
  if (payload) binding.payload = payload;
  return binding;
}

/** Where the model puts `operation`'s output members (payload, headers); `{}` when nowhere special. */
export function outputBindingFromModel(view: ServiceView, operation: string): OutputBinding {
  const outputName = view.outputShapeName(operation);
  const binding: OutputBinding = {};
  if (!outputName) return binding;
  const headers: Record<string, string> = {};
  for (const m of view.members(outputName)) {
    if (m.ref.location === 'header' && m.ref.locationName) headers[m.name] = m.ref.locationName;
  }
  const payload = view.shape(outputName).payload;
  if (payload) binding.payload = payload;
  if (Object.keys(headers).length) binding.headers = headers;
  return binding;
}
