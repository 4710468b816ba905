/**
 * Service-linked roles (using-service-linked-roles.html): roles under `/aws-service-role/<service>/`
 * that a service owns. "An IAM administrator can view, but not edit the permissions for
 * service-linked roles"; its description may be edited ("You can edit the description of any
 * role"). IAM answers a change with UnmodifiableEntity (400) and this text (aws-nuke#331 for
 * DeleteRolePolicy, rebuy-de/aws-nuke#49 and gruntwork-io/cloud-nuke#880 for DetachRolePolicy).
 * Only CreateServiceLinkedRole makes one: CreateRole refuses the path with InvalidInput
 * (tilfin/aws-iam-policy-tool#9).
 */
import { randomUUID } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { invalidInput, noSuchEntity, unmodifiableEntity } from '../errors.js';
import type { Role } from '../model.js';
import type { IamStore } from '../store.js';
import { one, ownerArn } from './policy-arns.js';
import { requireRole } from './policy-entities.js';
import { roleOutput } from './policy-output.js';
import { accountOf } from './policy-parse.js';

export const SERVICE_LINKED_ROLE_PATH = '/aws-service-role/';

/** True for a role (by its path or ARN) that a service owns. */
export function isServiceLinked(pathOrArn: string): boolean {
  return (
    pathOrArn.startsWith(SERVICE_LINKED_ROLE_PATH) || pathOrArn.includes(`:role${SERVICE_LINKED_ROLE_PATH}`)
  );
}

/** UnmodifiableEntity for a change to a service-linked role's permissions, trust or existence. */
export function refuseServiceLinkedChange(role: { name: string; arn: string }): void {
  if (!isServiceLinked(role.arn)) return;
  throw unmodifiableEntity(
    `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
  );
}

/** The role named, which its account may change (not service-linked); NoSuchEntity or UnmodifiableEntity. */
export async function requireChangeableRole(store: IamStore, account: string, name: string): Promise<Role> {
  const role = await requireRole(store, account, name);
  refuseServiceLinkedChange({ name: role.RoleName, arn: role.Arn });
  return role;
}

/** CreateRole with a path under /aws-service-role/ (tilfin/aws-iam-policy-tool#9). */
export function refuseServiceLinkedPath(path: string): void {
  if (path.startsWith(SERVICE_LINKED_ROLE_PATH)) {
    throw invalidInput(
      `Path prefix '${SERVICE_LINKED_ROLE_PATH}' can only be used for AWS Service linked Roles`,
    );
  }
}

/**
 * The services of this server that link a role, as each one's documentation names it: Amazon SES
 * (ses/latest/dg/using-service-linked-roles.html: AWSServiceRoleForAmazonSES) and IAM Access
 * Analyzer (access-analyzer-using-service-linked-roles.html: AWSServiceRoleForAccessAnalyzer).
 * Neither takes a custom suffix. Their AWS managed permissions policies (AmazonSESServiceRolePolicy,
 * AccessAnalyzerServiceRolePolicy) are not in Pinpost's catalogue, so none is attached.
 */
const LINKED_SERVICES: Record<string, string> = {
  'ses.amazonaws.com': 'AWSServiceRoleForAmazonSES',
  'access-analyzer.amazonaws.com': 'AWSServiceRoleForAccessAnalyzer',
};

type CreateInput = InputOf<'CreateServiceLinkedRole'>;

const trustFor = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

export function serviceLinkedRoleOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const roleNameOf = (i: CreateInput) => LINKED_SERVICES[i.AWSServiceName] ?? i.AWSServiceName;

  const create = defineOperation<InputOf<'CreateServiceLinkedRole'>, OutputOf<'CreateServiceLinkedRole'>>({
    name: 'CreateServiceLinkedRole',
    action: 'iam:CreateServiceLinkedRole',
    resources: async (i, ctx) => [
      `arn:${await store.accounts.partitionOf(accountOf(ctx))}:iam::${accountOf(ctx)}:role${SERVICE_LINKED_ROLE_PATH}${i.AWSServiceName}/${roleNameOf(i)}`,
    ],
    conditionKeys: (i) => ({ 'iam:AWSServiceName': one(i.AWSServiceName) }),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const roleName = LINKED_SERVICES[i.AWSServiceName];
      // Pinpost's own wording: IAM's text for a service that links no role was not found.
      if (!roleName) throw invalidInput(`Service ${i.AWSServiceName} does not support service-linked roles.`);
      // LocalStack's text (localstack/localstack#12387, "the right error message"); neither takes one.
      if (i.CustomSuffix !== undefined)
        throw invalidInput(`Custom suffix is not allowed for ${i.AWSServiceName}`);
      return store.transaction(async () => {
        if (await store.roles.get(account, roleName)) {
          // Seen for spot.amazonaws.com, es.amazonaws.com, ecs.amazonaws.com (see the issues above).
          throw invalidInput(
            `Service role name ${roleName} has been taken in this account, please try a different suffix.`,
          );
        }
        const role = await store.roles.create(account, {
          RoleName: roleName,
          Path: `${SERVICE_LINKED_ROLE_PATH}${i.AWSServiceName}/`,
          AssumeRolePolicyDocument: trustFor(i.AWSServiceName),
          Description: i.Description,
        });
        return { Role: roleOutput(role) };
      });
    },
  });

  /**
   * DeleteServiceLinkedRole (API_DeleteServiceLinkedRole.html): "Submits a service-linked role
   * deletion request and returns a DeletionTaskId … in the format
   * task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>". AWS deletes
   * asynchronously and fails the task while the linked service still uses the role; no Pinpost
   * resource uses the SES or Access Analyzer role, so the role is gone when the answer comes and
   * the task has SUCCEEDED. The model lists NoSuchEntity for this action, not InvalidInput: a role
   * that is not service-linked is answered NoSuchEntity, in Pinpost's wording (AWS's text for it
   * was not found).
   */
  const remove = defineOperation<InputOf<'DeleteServiceLinkedRole'>, OutputOf<'DeleteServiceLinkedRole'>>({
    name: 'DeleteServiceLinkedRole',
    action: 'iam:DeleteServiceLinkedRole',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    async handler(i, ctx) {
      const account = accountOf(ctx);
      return store.transaction(async () => {
        const role = await requireRole(store, account, i.RoleName);
        if (!isServiceLinked(role.Path)) {
          throw noSuchEntity(`Role \`${role.RoleName}\` is not a service-linked role.`);
        }
        const taskId = `task${role.Path}${role.RoleName}/${randomUUID()}`;
        await store.roles.delete(account, role.RoleName);
        await store.deletionTasks.record(account, taskId, 'SUCCEEDED', store.clock());
        return { DeletionTaskId: taskId };
      });
    },
  });

  /**
   * GetServiceLinkedRoleDeletionStatus (API_GetServiceLinkedRoleDeletionStatus.html), authorized
   * on the role the task id names. A task of another account, or none, is NoSuchEntity; an id
   * not in the task format is InvalidInput (both listed by the model; the texts are Pinpost's).
   */
  const status = defineOperation<
    InputOf<'GetServiceLinkedRoleDeletionStatus'>,
    OutputOf<'GetServiceLinkedRoleDeletionStatus'>
  >({
    name: 'GetServiceLinkedRoleDeletionStatus',
    action: 'iam:GetServiceLinkedRoleDeletionStatus',
    resources: async (i, ctx) => {
      const task = DELETION_TASK.exec(i.DeletionTaskId);
      const role = task ? `${SERVICE_LINKED_ROLE_PATH}${task[1]}/${task[2]}` : '/*';
      const account = accountOf(ctx);
      return [`arn:${await store.accounts.partitionOf(account)}:iam::${account}:role${role}`];
    },
    async handler(i, ctx) {
      if (!DELETION_TASK.test(i.DeletionTaskId)) {
        throw invalidInput(`Invalid deletion task id \`${i.DeletionTaskId}\`.`);
      }
      const found = await store.deletionTasks.status(accountOf(ctx), i.DeletionTaskId);
      if (!found) throw noSuchEntity(`Deletion task \`${i.DeletionTaskId}\` cannot be found.`);
      return { Status: found };
    },
  });

  return [create, remove, status];
}

/** task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid> (the model's format). */
const DELETION_TASK =
  /^task\/aws-service-role\/([a-z0-9.-]+)\/([\w+=,.@-]+)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
