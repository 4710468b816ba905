/**
 * A minimal valid input for any operation of a vendored model: every required member (and only
 * those), each with a value that satisfies its shape's traits (length, pattern, enum, range, list
 * size). Strings are chosen from a few candidates by member name (ARNs, email addresses, policy
 * documents) and then checked against the shape, so the value is one the model accepts.
 */
import { wholeMatch } from '../../src/wire/model/patterns.js';
import type { ServiceView } from '../../src/wire/model/lookup.js';
import type { Shape } from '../../src/wire/model/shapes.js';

const ACCOUNT = '000000000000';
/** A whole message, base64 (SendRawEmail's Data). */
const RAW_MESSAGE = Buffer.from(
  'From: sender@example.com\r\nTo: to@example.com\r\nSubject: s\r\n\r\nhi\r\n',
).toString('base64');
const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/**
 * Which member fills a structure that has no required member of its own (an empty structure is
 * not sent at all by awsQuery, and the services need one of its choices): by member or shape name,
 * else the first member.
 */
const PREFERRED: Record<string, string> = {
  Destination: 'ToAddresses',
  Body: 'Text',
  Content: 'Simple',
  EmailContent: 'Simple',
  DefaultContent: 'Template',
  BulkEmailContent: 'Template',
  MessageConfiguration: 'EmailMessage',
  DirectMessageConfiguration: 'EmailMessage',
  EndpointBatchItem: 'Id',
  TemplateActiveVersionRequest: 'Version',
};

/**
 * Optional members a service needs all the same for the request to get as far as authorization
 * (SES v2 SendEmail names its sender; an event destination its event types).
 */
const ALSO: Record<string, string[]> = {
  SendEmailRequest: ['FromEmailAddress', 'Destination'],
  SendBulkEmailRequest: ['FromEmailAddress'],
  EventDestinationDefinition: ['MatchingEventTypes'],
};

/** Candidate strings for a member, most specific first (`model`: ARNs of the service's own kind). */
function candidates(member: string, model: string): string[] {
  const m = member.toLowerCase();
  const out: string[] = [];
  if (model === 'pinpoint') {
    if (m.includes('role')) out.push(`arn:aws:iam::${ACCOUNT}:role/Target`);
    if (m.includes('stream')) out.push(`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/target`);
    if (m.includes('arn')) out.push(`arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/target`);
    if (m === 'templatetype') out.push('EMAIL');
    if (m.includes('substitutions')) out.push('{}');
    if (m === 'version') out.push('1');
  }
  if (m === 'version' || m === 'template-version') out.push('1');
  if (m.includes('assumerolepolicy')) out.push(TRUST);
  if (m.includes('policy') && (m.includes('document') || m === 'policy' || m.includes('input')))
    out.push(DOC);
  if (m.includes('arn') || m === 'resource' || m === 'resourcearn') {
    out.push(`arn:aws:iam::${ACCOUNT}:role/Target`, `arn:aws:iam::${ACCOUNT}:policy/Target`);
  }
  if (
    m.includes('email') ||
    m.includes('address') ||
    m === 'source' ||
    m.includes('identity') ||
    m === 'from'
  ) {
    out.push('sender@example.com');
  }
  if (m.includes('domain')) out.push('example.com');
  if (m.includes('versionid')) out.push('v1');
  if (m.includes('accesskeyid')) out.push('AKIAAAAAAAAAAAAAAAAA');
  if (m.includes('serialnumber')) out.push(`arn:aws:iam::${ACCOUNT}:mfa/Target`);
  if (m.includes('tokencode') || m.includes('authenticationcode')) out.push('123456');
  if (m === 'entitypath') out.push('o-aaaaaaaaaa/r-aaaa');
  if (m.includes('path')) out.push('/');
  if (m.includes('url')) out.push('https://example.com/', 's3://bucket/key');
  if (m.includes('date') || m.includes('time')) out.push('2024-01-01T00:00:00Z');
  if (m.includes('template') && m.includes('data')) out.push('{}');
  if (m.includes('rawmessage') || m === 'data') out.push(RAW_MESSAGE);
  out.push('Target', 'target1', 'a', 'aa', '123456789012', '/');
  return out;
}

function stringFor(member: string, shape: Shape, model: string): string {
  if (shape.enum?.length) return shape.enum[0];
  const min = shape.min ?? 0;
  const max = shape.max ?? Infinity;
  const fits = (s: string) => {
    const n = [...s].length;
    if (n < min || n > max) return false;
    return shape.pattern === undefined || s.length === 0 || wholeMatch(shape.pattern)?.test(s) !== false;
  };
  for (const c of candidates(member, model)) if (fits(c)) return c;
  // Padded forms of the generic candidates reach a minimum length.
  for (const c of ['a', '1', 'A']) {
    const s = c.repeat(Math.max(min, 1));
    if (fits(s)) return s;
  }
  return 'a'.repeat(Math.max(min, 1));
}

export type Value = string | number | boolean | Value[] | { [k: string]: Value };

/** The minimal value of one shape; `member` is the name it is reached by (for candidates). */
export function minimalValue(view: ServiceView, shapeName: string, member: string, depth = 0): Value {
  const shape = view.shape(shapeName);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, Value> = {};
      if (depth > 12) return out;
      const members = view.members(shapeName);
      for (const m of members) {
        if (m.required || ALSO[shapeName]?.includes(m.name)) {
          out[m.name] = minimalValue(view, m.ref.shape, m.name, depth + 1);
        }
      }
      if (depth > 0 && members.length > 0 && Object.keys(out).length === 0) {
        const wanted = PREFERRED[member] ?? PREFERRED[shapeName];
        const m = members.find((x) => x.name === wanted) ?? members[0];
        out[m.name] = minimalValue(view, m.ref.shape, m.name, depth + 1);
      }
      return out;
    }
    case 'list': {
      const n = Math.max(shape.min ?? 1, 1);
      return Array.from({ length: n }, () => minimalValue(view, shape.member!.shape, member, depth + 1));
    }
    case 'map':
      return Math.max(shape.min ?? 0, 0) > 0
        ? { k: minimalValue(view, shape.value!.shape, member, depth + 1) }
        : {};
    case 'string':
      return stringFor(member, shape, view.name);
    case 'integer':
    case 'long': {
      const v = Math.max(shape.min ?? 1, 1);
      return shape.max !== undefined ? Math.min(v, shape.max) : v;
    }
    case 'double':
    case 'float':
      return 1;
    case 'boolean':
      return false;
    case 'timestamp':
      return '2024-01-01T00:00:00Z';
    case 'blob':
      return RAW_MESSAGE;
  }
}

/** The operation's minimal input (an empty structure when it takes none). */
export function minimalInput(view: ServiceView, operation: string): Record<string, Value> {
  const name = view.inputShapeName(operation);
  return name ? (minimalValue(view, name, '') as Record<string, Value>) : {};
}
