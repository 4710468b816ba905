/**
 * Reading restJson1 members as the model types them: a member of the wrong JSON type is a
 * SerializationException, as Smithy services answer a body they cannot read into the shape
 * (aws-restjson1-protocol.html); everything else is checked against the model's constraints.
 */
import { parsePolicy } from '../../iam/policy/parse.js';
import type { PolicyDocument } from '../../iam/policy/types.js';
import { AwsError } from '../../wire/errors.js';
import { checkConstraints, type Constraint } from '../shared/constraints.js';
import { invalidParameter, validationException } from './errors.js';

export type Raw = Record<string, unknown>;

const unreadable = (member: string): AwsError =>
  new AwsError({ code: 'SerializationException', status: 400, message: `Unable to read member ${member}` });

export function str(raw: Raw, member: string): string | undefined {
  const v = raw[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw unreadable(member);
  return v;
}

export function strings(raw: Raw, member: string): string[] | undefined {
  const v = raw[member];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw unreadable(member);
  return v as string[];
}

/** An integer member from the query string (`maxResults`) or the body. */
export function int(raw: Raw, member: string): number | undefined {
  const v = raw[member];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw unreadable(member);
  return n;
}

export function check(members: readonly [string, unknown, Constraint][]): void {
  checkConstraints(members);
}

/**
 * A policy the custom checks can read. Their model lists InvalidParameterException for a parameter
 * that is invalid; the text is Pinpost's own (AWS's for an unparsable document was not found).
 */
export function readPolicy(member: string, text: string): PolicyDocument {
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw invalidParameter(`Invalid ${member}: ${parsed.message}`);
  return parsed.doc;
}

export { validationException };
