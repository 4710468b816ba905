/**
 * IAM Access Analyzer on the wire (botocore accessanalyzer/2019-11-01): restJson1, signing name
 * `access-analyzer`, errors `{"message"}` with `x-amzn-ErrorType`. Pinpost serves the policy
 * checks, which need no analyzer: ValidatePolicy and the three custom checks. Any other operation
 * answers as an unknown one does.
 */
import type { ServiceDefinition } from '../../wire/operation.js';
import { accessCheckOperations } from './access-check-operations.js';
import { validatePolicyOperation } from './validate-policy.js';

export function accessAnalyzerService(): ServiceDefinition {
  return {
    signingName: 'access-analyzer',
    id: 'accessanalyzer',
    protocol: 'restJson',
    jsonErrorShape: 'message',
    version: '2019-11-01',
    model: 'accessanalyzer',
    operations: [validatePolicyOperation(), ...accessCheckOperations()],
  };
}
