/**
 * Receipt rule sets and their rules over the store: one document per rule set holding its rules
 * in order, the active set's name in a document of its own (receipt-model.ts). Ordering as AWS
 * orders (floci-io/floci#3119, probed): a rule created without `After` goes first, with `After`
 * right behind that rule; SetReceiptRulePosition without `After` moves a rule to the front.
 */
import type { SesScope } from '../ports.js';
import type { ControlDeps } from './deps.js';
import {
  cannotDeleteActive,
  invalidParameterValue,
  ruleAlreadyExists,
  ruleDoesNotExist,
  ruleSetAlreadyExists,
  ruleSetDoesNotExist,
  v1LimitExceeded,
} from './errors.js';
import {
  ACTIVE,
  ACTIVE_KEY,
  MAX_RULE_SETS,
  MAX_RULES_PER_SET,
  RECEIPT_KIND,
  RULE_SETS,
  type ActiveDoc,
  type ReceiptRuleDoc,
  type ReceiptRuleSetDoc,
} from './receipt-model.js';

export async function findRuleSet(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
): Promise<ReceiptRuleSetDoc | undefined> {
  return (await deps.store.get<ReceiptRuleSetDoc>(scope, RECEIPT_KIND, name, RULE_SETS))?.doc;
}

export async function requireRuleSet(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
): Promise<ReceiptRuleSetDoc> {
  const doc = await findRuleSet(deps, scope, name);
  if (!doc) throw ruleSetDoesNotExist(name);
  return doc;
}

export async function activeRuleSetName(deps: ControlDeps, scope: SesScope): Promise<string | undefined> {
  return (await deps.store.get<ActiveDoc>(scope, RECEIPT_KIND, ACTIVE_KEY, ACTIVE))?.doc.name;
}

/** The active rule set, or undefined when none is active. */
export async function activeRuleSet(
  deps: ControlDeps,
  scope: SesScope,
): Promise<ReceiptRuleSetDoc | undefined> {
  const name = await activeRuleSetName(deps, scope);
  return name === undefined ? undefined : findRuleSet(deps, scope, name);
}

/** A new rule set (empty, or holding `rules` for CloneReceiptRuleSet), within the quota. */
export function createRuleSet(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  rules: ReceiptRuleDoc[] = [],
): Promise<void> {
  return deps.store.transaction(async () => {
    if (await findRuleSet(deps, scope, name)) throw ruleSetAlreadyExists(name);
    // Pinpost's wording: the quota is AWS's (dg/quotas.html), its refusal's text is not published.
    if ((await deps.store.count(scope, RECEIPT_KIND, RULE_SETS)) >= MAX_RULE_SETS)
      throw v1LimitExceeded(`An account can have at most ${MAX_RULE_SETS} receipt rule sets.`);
    const doc: ReceiptRuleSetDoc = { name, created: deps.store.now().toISOString(), rules };
    await deps.store.put(scope, RECEIPT_KIND, name, doc, RULE_SETS);
  });
}

/** Deletes a rule set and its rules; none is fine (AWS answers success), the active one is refused. */
export function deleteRuleSet(deps: ControlDeps, scope: SesScope, name: string): Promise<void> {
  return deps.store.transaction(async () => {
    if ((await activeRuleSetName(deps, scope)) === name) throw cannotDeleteActive(name);
    await deps.store.delete(scope, RECEIPT_KIND, name, RULE_SETS);
  });
}

/** Makes `name` the active rule set, or none when `name` is undefined. */
export function setActive(deps: ControlDeps, scope: SesScope, name: string | undefined): Promise<void> {
  return deps.store.transaction(async () => {
    if (name === undefined) {
      await deps.store.delete(scope, RECEIPT_KIND, ACTIVE_KEY, ACTIVE);
      return;
    }
    await requireRuleSet(deps, scope, name);
    await deps.store.put<ActiveDoc>(scope, RECEIPT_KIND, ACTIVE_KEY, { name }, ACTIVE);
  });
}

/** Reads, changes and writes a rule set's rules in one transaction. */
export function changeRules(
  deps: ControlDeps,
  scope: SesScope,
  setName: string,
  fn: (rules: ReceiptRuleDoc[]) => ReceiptRuleDoc[],
): Promise<void> {
  return deps.store.transaction(async () => {
    const doc = await requireRuleSet(deps, scope, setName);
    const rules = fn(structuredClone(doc.rules));
    await deps.store.put(scope, RECEIPT_KIND, setName, { ...doc, rules }, RULE_SETS);
  });
}

const indexOf = (rules: ReceiptRuleDoc[], name: string) => rules.findIndex((r) => r.Name === name);

/** Where a rule goes: first without `after`, right behind `after` otherwise. */
function insertAt(rules: ReceiptRuleDoc[], rule: ReceiptRuleDoc, after: string | undefined) {
  if (after === undefined) return [rule, ...rules];
  const at = indexOf(rules, after);
  if (at < 0) throw ruleDoesNotExist(after);
  return [...rules.slice(0, at + 1), rule, ...rules.slice(at + 1)];
}

export function addRule(rules: ReceiptRuleDoc[], rule: ReceiptRuleDoc, after: string | undefined) {
  if (indexOf(rules, rule.Name) >= 0) throw ruleAlreadyExists(rule.Name);
  const next = insertAt(rules, rule, after);
  if (rules.length >= MAX_RULES_PER_SET)
    throw v1LimitExceeded(`A receipt rule set can have at most ${MAX_RULES_PER_SET} rules.`);
  return next;
}

export function replaceRule(rules: ReceiptRuleDoc[], rule: ReceiptRuleDoc) {
  const at = indexOf(rules, rule.Name);
  if (at < 0) throw ruleDoesNotExist(rule.Name);
  return rules.map((r, i) => (i === at ? rule : r));
}

export function moveRule(rules: ReceiptRuleDoc[], name: string, after: string | undefined) {
  const at = indexOf(rules, name);
  if (at < 0) throw ruleDoesNotExist(name);
  if (after === name) return rules;
  const rest = rules.filter((_, i) => i !== at);
  return insertAt(rest, rules[at], after);
}

/** ReorderReceiptRuleSet: every rule named once; a name not in the set is RuleDoesNotExist. */
export function reorder(rules: ReceiptRuleDoc[], names: string[]): ReceiptRuleDoc[] {
  for (const n of names) if (indexOf(rules, n) < 0) throw ruleDoesNotExist(n);
  // "All of the rules in the rule set must be represented in this request"
  // (API_ReorderReceiptRuleSet.html); the refusal's text is Pinpost's.
  if (new Set(names).size !== names.length || names.length !== rules.length)
    throw invalidParameterValue(
      `RuleNames must name every rule of the set exactly once: the set holds \`${rules.map((r) => r.Name).join(', ')}\`, the request named \`${names.join(', ')}\`.`,
    );
  return names.map((n) => rules[indexOf(rules, n)]);
}
