/**
 * awsQuery input for the role and policy operations: the wire hands strings and arrays of strings
 * (src/wire/query/decode.ts); these turn them into the model's types and list every member's
 * constraint for checkConstraints, so one request gets one ValidationError naming all violations,
 * as AWS's front end answers (CommonErrors.html, ValidationError).
 */
import type { PageRequest } from '../../../store/index.js';
import { validationError } from '../../../wire/errors.js';
import type { RequestContext } from '../../../wire/context.js';
import { checkConstraints, memberPath, type Constraint } from '../../shared/constraints.js';
import { invalidInput } from '../errors.js';
import type { Tag } from '../model.js';
import { SHAPES } from './policy-shapes.js';

export type Raw = Record<string, unknown>;
export type Check = [name: string, value: unknown, constraint: Constraint];

export function str(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  return typeof v === 'string' ? v : undefined;
}

/** An integer member; a value that is no integer at all is refused before any constraint. */
export function int(raw: Raw, name: string): number | undefined {
  const v = str(raw, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${memberPath(name)}' failed to satisfy constraint: Member must be an integer`,
    );
  }
  return n;
}

/** awsQuery booleans are `true` / `false` (smithy aws-query-protocol.html). */
export function bool(raw: Raw, name: string): boolean | undefined {
  const v = str(raw, name);
  return v === undefined ? undefined : v.toLowerCase() === 'true';
}

/** A list member: an array, or `''` for an empty list (`Tags=`). */
export function list(raw: Raw, name: string): unknown[] | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [];
}

/** A list whose text in a validation message reads like the list rather than `[object Object]`. */
function shown<T>(items: T[]): T[] {
  const copy = [...items];
  Object.defineProperty(copy, 'toString', { value: () => JSON.stringify(items), enumerable: false });
  return copy;
}

export interface TagsInput {
  tags: Tag[] | undefined;
  checks: Check[];
}

/** `Tags`: at most 50, each Key/Value per tagKeyType/tagValueType (IAM model; id_tags.html). */
export function tagsOf(raw: Raw, name = 'Tags', required = false): TagsInput {
  const items = list(raw, name);
  if (items === undefined) {
    return { tags: undefined, checks: [[name, undefined, { ...SHAPES.tagList, required }]] };
  }
  const tags: Tag[] = [];
  const checks: Check[] = [];
  items.forEach((item, i) => {
    const t = (item && typeof item === 'object' ? item : {}) as Raw;
    const key = str(t, 'Key');
    const value = str(t, 'Value');
    checks.push([`${name}.${i + 1}.member.key`, key, SHAPES.tagKey]);
    checks.push([`${name}.${i + 1}.member.value`, value, SHAPES.tagValue]);
    tags.push({ Key: key ?? '', Value: value ?? '' });
  });
  checks.unshift([name, shown(tags), { ...SHAPES.tagList, required }]);
  return { tags, checks };
}

/**
 * IAM refuses two tags whose keys differ only by case: "Duplicate tag keys found. Please note that
 * Tag keys are case insensitive." (InvalidInput; id_tags.html says keys are case-insensitive; the
 * text is the one moto reproduces from AWS).
 */
export function refuseDuplicateTagKeys(tags: readonly Tag[] | undefined): void {
  if (!tags) return;
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k))
      throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

export interface PageInput {
  page: PageRequest;
  checks: Check[];
}

/** Marker and MaxItems (API_ListRoles.html: MaxItems 1–1000, default 100). */
export function pageOf(raw: Raw): PageInput {
  const marker = str(raw, 'Marker');
  const maxItems = int(raw, 'MaxItems');
  const page: PageRequest = {};
  if (marker !== undefined) page.marker = marker;
  if (maxItems !== undefined) page.maxItems = maxItems;
  return {
    page,
    checks: [
      ['Marker', marker, SHAPES.marker],
      ['MaxItems', maxItems, SHAPES.maxItems],
    ],
  };
}

/** A request naming a role, user or group under its own member (AttachRolePolicy, PutUserPolicy …). */
export type OwnerInput = { RoleName: string } | { UserName: string } | { GroupName: string };

/** The role's, user's or group's name, whichever member the request has. */
export function ownerNameOf(i: OwnerInput): string {
  return 'RoleName' in i ? i.RoleName : 'UserName' in i ? i.UserName : i.GroupName;
}

/** Marker and MaxItems of a model-typed request, as the store pages (API_ListRoles.html). */
export function pageRequest(i: { Marker?: string; MaxItems?: number }): PageRequest {
  const page: PageRequest = {};
  if (i.Marker !== undefined) page.marker = i.Marker;
  if (i.MaxItems !== undefined) page.maxItems = i.MaxItems;
  return page;
}

/** Runs the checks, then returns the parsed input. */
export function checked<T>(checks: Check[], value: T): T {
  checkConstraints(checks);
  return value;
}

/** The account a request acts in (set by the pipeline before `parse`). */
export function accountOf(ctx: RequestContext): string {
  if (!ctx.account) throw new Error('request has no account');
  return ctx.account;
}
