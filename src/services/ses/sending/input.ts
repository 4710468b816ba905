/**
 * Reading send inputs the same way whichever protocol decoded them: awsQuery gives strings and
 * `member` lists (an empty list arrives as ''), restJson1 gives JSON values, internal callers give
 * plain objects (blobs as Buffer or base64 text).
 */
import type { RequestContext } from '../../../wire/context.js';
import { checkConstraints, type Constraint } from '../../shared/constraints.js';
import type { SesScope } from '../ports.js';
import { badParameter, type Api } from './errors.js';
import { AwsError } from '../../../wire/errors.js';

export type Raw = Record<string, unknown>;

export const str = (raw: Raw | undefined, key: string): string | undefined => {
  const v = raw?.[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
};

export const obj = (raw: Raw | undefined, key: string): Raw | undefined => {
  const v = raw?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) ? (v as Raw) : undefined;
};

export const list = (raw: Raw | undefined, key: string): unknown[] => {
  const v = raw?.[key];
  return Array.isArray(v) ? v : [];
};

export const strings = (raw: Raw | undefined, key: string): string[] =>
  list(raw, key).filter((v): v is string => typeof v === 'string');

export const objects = (raw: Raw | undefined, key: string): Raw[] =>
  list(raw, key).filter((v): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v));

/** A blob member: base64 on the wire (both protocols), bytes from internal callers. */
export function blob(v: unknown): Buffer | undefined {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return undefined;
}

export const tagsOf = (raw: Raw | undefined, key: string): { Name: string; Value: string }[] =>
  objects(raw, key).map((t) => ({ Name: str(t, 'Name') ?? '', Value: str(t, 'Value') ?? '' }));

export const headersOf = (raw: Raw | undefined, key: string): { name: string; value: string }[] =>
  objects(raw, key).map((h) => ({ name: str(h, 'Name') ?? '', value: str(h, 'Value') ?? '' }));

/**
 * Model constraints. v1 answers with the query services' ValidationError text; v2 sends the same
 * text as BadRequestException, the error its model declares for bad input.
 */
export function check(api: Api, members: readonly [string, unknown, Constraint][]): void {
  try {
    checkConstraints(members);
  } catch (err) {
    if (api === 'v2' && err instanceof AwsError) throw badParameter('v2', err.awsMessage ?? err.message);
    throw err;
  }
}

export const scopeOf = (ctx: RequestContext): SesScope => ({ account: ctx.account!, region: ctx.region! });

/** `ses:caller-identity`: the IAM user or role name, `root` for the account. */
export function callerIdentityOf(ctx: RequestContext): string {
  const p = ctx.principal;
  if (!p) return 'root';
  return p.userName ?? p.roleName ?? (p.isRoot ? 'root' : p.arn);
}

/** The template name of `Template`/`TemplateArn` (`arn:…:template/<name>`). */
export const templateNameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
