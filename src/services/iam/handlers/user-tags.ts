/**
 * Tags on IAM users (the model step checked tagListType, tagKeyType, tagValueType): duplicate keys,
 * merging and removing, and the condition keys AWS documents
 * for tagging actions (list_awsidentityandaccessmanagementiam.html: iam:CreateUser and iam:TagUser
 * take aws:RequestTag/${TagKey} and aws:TagKeys; iam:UntagUser takes aws:TagKeys; actions on a
 * user take aws:ResourceTag/${TagKey}).
 */
import type { ContextKeyValue } from '../../../wire/operation.js';
import { invalidInput } from '../errors.js';
import type { Tag } from '../model.js';

/**
 * Tag keys are case-insensitive in IAM, so two keys differing only in case are duplicates
 * (id_tags.html, "Rules for tagging": "Tag keys are case insensitive"). IAM's text for it, as
 * Terraform users quote it from IAM ("InvalidInput: Duplicate tag keys found. …" on CreateRole)
 * and moto sends the same (moto/iam/exceptions.py DuplicateTags).
 */
export function checkDuplicateTagKeys(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) {
      throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    seen.add(k);
  }
}

/** Existing tags with `added` set over them (a key already present takes the new value). */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  return [...out, ...added];
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const gone = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !gone.has(t.Key.toLowerCase()));
}

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/** aws:RequestTag/<key> for each tag and aws:TagKeys (multivalued) for the request. */
export function requestTagKeys(tags: readonly Tag[] | undefined): Record<string, ContextKeyValue> {
  if (!tags || tags.length === 0) return {};
  const keys: Record<string, ContextKeyValue> = {};
  for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
  keys['aws:TagKeys'] = { values: tags.map((t) => t.Key), list: true };
  return keys;
}

/** aws:ResourceTag/<key> of the resource, only where it has tags. */
export function resourceTagKeys(tags: readonly Tag[] | undefined): Record<string, ContextKeyValue> {
  const keys: Record<string, ContextKeyValue> = {};
  for (const t of tags ?? []) keys[`aws:ResourceTag/${t.Key}`] = one(t.Value);
  return keys;
}
