/**
 * The largest request body each service accepts, checked against Content-Length before the body is
 * read (and while reading, for bodies sent without one). A body over the limit is one AWS would
 * refuse too: each limit admits the largest valid request and little more.
 */
import { requestEntityTooLarge, type AwsError } from './errors.js';
import type { ServiceDefinition } from './operation.js';

const MiB = 1024 * 1024;

/**
 * By service id (known-services.ts):
 * - `ses` (v1, awsQuery): "Using the SES v1 API - Maximum message size (including attachments):
 *   10 MB per message (after base64 encoding)" (ses/latest/dg/quotas.html). The base64 text is
 *   form-encoded, where `+`, `/` and `=` take three bytes each: 3 × 10 MiB, plus 1 MiB for the
 *   other parameters.
 * - `sesv2` (restJson1): "Using the SES v2 API or SMTP - Maximum message size (including
 *   attachments): 40 MB per message (after base64 encoding)" (same page). Base64 needs no JSON
 *   escaping: 40 MiB, plus 1 MiB for the rest of the body.
 * - `pinpoint` (restJson1): "The maximum size of an invocation (request and response) payload is
 *   7 MB" (pinpoint/latest/developerguide/quotas.html, API request quotas).
 * - `iam`, `sts` (awsQuery): AWS documents no request size. Pinpost's own limits: IAM 10 MiB
 *   admits SimulateCustomPolicy with 25 policy documents at the model's 131,072-character maximum,
 *   each form-encoded at up to 3 bytes a character; STS 1 MiB admits AssumeRoleWithSAML's
 *   100,000-character assertion form-encoded, with room to spare.
 */
const LIMITS: Record<string, number> = {
  ses: 31 * MiB,
  sesv2: 41 * MiB,
  pinpoint: 7 * MiB,
  iam: 10 * MiB,
  sts: 1 * MiB,
};

/** Pinpost's own limit for a service it does not know (its requests fail anyway). */
const DEFAULT_LIMIT = 1 * MiB;

export function maxBodyBytes(service: ServiceDefinition): number {
  return LIMITS[service.id ?? service.signingName] ?? DEFAULT_LIMIT;
}

/** The largest limit among the awsQuery services, for an unsigned form whose `Version` is unread. */
export const MAX_QUERY_BODY_BYTES = Math.max(LIMITS.ses, LIMITS.iam, LIMITS.sts);

/** The 413 in the service's terms (Pinpoint's model calls it PayloadTooLargeException). */
export function bodyTooLarge(service: ServiceDefinition): AwsError {
  return (service.id ?? service.signingName) === 'pinpoint'
    ? requestEntityTooLarge('PayloadTooLargeException')
    : requestEntityTooLarge();
}
