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
import { check, scopeOf, str, strings, type Raw } from './input.js';
import { page } from './paging.js';
import type {
  OperationName,
  OutputOf,
  ReceiptRule,
  ReceiptRuleSetMetadata,
} from '../../../wire/model/types/ses.js';
import { checkName, parseRule } from './receipt-input.js';
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

const setNameOf = (raw: Raw, member = 'RuleSetName') => checkName(lowerFirst(member), str(raw, member));
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const optionalName = (raw: Raw, member: string) =>
  str(raw, member) === undefined ? undefined : checkName(lowerFirst(member), str(raw, member));

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
  const op = <N extends OperationName, I>(spec: {
    name: N;
    parse: (raw: Raw) => I;
    handler: (i: I, ctx: RequestContext) => Promise<OutputOf<N>>;
  }) =>
    defineOperation<I, OutputOf<N>>({
      name: spec.name,
      action: `ses:${spec.name}`,
      parse: spec.parse,
      resources: any,
      conditionKeys: API_V1,
      handler: spec.handler,
    });
  return [
    op({
      name: 'CreateReceiptRuleSet',
      parse: (raw) => ({ name: setNameOf(raw) }),
      handler: async (i, ctx) => (await createRuleSet(deps, scopeOf(ctx), i.name), {}),
    }),
    op({
      name: 'DeleteReceiptRuleSet',
      parse: (raw) => ({ name: setNameOf(raw) }),
      handler: async (i, ctx) => (await deleteRuleSet(deps, scopeOf(ctx), i.name), {}),
    }),
    op({
      name: 'DescribeReceiptRuleSet',
      parse: (raw) => ({ name: setNameOf(raw) }),
      handler: async (i, ctx) => describeSet(await requireRuleSet(deps, scopeOf(ctx), i.name)),
    }),
    op({
      name: 'ListReceiptRuleSets',
      parse: (raw) => ({ NextToken: str(raw, 'NextToken') }),
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
      parse: (raw) => ({ name: setNameOf(raw), original: setNameOf(raw, 'OriginalRuleSetName') }),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const original = await requireRuleSet(deps, scope, i.original);
          await createRuleSet(deps, scope, i.name, original.rules);
        });
        return {};
      },
    }),
    op({
      name: 'SetActiveReceiptRuleSet',
      // No RuleSetName makes no rule set active (API_SetActiveReceiptRuleSet.html).
      parse: (raw) => ({ name: optionalName(raw, 'RuleSetName') }),
      handler: async (i, ctx) => (await setActive(deps, scopeOf(ctx), i.name), {}),
    }),
    op({
      name: 'DescribeActiveReceiptRuleSet',
      parse: () => ({}),
      async handler(_i, ctx) {
        const active = await activeRuleSet(deps, scopeOf(ctx));
        return active ? describeSet(active) : {};
      },
    }),
    op({
      name: 'ReorderReceiptRuleSet',
      parse(raw) {
        const names = strings(raw, 'RuleNames');
        check('v1', [['RuleNames', names, { required: true }]]);
        return { name: setNameOf(raw), names: names as string[] };
      },
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.name, (r) => reorder(r, i.names)),
        {}
      ),
    }),
    op({
      name: 'CreateReceiptRule',
      parse: (raw) => ({ name: setNameOf(raw), rule: parseRule(raw), after: optionalName(raw, 'After') }),
      async handler(i, ctx) {
        await requireRuleSet(deps, scopeOf(ctx), i.name);
        await checkTargets(ctx, i.rule);
        await changeRules(deps, scopeOf(ctx), i.name, (r) => addRule(r, i.rule, i.after));
        return {};
      },
    }),
    op({
      name: 'DescribeReceiptRule',
      parse: (raw) => ({ name: setNameOf(raw), rule: checkName('ruleName', str(raw, 'RuleName')) }),
      async handler(i, ctx) {
        const set = await requireRuleSet(deps, scopeOf(ctx), i.name);
        const rule = set.rules.find((r) => r.Name === i.rule);
        if (!rule) throw ruleDoesNotExist(i.rule);
        return { Rule: ruleOut(rule) };
      },
    }),
    op({
      name: 'UpdateReceiptRule',
      parse: (raw) => ({ name: setNameOf(raw), rule: parseRule(raw) }),
      async handler(i, ctx) {
        const set = await requireRuleSet(deps, scopeOf(ctx), i.name);
        if (!set.rules.some((r) => r.Name === i.rule.Name)) throw ruleDoesNotExist(i.rule.Name);
        await checkTargets(ctx, i.rule);
        await changeRules(deps, scopeOf(ctx), i.name, (r) => replaceRule(r, i.rule));
        return {};
      },
    }),
    op({
      name: 'DeleteReceiptRule',
      parse: (raw) => ({ name: setNameOf(raw), rule: checkName('ruleName', str(raw, 'RuleName')) }),
      // A rule that is not there is fine (the model names only RuleSetDoesNotExist).
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.name, (r) => r.filter((x) => x.Name !== i.rule)),
        {}
      ),
    }),
    op({
      name: 'SetReceiptRulePosition',
      parse: (raw) => ({
        name: setNameOf(raw),
        rule: checkName('ruleName', str(raw, 'RuleName')),
        after: optionalName(raw, 'After'),
      }),
      handler: async (i, ctx) => (
        await changeRules(deps, scopeOf(ctx), i.name, (r) => moveRule(r, i.rule, i.after)),
        {}
      ),
    }),
  ];
}
