/**
 * What IAM's operations share once the model has typed their input (src/wire/model/): the account
 * acted in, paging, the owner a policy operation names, and the checks the model cannot express.
 */
import type { PageRequest } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { invalidInput } from '../errors.js';
import type { Tag } from '../model.js';

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

/** The account a request acts in (set by the pipeline before the input is read). */
export function accountOf(ctx: RequestContext): string {
  if (!ctx.account) throw new Error('request has no account');
  return ctx.account;
}
