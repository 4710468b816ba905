/**
 * IAM Access Analyzer's custom policy checks over policy documents (API_CheckAccessNotGranted.html,
 * API_CheckNoPublicAccess.html, API_CheckNoNewAccess.html), with their results and texts as AWS
 * answers them (the SDK's examples for each command, awscli examples/accessanalyzer/ rst files).
 *
 * AWS decides these with an SMT solver (Zelkova, access-analyzer-concepts.html) and "errs on the
 * side of declaring a false positive". Pinpost reasons over the statements with the same leaning:
 * a Condition may always hold unless it is one of the keys Access Analyzer counts as restricting
 * who calls (access-analyzer-reference-filter-keys.html and the source and principal keys),
 * wildcards are compared as sets (glob-relations.ts), and where two statements cannot be shown to
 * be the same or narrower the check fails. Pure: documents in, result out.
 */
import { parseOperator } from './conditions/names.js';
import { GlobBudget } from './glob-relations.js';
import type { ConditionBlock, PolicyDocument, PrincipalBlock, Statement } from './types.js';

export type CheckResult = 'PASS' | 'FAIL';

/** API_ReasonSummary.html. */
export interface ReasonSummary {
  description: string;
  statementIndex: number;
  statementId?: string;
}

export interface CheckOutcome {
  result: CheckResult;
  message: string;
  reasons?: ReasonSummary[];
}

export type AccessPolicyKind = 'IDENTITY_POLICY' | 'RESOURCE_POLICY';

/** API_Access.html: actions and/or resources that must not be granted. */
export interface AccessSpec {
  actions?: string[];
  resources?: string[];
}

function reason(s: Statement, text: (where: string) => string): ReasonSummary {
  const where = s.sid ? `sid: ${s.sid}` : `index: ${s.index}`;
  return { description: text(where), statementIndex: s.index, ...(s.sid ? { statementId: s.sid } : {}) };
}

function outcome(failures: ReasonSummary[], pass: string, fail: string): CheckOutcome {
  return failures.length === 0
    ? { result: 'PASS', message: pass }
    : { result: 'FAIL', message: fail, reasons: failures };
}

// ---- what a statement covers -----------------------------------------------------------------------

/** 16 M pattern-position pairs a check: far beyond real policies, and bounded for crafted ones. */
const CHECK_BUDGET = 1 << 24;

/** The budget of the check that is running (checks are synchronous: one at a time). */
let budget = new GlobBudget(CHECK_BUDGET);
const globsOverlap = (a: string, b: string) => budget.overlap(a, b);
const globCovers = (p: string, q: string) => budget.covers(p, q);

function withBudget<T>(check: () => T): T {
  budget = new GlobBudget(CHECK_BUDGET);
  return check();
}

const lower = (s: string) => s.toLowerCase();

/** Whether the statement may apply to some action matching the pattern `action`. */
function mayCoverAction(s: Statement, action: string): boolean {
  const a = lower(action);
  if (s.action) return s.action.some((p) => globsOverlap(lower(p), a));
  if (s.notAction) return !s.notAction.some((p) => globCovers(lower(p), a));
  return false;
}

/** Whether the statement may apply to some resource matching the pattern `resource`. */
function mayCoverResource(s: Statement, resource: string): boolean {
  if (s.resource) return s.resource.some((p) => globsOverlap(p, resource));
  if (s.notResource) return !s.notResource.some((p) => globCovers(p, resource));
  return true; // trust and other resource policies may name no Resource: the resource itself
}

/** Whether the statement surely applies to every action matching `action` (for Deny). */
function coversAction(s: Statement, action: string): boolean {
  const a = lower(action);
  if (s.action) return s.action.some((p) => globCovers(lower(p), a));
  if (s.notAction) return !s.notAction.some((p) => globsOverlap(lower(p), a));
  return false;
}

function coversResource(s: Statement, resource: string): boolean {
  if (s.resource) return s.resource.some((p) => globCovers(p, resource));
  if (s.notResource) return !s.notResource.some((p) => globsOverlap(p, resource));
  return true;
}

function appliesToEveryone(block: PrincipalBlock | undefined): boolean {
  return block === '*' || (block?.AWS ?? []).includes('*');
}

/** A Deny that holds for everyone, always: only those can be relied on to take access away. */
function unconditionalDeny(s: Statement, kind: AccessPolicyKind): boolean {
  if (s.effect !== 'Deny' || s.condition !== undefined) return false;
  return kind === 'IDENTITY_POLICY' || appliesToEveryone(s.principal);
}

// ---- CheckAccessNotGranted ---------------------------------------------------------------------------

/**
 * "If only actions are specified, IAM Access Analyzer checks for access to perform at least one of
 * the actions on any resource in the policy. If only resources are specified, then … any action on
 * at least one of the resources. If both …, at least one of the specified actions on at least one of
 * the specified resources." (API_CheckAccessNotGranted.html, access)
 */
export function checkAccessNotGranted(
  doc: PolicyDocument,
  access: AccessSpec,
  kind: AccessPolicyKind,
): CheckOutcome {
  return withBudget(() => accessNotGranted(doc, access, kind));
}

function accessNotGranted(doc: PolicyDocument, access: AccessSpec, kind: AccessPolicyKind): CheckOutcome {
  const actions = access.actions?.length ? access.actions : ['*'];
  const resources = access.resources?.length ? access.resources : ['*'];
  const denies = doc.statements.filter((s) => unconditionalDeny(s, kind));
  const failures: ReasonSummary[] = [];
  for (const s of doc.statements) {
    if (s.effect !== 'Allow') continue;
    const granted = actions.some((a) =>
      resources.some(
        (r) =>
          mayCoverAction(s, a) &&
          mayCoverResource(s, r) &&
          !denies.some((d) => coversAction(d, a) && coversResource(d, r)),
      ),
    );
    if (granted)
      failures.push(
        reason(s, (w) => `One or more of the listed actions or resources in the statement with ${w}.`),
      );
  }
  return outcome(
    failures,
    'The policy document does not grant access to perform the listed actions or resources.',
    'The policy document grants access to perform one or more of the listed actions or resources.',
  );
}

// ---- CheckNoPublicAccess -----------------------------------------------------------------------------

/**
 * Condition keys that limit who may call (access-analyzer-reference-filter-keys.html lists
 * aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceIp, aws:SourceVpc,
 * aws:UserId, kms:CallerAccount; confused-deputy.html adds the source keys a service sets).
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:UserId',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'kms:CallerAccount',
  ].map(lower),
);

/** Web identity providers anyone can sign in to (id_roles_providers_oidc.html, "Amazon, Facebook, Google"). */
const PUBLIC_IDENTITY_PROVIDERS = new Set([
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
  'cognito-identity.amazonaws.com',
]);

/** A condition that, when it holds, leaves only named callers: a positive test of a restricting key. */
function restricts(condition: ConditionBlock | undefined, extraKey?: (key: string) => boolean): boolean {
  for (const [operator, byKey] of Object.entries(condition ?? {})) {
    const parsed = parseOperator(operator);
    if (!parsed || parsed.ifExists || parsed.base.includes('Not') || parsed.base === 'Null') continue;
    if (parsed.set === 'ForAllValues') continue;
    for (const [key, values] of Object.entries(byKey)) {
      const k = lower(key);
      if (!(RESTRICTING_KEYS.has(k) || extraKey?.(k))) continue;
      if (values.length > 0 && !values.includes('*')) return true;
    }
  }
  return false;
}

function isPublic(s: Statement, resourceType: string): boolean {
  if (s.effect !== 'Allow') return false;
  const everyone = appliesToEveryone(s.principal) || (s.notPrincipal !== undefined && s.notPrincipal !== '*');
  if (everyone) return !restricts(s.condition);
  if (
    resourceType !== 'AWS::IAM::AssumeRolePolicyDocument' ||
    s.principal === undefined ||
    s.principal === '*'
  )
    return false;
  // A role any user of a public identity provider may assume, unless an audience or subject is named.
  return (s.principal.Federated ?? []).some(
    (p) =>
      PUBLIC_IDENTITY_PROVIDERS.has(lower(p)) && !restricts(s.condition, (k) => k.startsWith(`${lower(p)}:`)),
  );
}

export function checkNoPublicAccess(doc: PolicyDocument, resourceType: string): CheckOutcome {
  const failures = doc.statements
    .filter((s) => isPublic(s, resourceType))
    .map((s) => reason(s, (w) => `Public access granted in the following statement with ${w}.`));
  return outcome(
    failures,
    'The resource policy does not grant public access for the given resource type.',
    'The resource policy grants public access for the given resource type.',
  );
}

// ---- CheckNoNewAccess --------------------------------------------------------------------------------

function principalCovers(p: PrincipalBlock | undefined, q: PrincipalBlock | undefined): boolean {
  if (p === undefined && q === undefined) return true;
  if (appliesToEveryone(p)) return true;
  if (p === undefined || q === undefined || p === '*' || q === '*') return false;
  return Object.entries(q).every(([type, values]) => values.every((v) => (p[type] ?? []).includes(v)));
}

/** Every constraint of `p` is also in `q` (q is as strict or stricter). */
function conditionCovers(p: ConditionBlock | undefined, q: ConditionBlock | undefined): boolean {
  for (const [operator, byKey] of Object.entries(p ?? {})) {
    for (const [key, values] of Object.entries(byKey)) {
      const theirs = Object.entries(q?.[operator] ?? {}).find(([k]) => lower(k) === lower(key))?.[1];
      if (!theirs || theirs.length !== values.length || theirs.some((v, i) => v !== values[i])) return false;
    }
  }
  return true;
}

const listCovers = (p: string[] | undefined, q: string[] | undefined, fold: (s: string) => string) =>
  p !== undefined && q !== undefined && q.every((x) => p.some((y) => globCovers(fold(y), fold(x))));
const sameList = (p: string[] | undefined, q: string[] | undefined) =>
  p !== undefined && q !== undefined && p.length === q.length && p.every((x, i) => x === q[i]);

/** The existing Allow `e` grants at least everything the new Allow `s` grants. */
function allowCovers(e: Statement, s: Statement, kind: AccessPolicyKind): boolean {
  const actions =
    (e.action?.includes('*') ?? false) ||
    listCovers(e.action, s.action, lower) ||
    (e.notAction !== undefined && s.notAction !== undefined && listCovers(s.notAction, e.notAction, lower));
  const resources =
    (e.resource === undefined && e.notResource === undefined) ||
    (e.resource?.includes('*') ?? false) ||
    listCovers(e.resource, s.resource, (x) => x) ||
    (e.notResource !== undefined &&
      s.notResource !== undefined &&
      listCovers(s.notResource, e.notResource, (x) => x));
  const principals = kind === 'IDENTITY_POLICY' || principalCovers(e.principal, s.principal);
  const notPrincipals =
    sameList(
      e.notPrincipal === undefined ? undefined : [JSON.stringify(e.notPrincipal)],
      s.notPrincipal === undefined ? undefined : [JSON.stringify(s.notPrincipal)],
    ) ||
    (e.notPrincipal === undefined && s.notPrincipal === undefined);
  return actions && resources && principals && notPrincipals && conditionCovers(e.condition, s.condition);
}

/** The same Deny, word for word (what it denies is unchanged). */
function sameDeny(a: Statement, b: Statement): boolean {
  const strip = ({ index: _i, sid: _s, start: _a, end: _b, ...rest }: Statement) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

/** Whether two statements may apply to a common action and resource. */
function overlaps(a: Statement, b: Statement): boolean {
  const actions = a.action ?? ['*'];
  const resources = a.resource ?? ['*'];
  return actions.some((x) => mayCoverAction(b, x)) && resources.some((r) => mayCoverResource(b, r));
}

/**
 * New access: an Allow of the new policy no Allow of the existing one covers, or an Allow that a
 * Deny of the existing policy (gone or changed in the new one) used to limit.
 */
export function checkNoNewAccess(
  next: PolicyDocument,
  existing: PolicyDocument,
  kind: AccessPolicyKind,
): CheckOutcome {
  return withBudget(() => noNewAccess(next, existing, kind));
}

function noNewAccess(next: PolicyDocument, existing: PolicyDocument, kind: AccessPolicyKind): CheckOutcome {
  const existingAllows = existing.statements.filter((s) => s.effect === 'Allow');
  const removedDenies = existing.statements.filter(
    (d) => d.effect === 'Deny' && !next.statements.some((n) => n.effect === 'Deny' && sameDeny(n, d)),
  );
  const failures: ReasonSummary[] = [];
  for (const s of next.statements) {
    if (s.effect !== 'Allow') continue;
    const covered = existingAllows.some((e) => allowCovers(e, s, kind));
    const unleashed = removedDenies.some((d) => overlaps(d, s));
    if (!covered || unleashed) failures.push(reason(s, (w) => `New access in the statement with ${w}.`));
  }
  return outcome(
    failures,
    // Pinpost's own wording for PASS, by symmetry with AWS's FAIL text (no published PASS example).
    'The modified permissions do not grant new access compared to your existing policy.',
    'The modified permissions grant new access compared to your existing policy.',
  );
}
