/**
 * SES v1 receipt rule sets and receipt rules: CreateReceiptRuleSet, DeleteReceiptRuleSet,
 * DescribeReceiptRuleSet, ListReceiptRuleSets, CloneReceiptRuleSet, SetActiveReceiptRuleSet,
 * DescribeActiveReceiptRuleSet, ReorderReceiptRuleSet, CreateReceiptRule, DescribeReceiptRule,
 * UpdateReceiptRule, DeleteReceiptRule, SetReceiptRulePosition (APIReference/API_*.html). None has
 * a resource type in list_amazonses.html ("*"); each takes ses:ApiVersion.
 *
 * A rule's actions are checked against what Pinpost can reach as AWS checks them against the
 * account: an S3 action's bucket must be a folder under the import root (InvalidS3Configuration
 * otherwise), a bounce action's sender a verified identity. SNS, Lambda, WorkMail and Connect
 * actions are stored as given: Pinpost has none of those services, and the receiving route records
 * them as not performed (src/services/ses/receiving/).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { bucketFolder } from '../../../net/import-root-writer.js';
import type { ControlDeps } from './deps.js';
import { invalidParameterValue, invalidS3Configuration, ruleDoesNotExist } from './errors.js';
import { domainOf, getIdentity } from './identities.js';
import { scopeOf } from './input.js';
import { page } from './paging.js';
import type {
  InputOf,
  OperationName,
  OutputOf,
  ReceiptRule,
  ReceiptRuleSetMetadata,
} from '../../../wire/model/types/ses.js';
import { checkName, checkRule, namePattern, ruleDoc } from './receipt-input.js';
import type { Violation } from '../../../wire/model/violations.js';
import { RECEIPT_KIND, RULE_SETS, type ReceiptRuleDoc, type ReceiptRuleSetDoc } from './receipt-model.js';
import {
  activeRuleSet,
  addRule,
  changeRules,
  createRuleSet,
  deleteRuleSet,
  moveRule,
  reorder,
  replaceRule,
  requireRuleSet,
  setActive,
} from './receipt-rules.js';

const any = () => ['*'];
const API_V1 = () => ({ 'ses:ApiVersion': { values: ['1'], list: false } });
const LIST_PAGE = 100;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Rule set and rule names, by these members: their characters, as the model's (v1-malformed.ts). */
const namesMalformed =
  <N extends OperationName>(...members: (keyof InputOf<N> & string)[]) =>
  (i: InputOf<N>): Violation[] =>
    members.flatMap((m) => namePattern([m], (i as unknown as Record<string, string | undefined>)[m]));

/** Each well-formed name's own checks, in the order given. */
const namesChecked =
  <N extends OperationName>(...members: (keyof InputOf<N> & string)[]) =>
  (i: InputOf<N>): void => {
    for (const m of members)
      checkName(lowerFirst(m), (i as unknown as Record<string, string | undefined>)[m]);
  };

/** An operation naming rule sets and rules by these members: their characters, then their checks. */
const named = <N extends OperationName>(...members: (keyof InputOf<N> & string)[]) => ({
  violations: namesMalformed<N>(...members),
  check: namesChecked<N>(...members),
});

type RuleInput = InputOf<'CreateReceiptRule'> | InputOf<'UpdateReceiptRule'>;
const afterOf = (i: RuleInput) => ('After' in i ? i.After : undefined);

/** CreateReceiptRule's and UpdateReceiptRule's: the rule's name too, then the rule's own checks. */
const ruleNamed = {
  violations: (i: RuleInput): Violation[] => [
    ...namePattern(['RuleSetName'], i.RuleSetName),
    ...namePattern(['Rule', 'Name'], i.Rule?.Name),
    ...namePattern(['After'], afterOf(i)),
  ],
  check(i: RuleInput): void {
    checkName('ruleSetName', i.RuleSetName);
    checkRule(i.Rule);
    checkName('after', afterOf(i));
  },
};

/** A rule as DescribeReceiptRule answers it: Actions always (empty too), Recipients when set. */
export function ruleOut(r: ReceiptRuleDoc): ReceiptRule {
  return {
    Name: r.Name,
    Enabled: r.Enabled,
    TlsPolicy: r.TlsPolicy,
    Recipients: r.Recipients.length ? r.Recipients : undefined,
    Actions: r.Actions,
    ScanEnabled: r.ScanEnabled,
  };
}

const metadata = (d: ReceiptRuleSetDoc): ReceiptRuleSetMetadata => ({
  Name: d.name,
  CreatedTimestamp: new Date(d.created),
});
const describeSet = (d: ReceiptRuleSetDoc): OutputOf<'DescribeReceiptRuleSet'> => ({
  Metadata: metadata(d),
  Rules: d.rules.map(ruleOut),
});

export function v1ReceiptRuleOperations(deps: ControlDeps): OperationSpec[] {
  /** What AWS checks of a rule's actions against the account, before anything is written. */
  const checkTargets = async (ctx: RequestContext, rule: ReceiptRuleDoc) => {
    for (const a of rule.Actions) {
      if (a.S3Action) {
        const root = deps.importRoot;
        if (root === undefined || (await bucketFolder(root, a.S3Action.BucketName)) === undefined)
          throw invalidS3Configuration(a.S3Action.BucketName);
      }
      if (a.BounceAction && !(await isVerified(ctx, a.BounceAction.Sender)))
        // "Identity is not verified: <address>" (floci-io/floci#3119, probed against AWS).
        throw invalidParameterValue(`Identity is not verified: ${a.BounceAction.Sender}`);
    }
  };
  const isVerified = async (ctx: RequestContext, address: string) => {
    const scope = scopeOf(ctx);
    for (const name of [address, domainOf(address)]) {
      const doc = (await getIdentity(deps, scope, name))?.doc;
      if (doc?.verificationStatus === 'SUCCESS') return true;
    }
    return false;
  };
  // `violations` and `check`: what AWS refuses before it authorizes, beyond the model's constraints.
  const op = <N extends OperationName>(spec: {
    name: N;
    violations?: (i: InputOf<N>) => Violation[];
    check?: (i: InputOf<N>) => void;
    handler: (i: InputOf<N>, ctx: RequestContext) => Promise<OutputOf<N>>;
  }) =>
    defineOperation<InputOf<N>, OutputOf<N>>({
      name: spec.name,
      action: `ses:${spec.name}`,
      violations: spec.violations,
      check: spec.check,
      resources: any,
      conditionKeys: API_V1,
      handler: spec.handler,
    });
  return [
    op({
      name: 'CreateReceiptRuleSet',
      ...named<'CreateReceiptRuleSet'>('RuleSetName'),
      handler: async (i, ctx) => (await createRuleSet(deps, scopeOf(ctx), i.RuleSetName), {}),
    }),
    op({
      name: 'DeleteReceiptRuleSet',
      ...named<'DeleteReceiptRuleSet'>('RuleSetName'),
      // A rule set that is not there deletes fine: the model and API page name only CannotDelete,
      // and AWS answers success (floci-io/floci#2128, probed).
      handler: async (i, ctx) => (await deleteRuleSet(deps, scopeOf(ctx), i.RuleSetName), {}),
    }),
    op({
      name: 'DescribeReceiptRuleSet',
      ...named<'DescribeReceiptRuleSet'>('RuleSetName'),
      handler: async (i, ctx) => describeSet(await requireRuleSet(deps, scopeOf(ctx), i.RuleSetName)),
    }),
    op({
      name: 'ListReceiptRuleSets',
      async handler(i, ctx) {
        const p = await page<ReceiptRuleSetDoc>(
          deps.store,
          scopeOf(ctx),
          RECEIPT_KIND,
          i.NextToken,
          LIST_PAGE,
          RULE_SETS,
        );
        return { RuleSets: p.items.map((r) => metadata(r.doc)), NextToken: p.nextToken };
      },
    }),
    op({
      name: 'CloneReceiptRuleSet',
      ...named<'CloneReceiptRuleSet'>('RuleSetName', 'OriginalRuleSetName'),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const original = await requireRuleSet(deps, scope, i.OriginalRuleSetName);
          await createRuleSet(deps, scope, i.RuleSetName, original.rules);
        });
        return {};
      },
    }),
    op({
      name: 'SetActiveReceiptRuleSet',
      ...named<'SetActiveReceiptRuleSet'>('RuleSetName'),
      // No RuleSetName makes no rule set active (API_SetActiveReceiptRuleSet.html).
      handler: async (i, ctx) => (await setActive(deps, scopeOf(ctx), i.RuleSetName), {}),
    }),
    op({
      name: 'DescribeActiveReceiptRuleSet',
      async handler(_i, ctx) {
        const active = await activeRuleSet(deps, scopeOf(ctx));
        return active ? describeSet(active) : {};
      },
    }),
    op({
      name: 'ReorderReceiptRuleSet',
      ...named<'ReorderReceiptRuleSet'>('RuleSetName'),
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.RuleSetName, (r) => reorder(r, i.RuleNames)),
        {}
      ),
    }),
    op({
      name: 'CreateReceiptRule',
      ...ruleNamed,
      async handler(i, ctx) {
        const rule = ruleDoc(i.Rule);
        await requireRuleSet(deps, scopeOf(ctx), i.RuleSetName);
        await checkTargets(ctx, rule);
        await changeRules(deps, scopeOf(ctx), i.RuleSetName, (r) => addRule(r, rule, i.After));
        return {};
      },
    }),
    op({
      name: 'DescribeReceiptRule',
      ...named<'DescribeReceiptRule'>('RuleSetName', 'RuleName'),
      async handler(i, ctx) {
        const set = await requireRuleSet(deps, scopeOf(ctx), i.RuleSetName);
        const rule = set.rules.find((r) => r.Name === i.RuleName);
        if (!rule) throw ruleDoesNotExist(i.RuleName);
        return { Rule: ruleOut(rule) };
      },
    }),
    op({
      name: 'UpdateReceiptRule',
      ...ruleNamed,
      async handler(i, ctx) {
        const rule = ruleDoc(i.Rule);
        const set = await requireRuleSet(deps, scopeOf(ctx), i.RuleSetName);
        if (!set.rules.some((r) => r.Name === rule.Name)) throw ruleDoesNotExist(rule.Name);
        await checkTargets(ctx, rule);
        await changeRules(deps, scopeOf(ctx), i.RuleSetName, (r) => replaceRule(r, rule));
        return {};
      },
    }),
    op({
      name: 'DeleteReceiptRule',
      ...named<'DeleteReceiptRule'>('RuleSetName', 'RuleName'),
      // A rule that is not there deletes fine: the model and API page name only RuleSetDoesNotExist,
      // and AWS answers success (floci-io/floci#3119, probed).
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.RuleSetName, (r) => r.filter((x) => x.Name !== i.RuleName)),
        {}
      ),
    }),
    op({
      name: 'SetReceiptRulePosition',
      ...named<'SetReceiptRulePosition'>('RuleSetName', 'RuleName', 'After'),
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.RuleSetName, (r) => moveRule(r, i.RuleName, i.After)),
        {}
      ),
    }),
  ];
}
