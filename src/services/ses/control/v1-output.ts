/**
 * SES v1 output helpers. A map member of an awsQuery output (GetIdentityPolicies' Policies,
 * GetIdentityVerificationAttributes' VerificationAttributes …) is typed as the model's map and
 * marked as a QueryMap, so the awsQuery writer sends `<entry><key/><value/></entry>`.
 */
import { asQueryMap } from '../../../wire/query/query-map.js';

/** A model map member of a v1 output, marked for the awsQuery writer. */
export const v1Map = <T>(entries: Record<string, T>): Record<string, T> =>
  asQueryMap(entries) as unknown as Record<string, T>;
