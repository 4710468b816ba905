/**
 * An operation's output serialized by its model's output shape (issue 14: "outputs are serialized
 * from typed shapes"), what the codecs send when the service's model knows the operation:
 * - awsQuery: the `<XResult>` element's content under the output's `resultWrapper`; an operation
 *   without output in the model has none (IAM DeleteRole).
 * - restJson1: the status (the model's `responseCode`, or a `statusCode` member), the `header` and
 *   `headers` members as response headers (timestamps as HTTP dates), and the body: the payload
 *   member when the output shape names one (Pinpoint), else every member bound nowhere else.
 * Values are walked by encode-shape.ts; strays go to the reporter (output-strays.ts).
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#response-serialization
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import type { ServiceView } from './lookup.js';
import { encodeMember, encodeStructure, timestampFormatOf, type EncodeContext } from './encode-shape.js';
import { encodeScalar, STRAY } from './output-scalars.js';
import type { StrayMember } from './output-strays.js';
import { QueryMap } from '../query/query-map.js';

type Report = (stray: StrayMember) => void;
type Plain = Record<string, unknown>;

function asObject(output: unknown, report: Report): Plain {
  if (output instanceof QueryMap) return output.entries;
  if (output && typeof output === 'object' && !Array.isArray(output)) return output as Plain;
  if (output !== undefined && output !== null) report({ path: '(output)', reason: 'wrong type' });
  return {};
}

/** Every member of an output the model says has none is a stray. */
function allStray(obj: Plain, report: Report): void {
  for (const [k, v] of Object.entries(obj))
    if (v !== undefined && v !== null) report({ path: k, reason: 'not in the model' });
}

export interface QueryResult {
  /** The element that holds the output (`GetRoleResult`). */
  wrapper: string;
  /** Its content, fast-xml-parser's tree. */
  content: unknown;
}

/**
 * awsQuery. Undefined when no Result element is sent: the handler returned nothing, or the model
 * gives the operation no output.
 */
export function encodeQueryOutput(
  view: ServiceView,
  operation: string,
  output: unknown,
  report: Report,
): QueryResult | undefined {
  if (output === undefined) return undefined;
  const model = view.operation(operation)?.output;
  const obj = asObject(output, report);
  if (!model) {
    allStray(obj, report);
    return undefined;
  }
  const cx: EncodeContext = { view, protocol: 'query', report };
  const content = encodeStructure(cx, model.shape, obj, '', 0);
  return {
    wrapper: model.resultWrapper ?? `${operation}Result`,
    content: Object.keys(content).length ? content : '',
  };
}

export interface JsonOutput {
  status: number;
  headers: Record<string, string>;
  /** The body's JSON value. */
  body: unknown;
}

/** restJson1: status, headers and body from the output shape's bindings. */
export function encodeRestJsonOutput(
  view: ServiceView,
  operation: string,
  output: unknown,
  report: Report,
): JsonOutput {
  const op = view.operation(operation);
  const headers: Record<string, string> = {};
  let status = op?.http?.responseCode ?? 200;
  const obj = asObject(output, report);
  const shapeName = op?.output?.shape;
  if (!shapeName) {
    allStray(obj, report);
    return { status, headers, body: {} };
  }
  const cx: EncodeContext = { view, protocol: 'restJson', report };
  for (const m of view.members(shapeName)) {
    const value = obj[m.name];
    if (value === undefined || value === null) continue;
    if (m.ref.location === 'header') {
      const text = headerText(cx, m.ref.shape, m.ref, value, m.name);
      if (text !== undefined) headers[(m.ref.locationName ?? m.name).toLowerCase()] = text;
    } else if (m.ref.location === 'headers') {
      const map = view.shape(m.ref.shape);
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        report({ path: m.name, reason: 'wrong type' });
        continue;
      }
      for (const [k, v] of Object.entries(value as Plain)) {
        const text =
          v === undefined || v === null
            ? undefined
            : headerText(cx, map.value!.shape, map.value!, v, `${m.name}{}`);
        if (text !== undefined) headers[`${m.ref.locationName ?? ''}${k}`.toLowerCase()] = text;
      }
    } else if (m.ref.location === 'statusCode') {
      const n = typeof value === 'number' ? value : Number(value);
      if (Number.isInteger(n) && n >= 100 && n <= 599) status = n;
      else report({ path: m.name, reason: 'wrong type' });
    }
  }
  const payload = view.shape(shapeName).payload;
  let body: unknown;
  if (payload) {
    const member = view.members(shapeName).find((m) => m.name === payload)!;
    // Stray detection over the top level: members bound elsewhere are known, the rest unknown.
    encodeStructure(cx, shapeName, obj, '', 0, () => false);
    body = encodeMember(cx, member.ref, obj[payload], payload, 1) ?? {};
  } else {
    body = encodeStructure(cx, shapeName, obj, '', 0, (ref) => ref.location === undefined);
  }
  return { status, headers, body };
}

/** A header member's text: timestamps as HTTP dates unless the model says otherwise. */
function headerText(
  cx: EncodeContext,
  shapeName: string,
  ref: { timestampFormat?: string; jsonvalue?: boolean; shape: string },
  value: unknown,
  path: string,
): string | undefined {
  const shape = cx.view.shape(shapeName);
  if (ref.jsonvalue) return Buffer.from(JSON.stringify(value)).toString('base64');
  const x = encodeScalar(shape, value, 'restJson', timestampFormatOf(ref, shape, 'rfc822'));
  if (x === STRAY) {
    cx.report({ path, reason: 'wrong type' });
    return undefined;
  }
  return String(x);
}
