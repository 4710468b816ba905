/**
 * IAM's operations on an AWS Organization's centralized root access: ListOrganizationsFeatures,
 * Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions
 * (API_<Op>.html). Pinpost's accounts belong to no organization, so each answers as IAM does for
 * a standalone account: OrganizationNotFoundException, "The request was rejected because no
 * organization is associated with your account." (the exception's text in the IAM model). There is
 * nothing to store: an account outside an organization has no such features to list or change.
 */
import { AwsError } from '../../../wire/errors.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

/** No `error` trait in the model: the code is the shape's name, and the status 400. */
export const organizationNotFound = () =>
  new AwsError({
    code: 'OrganizationNotFoundException',
    status: 400,
    message: 'The request was rejected because no organization is associated with your account.',
  });

const OPERATIONS = [
  'ListOrganizationsFeatures',
  'EnableOrganizationsRootCredentialsManagement',
  'DisableOrganizationsRootCredentialsManagement',
  'EnableOrganizationsRootSessions',
  'DisableOrganizationsRootSessions',
] as const;

type Name = (typeof OPERATIONS)[number];

const operation = <N extends Name>(name: N): OperationSpec =>
  defineOperation<InputOf<N>, OutputOf<N>>({
    name,
    action: `iam:${name}`,
    // The Service Authorization Reference lists no resource type for these actions.
    resources: () => ['*'],
    handler: () => {
      throw organizationNotFound();
    },
  });

export function organizationsOperations(): OperationSpec[] {
  return OPERATIONS.map((name) => operation(name));
}
