/**
 * Which vendored model (models/<service>/<version>/) describes which of Pinpost's services, keyed by
 * the ServiceDefinition's `id` (botocore's service name: SES v1 is botocore's `ses`, endpoint
 * `email`, signing name `ses`).
 */
export const MODEL_VERSIONS = {
  iam: '2010-05-08',
  sts: '2011-06-15',
  ses: '2010-12-01',
  sesv2: '2019-09-27',
  pinpoint: '2016-12-01',
  accessanalyzer: '2019-11-01',
} as const;

export type ModelName = keyof typeof MODEL_VERSIONS;

export function isModelName(id: string | undefined): id is ModelName {
  return id !== undefined && Object.hasOwn(MODEL_VERSIONS, id);
}
