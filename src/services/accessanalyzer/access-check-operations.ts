/**
 * The custom policy checks (API_CheckAccessNotGranted.html, API_CheckNoPublicAccess.html,
 * API_CheckNoNewAccess.html) over the engine's iam/policy/access-checks.ts. Each is authorized as
 * its `access-analyzer:` action on no resource (list_awsiamaccessanalyzer.html).
 */
import {
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  type AccessPolicyKind,
  type AccessSpec,
} from '../../iam/policy/access-checks.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { AwsError } from '../../wire/errors.js';
import { check, readPolicy, str, strings, type Raw } from './input.js';
import { SHAPES } from './model.js';
import type { OutputOf } from '../../wire/model/types/accessanalyzer.js';

interface NotGrantedInput {
  policyDocument: string;
  access: AccessSpec[];
  policyType: AccessPolicyKind;
}

function accessList(raw: Raw): AccessSpec[] {
  const v = raw['access'];
  if (v === undefined || v === null) return undefined as unknown as AccessSpec[];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) {
    throw new AwsError({
      code: 'SerializationException',
      status: 400,
      message: 'Unable to read member access',
    });
  }
  return (v as Raw[]).map((a) => ({ actions: strings(a, 'actions'), resources: strings(a, 'resources') }));
}

export function accessCheckOperations(): OperationSpec[] {
  const notGranted = defineOperation<NotGrantedInput, OutputOf<'CheckAccessNotGranted'>>({
    name: 'CheckAccessNotGranted',
    action: 'access-analyzer:CheckAccessNotGranted',
    http: { method: 'POST', path: '/policy/check-access-not-granted' },
    parse(raw: Raw) {
      const input = {
        policyDocument: str(raw, 'policyDocument') as string,
        access: accessList(raw),
        policyType: str(raw, 'policyType') as AccessPolicyKind,
      };
      check([
        ['policyDocument', input.policyDocument, SHAPES.policyDocument],
        ['access', input.access, SHAPES.accessList],
        ['policyType', input.policyType, SHAPES.accessCheckPolicyType],
        ...(input.access ?? []).flatMap((a, n): [string, unknown, object][] => [
          [`access.${n + 1}.member.actions`, a.actions, SHAPES.actionsList],
          [`access.${n + 1}.member.resources`, a.resources, SHAPES.resourcesList],
          ...(a.resources ?? []).map((r, m): [string, unknown, object] => [
            `access.${n + 1}.member.resources.${m + 1}.member`,
            r,
            SHAPES.resource,
          ]),
        ]),
      ]);
      return input;
    },
    resources: () => ['*'],
    handler(i) {
      const doc = readPolicy('policyDocument', i.policyDocument);
      const spec = i.access[0] ?? {};
      return checkAccessNotGranted(doc, spec, i.policyType);
    },
  });

  const noPublic = defineOperation<
    { policyDocument: string; resourceType: string },
    OutputOf<'CheckNoPublicAccess'>
  >({
    name: 'CheckNoPublicAccess',
    action: 'access-analyzer:CheckNoPublicAccess',
    http: { method: 'POST', path: '/policy/check-no-public-access' },
    parse(raw: Raw) {
      const input = {
        policyDocument: str(raw, 'policyDocument') as string,
        resourceType: str(raw, 'resourceType') as string,
      };
      // A type the model does not list (an SES identity policy …) is refused here, as AWS does:
      // "For resource types not supported as valid values, IAM Access Analyzer will return an error."
      check([
        ['policyDocument', input.policyDocument, SHAPES.policyDocument],
        ['resourceType', input.resourceType, SHAPES.accessCheckResourceType],
      ]);
      return input;
    },
    resources: () => ['*'],
    handler: (i) => checkNoPublicAccess(readPolicy('policyDocument', i.policyDocument), i.resourceType),
  });

  const noNew = defineOperation<
    { newPolicyDocument: string; existingPolicyDocument: string; policyType: AccessPolicyKind },
    OutputOf<'CheckNoNewAccess'>
  >({
    name: 'CheckNoNewAccess',
    action: 'access-analyzer:CheckNoNewAccess',
    http: { method: 'POST', path: '/policy/check-no-new-access' },
    parse(raw: Raw) {
      const input = {
        newPolicyDocument: str(raw, 'newPolicyDocument') as string,
        existingPolicyDocument: str(raw, 'existingPolicyDocument') as string,
        policyType: str(raw, 'policyType') as AccessPolicyKind,
      };
      check([
        ['newPolicyDocument', input.newPolicyDocument, SHAPES.policyDocument],
        ['existingPolicyDocument', input.existingPolicyDocument, SHAPES.policyDocument],
        ['policyType', input.policyType, SHAPES.accessCheckPolicyType],
      ]);
      return input;
    },
    resources: () => ['*'],
    handler: (i) =>
      checkNoNewAccess(
        readPolicy('newPolicyDocument', i.newPolicyDocument),
        readPolicy('existingPolicyDocument', i.existingPolicyDocument),
        i.policyType,
      ),
  });

  return [notGranted, noPublic, noNew];
}
