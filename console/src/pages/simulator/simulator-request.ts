/**
 * The simulator's form as the request IAM takes: SimulatePrincipalPolicy for a chosen user, group
 * or role (its own policies, plus any pasted ones), SimulateCustomPolicy for pasted policies alone
 * (API_SimulatePrincipalPolicy.html, API_SimulateCustomPolicy.html). Only the members IAM's model
 * has are sent — PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames, ResourceArns,
 * ResourcePolicy, ResourceOwner, CallerArn, ContextEntries, ResourceHandlingOption — since that is
 * what the server's IAM takes over the wire (session policies, SCPs and RCPs are the CLI's only).
 */

/** API_ContextEntry.html, ContextKeyTypeEnum. */
export const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;
export type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

export interface ContextRow {
  key: string;
  type: ContextKeyType;
  /** One value; for a list type, values separated by commas or new lines. */
  values: string;
}

export interface SimulatorForm {
  /** `principal`: the policies of `principalArn`; `custom`: the pasted policies only. */
  mode: 'principal' | 'custom';
  principalArn: string;
  /** Identity-based policies pasted in (PolicyInputList). */
  policies: string[];
  /** Permissions boundaries pasted in (PermissionsBoundaryPolicyInputList). */
  boundaries: string[];
  resourcePolicy: string;
  /** A 12-digit account id, or the account's ARN (`arn:aws:iam::123456789012:root`). */
  resourceOwner: string;
  /** Who calls: a user ARN (IAM's rule), or — Pinpost's simulator — a role, session or service principal. */
  callerArn: string;
  actions: string[];
  /** Resource ARNs, one a line; none means `*`. */
  resources: string;
  context: ContextRow[];
  /** API_SimulateCustomPolicy.html: EC2 scenarios; empty for none. */
  resourceHandlingOption: string;
}

export function emptyForm(): SimulatorForm {
  return {
    mode: 'principal',
    principalArn: '',
    policies: [],
    boundaries: [],
    resourcePolicy: '',
    resourceOwner: '',
    callerArn: '',
    actions: [],
    resources: '',
    context: [],
    resourceHandlingOption: '',
  };
}

export interface ContextEntry {
  ContextKeyName: string;
  ContextKeyValues: string[];
  ContextKeyType: ContextKeyType;
}

export interface SimulationInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
}

export type SimulationRequest =
  | { operation: 'SimulatePrincipalPolicy'; input: SimulationInput & { PolicySourceArn: string } }
  | { operation: 'SimulateCustomPolicy'; input: SimulationInput & { PolicyInputList: string[] } };

/** A form that cannot be sent: which field, and why (Pinpost's words, the field in backticks). */
export class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT = /^\d{12}$/;

/** Lines of a text area, trimmed, blanks dropped, duplicates kept once in order. */
export function linesOf(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()))].filter((l) => l !== '');
}

/** The values of a context row: a list type splits on commas and new lines; a single type keeps one. */
export function contextValues(row: ContextRow): string[] {
  if (row.type.endsWith('List'))
    return row.values
      .split(/[,\r\n]/)
      .map((v) => v.trim())
      .filter((v) => v !== '');
  const v = row.values.trim();
  return v === '' ? [] : [v];
}

/** The partition of an ARN, `aws` when it has none. */
export function partitionOf(arn: string): string {
  const m = /^arn:([\w-]+):/.exec(arn);
  return m ? m[1] : 'aws';
}

/**
 * ResourceOwner as IAM wants it, an ARN (API_SimulateCustomPolicy.html: "an ARN representing the
 * AWS account ID"): a bare account id becomes that account's root ARN in the caller's partition.
 */
export function resourceOwnerArn(owner: string, partition: string): string | undefined {
  const o = owner.trim();
  if (o === '') return undefined;
  return ACCOUNT.test(o) ? `arn:${partition}:iam::${o}:root` : o;
}

/**
 * Policies that are not blank, as typed: not trimmed, since MatchedStatements' positions count lines
 * and columns of the text sent. The page names them PolicyInputList.N in this order (policyIds).
 */
const nonBlank = (texts: readonly string[]) => texts.filter((t) => t.trim() !== '');

/** The id IAM gives each of a list of pasted policies (`PolicyInputList.2`), undefined when blank. */
export function policyIds(prefix: string, texts: readonly string[]): (string | undefined)[] {
  let n = 0;
  return texts.map((t) => (t.trim() === '' ? undefined : `${prefix}.${++n}`));
}

/** The request for a form, or FormError naming the field to fix. */
export function simulationRequest(form: SimulatorForm): SimulationRequest {
  const actions = [...new Set(form.actions.map((a) => a.trim()).filter((a) => a !== ''))];
  if (actions.length === 0) throw new FormError('actions', 'Choose at least one action in `Actions`.');
  const policies = nonBlank(form.policies);
  const boundaries = nonBlank(form.boundaries);
  const callerArn = form.callerArn.trim();
  const principalArn = form.principalArn.trim();
  const partition = partitionOf(callerArn || principalArn);
  const resources = linesOf(form.resources);
  const context: ContextEntry[] = [];
  for (const row of form.context) {
    const name = row.key.trim();
    if (name === '') continue;
    context.push({ ContextKeyName: name, ContextKeyValues: contextValues(row), ContextKeyType: row.type });
  }
  const input: SimulationInput = { ActionNames: actions };
  if (boundaries.length) input.PermissionsBoundaryPolicyInputList = boundaries;
  if (resources.length) input.ResourceArns = resources;
  if (form.resourcePolicy.trim()) input.ResourcePolicy = form.resourcePolicy;
  const owner = resourceOwnerArn(form.resourceOwner, partition);
  if (owner) input.ResourceOwner = owner;
  if (callerArn) input.CallerArn = callerArn;
  if (context.length) input.ContextEntries = context;
  if (form.resourceHandlingOption.trim()) input.ResourceHandlingOption = form.resourceHandlingOption.trim();

  if (form.mode === 'principal') {
    if (principalArn === '')
      throw new FormError('principalArn', 'Choose a user, group or role in `Principal`.');
    return {
      operation: 'SimulatePrincipalPolicy',
      input: {
        PolicySourceArn: principalArn,
        ...(policies.length ? { PolicyInputList: policies } : {}),
        ...input,
      },
    };
  }
  if (policies.length === 0)
    throw new FormError('policies', 'Paste at least one identity-based policy in `Policies`.');
  // API_SimulateCustomPolicy.html: CallerArn is required with a ResourcePolicy.
  if (input.ResourcePolicy && !input.CallerArn)
    throw new FormError('callerArn', '`Caller ARN` is required with a resource-based policy.');
  return { operation: 'SimulateCustomPolicy', input: { PolicyInputList: policies, ...input } };
}
