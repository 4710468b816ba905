/**
 * Reads SigV4's parameters from a request, from the Authorization header or from a presigned
 * query string, and reports malformed ones with AWS's IncompleteSignature texts. Checking the
 * date, the signed headers and the credential scope is sigv4-checks.ts's job; the signature,
 * sigv4.ts's.
 */
import { incompleteSignature } from './auth-errors.js';
import { AwsError } from './errors.js';
import type { Protocol } from './operation.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SigV4Params {
  /** Where the signature came from. */
  kind: 'header' | 'query';
  accessKeyId: string;
  /** Credential scope: date (YYYYMMDD), region, service. */
  scopeDate: string;
  region: string;
  service: string;
  /** The scope's last element; `aws4_request` when valid (checked by sigv4-checks.ts). */
  terminator: string;
  /** Lower-cased, as listed by the client. */
  signedHeaders: string[];
  signature: string;
  /** The request's date as sent (`20230101T000000Z`, or the Date header's text). */
  dateText: string;
  signingDate: Date;
  /** X-Amz-Security-Token (header or query), if sent. */
  securityToken?: string;
  /** Presigned only: X-Amz-Expires in seconds (undefined when absent or not a whole number). */
  expires?: number;
  /** Presigned only: X-Amz-Expires as sent. */
  expiresText?: string;
}

/** The credential scope's service, read loosely: dispatch needs it before anything is validated. */
export function scopeService(
  headers: Record<string, string>,
  query: Record<string, string | string[]>,
): { service?: string; region?: string } {
  const header = headers['authorization'];
  let credential: string | undefined;
  if (header) credential = /Credential=([^,\s]+)/.exec(header)?.[1];
  else credential = first(query['X-Amz-Credential']);
  const parts = credential?.split('/');
  if (!parts || parts.length !== 5) return {};
  return { region: parts[2], service: parts[3] };
}

/** Whether the request carries any SigV4 material at all (else MissingAuthenticationToken). */
export function hasAuth(headers: Record<string, string>, query: Record<string, string | string[]>): boolean {
  return headers['authorization'] !== undefined || query['X-Amz-Algorithm'] !== undefined;
}

/** Parses the SigV4 parameters, or returns AWS's error for a malformed request. */
export function parseSigV4(
  headers: Record<string, string>,
  query: Record<string, string | string[]>,
  protocol: Protocol,
): SigV4Params | AwsError {
  const header = headers['authorization'];
  return header !== undefined ? parseHeader(header, headers, protocol) : parseQuery(query, headers, protocol);
}

function parseHeader(
  header: string,
  headers: Record<string, string>,
  protocol: Protocol,
): SigV4Params | AwsError {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM) {
    for (const part of header.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  const dateText = headers['x-amz-date'] ?? headers['date'];
  // The order and wording of AWS's own message (amazonka#316, aws/chalice#828).
  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  }
  if (dateText === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0)
    return incompleteSignature(`${missing.join(' ')} Authorization=${header}`, protocol);
  return finish(
    'header',
    fields.get('Credential')!,
    fields.get('SignedHeaders')!,
    fields.get('Signature')!,
    dateText!,
    headers['x-amz-security-token'],
    undefined,
    protocol,
  );
}

const QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

function parseQuery(
  query: Record<string, string | string[]>,
  headers: Record<string, string>,
  protocol: Protocol,
): SigV4Params | AwsError {
  const missing = QUERY_PARAMS.filter((p) => !first(query[p])).map(
    (p) => `AWS query-string parameters must include '${p}'.`,
  );
  if (missing.length > 0) {
    return incompleteSignature(`${missing.join(' ')} Re-examine the query-string parameters.`, protocol);
  }
  if (first(query['X-Amz-Algorithm']) !== ALGORITHM) {
    return incompleteSignature(`Unsupported AWS 'algorithm': '${first(query['X-Amz-Algorithm'])}'`, protocol);
  }
  const expiresText = first(query['X-Amz-Expires']);
  const expires =
    expiresText !== undefined && /^\d{1,9}$/.test(expiresText) ? Number(expiresText) : undefined;
  const params = finish(
    'query',
    first(query['X-Amz-Credential'])!,
    first(query['X-Amz-SignedHeaders'])!,
    first(query['X-Amz-Signature'])!,
    first(query['X-Amz-Date'])!,
    first(query['X-Amz-Security-Token']) ?? headers['x-amz-security-token'],
    expires,
    protocol,
  );
  if (!(params instanceof AwsError) && expiresText !== undefined) params.expiresText = expiresText;
  return params;
}

function finish(
  kind: 'header' | 'query',
  credential: string,
  signedHeaders: string,
  signature: string,
  dateText: string,
  securityToken: string | undefined,
  expires: number | undefined,
  protocol: Protocol,
): SigV4Params | AwsError {
  // AWS checks the date's form before the credential's (the order mhart/dynalite recorded).
  const signingDate = parseDate(dateText);
  if (!signingDate) {
    return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateText}'.`, protocol);
  }
  const parts = credential.split('/');
  if (parts.length !== 5) {
    return incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
      protocol,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  return {
    kind,
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
    dateText,
    signingDate,
    securityToken,
    expires,
  };
}

/** `20230101T000000Z` (X-Amz-Date) or an RFC 7231 `Date` header. */
export function parseDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
