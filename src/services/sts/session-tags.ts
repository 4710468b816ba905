/**
 * The session tags a new role session may take (id_session-tags.html: keys compare without case;
 * "Chaining roles with session tags": a transitive tag passes down the chain and keeps its value).
 * STS refuses, as InvalidParameterValue, two tags whose keys differ only in case, a transitive
 * key that names none of the tags, and a tag a chained caller's session already made transitive.
 * The texts are the ones STS sends (recorded against AWS in LocalStack's STS snapshot tests; the
 * transitive-key one also quoted from AssumeRoleWithWebIdentity by OIDC clients' tests).
 */
import { invalidParameterValue } from '../../wire/errors.js';
import type { Tag } from '../iam/model.js';

export function checkSessionTags(
  tags: readonly Tag[],
  transitiveTagKeys: readonly string[],
  inheritedTransitiveKeys: readonly string[] = [],
): void {
  const keys = new Set<string>();
  for (const t of tags) {
    const key = t.Key.toLowerCase();
    if (keys.has(key))
      throw invalidParameterValue(
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    keys.add(key);
  }
  if (transitiveTagKeys.some((k) => !keys.has(k.toLowerCase())))
    throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  if (inheritedTransitiveKeys.some((k) => keys.has(k.toLowerCase())))
    throw invalidParameterValue(
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
}
