/**
 * The IAM model's member constraints for roles, policies and attachments, with the model's own
 * pattern text (AWS's validation messages quote it verbatim). Source: botocore
 * data/iam/2010-05-08/service-2.json, shapes roleNameType, pathType, policyDocumentType, …
 */
import type { Constraint } from '../../shared/constraints.js';

const NAME = '[\\w+=,.@-]+';

export const SHAPES = {
  roleName: { required: true, min: 1, max: 64, pattern: NAME },
  /** userNameType (Attach/Detach/ListAttachedUserPolicies). */
  userName: { required: true, min: 1, max: 64, pattern: NAME },
  /** existingUserNameType (Put/Get/Delete/ListUserPolicies). */
  existingUserName: { required: true, min: 1, max: 128, pattern: NAME },
  path: { min: 1, max: 512, pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  pathPrefix: { min: 1, max: 512, pattern: '\\u002F[\\u0021-\\u007F]*' },
  policyDocument: { required: true, min: 1, max: 131072, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  roleDescription: { max: 1000, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
  maxSessionDuration: { minValue: 3600, maxValue: 43200 },
  optionalArn: { min: 20, max: 2048 },
  marker: { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' },
  maxItems: { minValue: 1, maxValue: 1000 },
  tagList: { max: 50 },
  tagKey: { required: true, min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' },
  tagValue: { required: true, min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' },
} as const satisfies Record<string, Constraint>;
