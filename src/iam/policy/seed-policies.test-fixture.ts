/**
 * The seed's two policies (pinpoint/latest/developerguide/permissions-ses.html) for account
 * 111122223333, pretty-printed as the console shows them (4-space indent), so that statement
 * positions span several lines. Built from the one definition in test/fixtures/seed-policies.ts.
 */
import { seedPermissionsPolicy, seedTrustPolicy } from '../../../test/fixtures/seed-policies.js';

const pretty = (compact: string) => JSON.stringify(JSON.parse(compact), null, 4);

export const SEED_PERMISSIONS_POLICY = pretty(seedPermissionsPolicy('111122223333'));

export const SEED_TRUST_POLICY = pretty(seedTrustPolicy('111122223333'));
