/**
 * GenerateOrganizationsAccessReport and GetOrganizationsAccessReport (API_<Op>.html). Both need an
 * AWS Organization ("you must be signed in using your Organizations management account
 * credentials … SCPs must be enabled for your organization root"); Pinpost's accounts belong to none.
 * What AWS answers an account outside an organization is not documented, so GenerateOrganizations
 * AccessReport answers as IAM's other Organizations operations do (organizations-operations.ts):
 * OrganizationNotFoundException. No report can then exist, so GetOrganizationsAccessReport answers
 * NoSuchEntity (its model's one error) for any JobId, in Pinpost's words.
 *
 * Authorization (Service Authorization Reference): GenerateOrganizationsAccessReport on the
 * `access-report` resource, `arn:${Partition}:iam::${Account}:access-report/${EntityPath}`, with
 * `iam:OrganizationsPolicyId` when a policy id is given; GetOrganizationsAccessReport on `*`.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type {
  GenerateOrganizationsAccessReportResponse,
  GetOrganizationsAccessReportResponse,
  InputOf,
} from '../../../wire/model/types/iam.js';
import { requestPartition } from '../../shared/request-partition.js';
import { noSuchEntity } from '../errors.js';
import { accountOf } from '../handlers/user-entities.js';
import { organizationNotFound } from './organizations-operations.js';
import { one, type Keys } from './policy-arns.js';

export function organizationsAccessReportOperations(): OperationSpec[] {
  const generate = defineOperation<
    InputOf<'GenerateOrganizationsAccessReport'>,
    GenerateOrganizationsAccessReportResponse
  >({
    name: 'GenerateOrganizationsAccessReport',
    action: 'iam:GenerateOrganizationsAccessReport',
    resources: (i, ctx) => [
      `arn:${requestPartition(ctx)}:iam::${accountOf(ctx)}:access-report/${i.EntityPath}`,
    ],
    conditionKeys: (i): Keys =>
      i.OrganizationsPolicyId === undefined
        ? {}
        : { 'iam:OrganizationsPolicyId': one(i.OrganizationsPolicyId) },
    handler: () => {
      throw organizationNotFound();
    },
  });

  const get = defineOperation<InputOf<'GetOrganizationsAccessReport'>, GetOrganizationsAccessReportResponse>({
    name: 'GetOrganizationsAccessReport',
    action: 'iam:GetOrganizationsAccessReport',
    resources: () => ['*'],
    handler: (i) => {
      throw noSuchEntity(`No Organizations access report exists with job id ${i.JobId}.`);
    },
  });

  return [generate, get];
}
