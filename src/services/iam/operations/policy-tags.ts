/**
 * Tag arithmetic shared by TagRole/UntagRole/ListRoleTags and TagPolicy/UntagPolicy/ListPolicyTags
 * (id_tags.html): keys are case-insensitive, a tag with an existing key replaces it, at most 50
 * tags per resource. Over 50 IAM answers LimitExceeded "The number of tags has reached the maximum
 * limit." (the text IAM emulators reproduce; not seen in an AWS capture here).
 */
import { paginate, type Page, type PageRequest } from '../../../store/index.js';
import { limitExceeded } from '../errors.js';
import type { Tag } from '../model.js';

export const MAX_TAGS = 50;

export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added);
  if (out.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const gone = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !gone.has(t.Key.toLowerCase()));
}

/** List*Tags pages through the tags in the order they were added. */
export function pageTags(tags: readonly Tag[], req: PageRequest): Page<Tag> {
  const indexed = tags.map((t, i) => ({ t, key: String(i).padStart(4, '0') }));
  const page = paginate(indexed, req, (x) => x.key);
  return { ...page, items: page.items.map((x) => x.t) };
}
