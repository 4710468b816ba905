/**
 * An input serialized as an SDK would send it, from the model: awsQuery form pairs
 * (`Tags.member.1.Key`, `Attributes.entry.1.key`, structures as `A.B`), or a restJson1 request
 * (the model's method and requestUri with labels filled, query-string and header members, and the
 * body: the payload member, or the remaining members by their JSON names).
 */
import type { ServiceView } from '../../src/wire/model/lookup.js';
import type { Value } from './model-input.js';

export function queryForm(
  view: ServiceView,
  operation: string,
  input: Record<string, Value>,
): Record<string, string> {
  const form: Record<string, string> = { Action: operation, Version: view.model.metadata.apiVersion };
  const put = (shapeName: string, v: Value, key: string) => {
    const shape = view.shape(shapeName);
    if (shape.type === 'structure') {
      for (const m of view.members(shapeName)) {
        const x = (v as Record<string, Value>)[m.name];
        if (x !== undefined) put(m.ref.shape, x, `${key}.${m.ref.locationName ?? m.name}`);
      }
    } else if (shape.type === 'list') {
      const items = v as Value[];
      if (items.length === 0) form[key] = '';
      const prefix = shape.flattened ? key : `${key}.member`;
      items.forEach((item, i) => put(shape.member!.shape, item, `${prefix}.${i + 1}`));
    } else if (shape.type === 'map') {
      Object.entries(v as Record<string, Value>).forEach(([k, x], i) => {
        form[`${key}.entry.${i + 1}.key`] = k;
        put(shape.value!.shape, x, `${key}.entry.${i + 1}.value`);
      });
    } else {
      form[key] = String(v);
    }
  };
  const name = view.inputShapeName(operation);
  if (name) {
    for (const m of view.members(name)) {
      if (input[m.name] !== undefined) put(m.ref.shape, input[m.name], m.ref.locationName ?? m.name);
    }
  }
  return form;
}

export interface JsonRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export function restJsonRequest(
  view: ServiceView,
  operation: string,
  input: Record<string, Value>,
): JsonRequest {
  const op = view.operation(operation)!;
  const [template, literalQuery = ''] = op.http!.requestUri.split('?', 2);
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(literalQuery));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const labels: Record<string, string> = {};
  const body: Record<string, Value> = {};
  let payload: Value | undefined;
  const name = view.inputShapeName(operation);
  const shape = name ? view.shape(name) : undefined;
  for (const m of name ? view.members(name) : []) {
    const v = input[m.name];
    if (v === undefined) continue;
    const wire = m.ref.locationName ?? m.name;
    if (m.ref.location === 'uri') labels[wire] = String(v);
    else if (m.ref.location === 'querystring')
      query[wire] = Array.isArray(v) ? v.map(String).join(',') : String(v);
    else if (m.ref.location === 'header') headers[wire.toLowerCase()] = String(v);
    else if (shape?.payload === m.name) payload = v;
    else body[wire] = v;
  }
  const path = template.replace(/\{([^}+]+)(\+)?\}/g, (_, label: string, greedy?: string) => {
    const v = labels[label] ?? 'x';
    return greedy ? v.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(v);
  });
  const method = op.http!.method;
  const text =
    payload !== undefined
      ? JSON.stringify(payload)
      : Object.keys(body).length
        ? JSON.stringify(body)
        : undefined;
  return {
    method,
    path,
    query,
    headers,
    body: method === 'GET' || method === 'DELETE' ? undefined : (text ?? '{}'),
  };
}
