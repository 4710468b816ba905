/**
 * Pinpoint's conditional helpers (userguide/message-template-helpers.html, "Conditional helpers"):
 * and, eq, gt, gte, lt, lte, neq, not, or. Each works as a block (`{{#eq a b}}…{{else}}…{{/eq}}`)
 * and inline (`{{eq a b yes='y' no='n'}}`, rendering `true`/`false` when yes/no are not given), and
 * as a sub-expression (`{{#and (eq a "x") (eq b "y")}}`), where it is a boolean.
 */
import { callOf, text, truthy, type Helper } from './args.js';

function answer(this: unknown, result: boolean, args: unknown[]): unknown {
  const call = callOf(args);
  if (call.block) return result ? call.options.fn(this) : call.options.inverse(this);
  return result ? (call.hash.yes ?? true) : (call.hash.no ?? false);
}

const asNumber = (v: unknown): number | undefined => {
  const s = text(v).trim();
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? n : undefined;
};

/**
 * Orders two values. The guide compares attribute values (strings) with numbers written as strings
 * (`{{#gt User.UserAttributes.UserAge.[0] "17"}}`), so two values that both read as numbers compare
 * as numbers; anything else compares as text.
 */
export function compare(a: unknown, b: unknown): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = text(a);
  const t = text(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Equal as the same value, or as the same text (an attribute list of one value equals that value). */
const equal = (a: unknown, b: unknown): boolean => a === b || text(a) === text(b);

const comparing = (test: (a: unknown, b: unknown) => boolean): Helper =>
  function (this: unknown, ...args: unknown[]) {
    const { params } = callOf(args);
    return answer.call(this, test(params[0], params[1]), args);
  };

export const conditionalHelpers: Record<string, Helper> = {
  eq: comparing(equal),
  neq: comparing((a, b) => !equal(a, b)),
  gt: comparing((a, b) => compare(a, b) > 0),
  gte: comparing((a, b) => compare(a, b) >= 0),
  lt: comparing((a, b) => compare(a, b) < 0),
  lte: comparing((a, b) => compare(a, b) <= 0),
  and(this: unknown, ...args: unknown[]) {
    const { params } = callOf(args);
    return answer.call(this, params.length > 0 && params.every(truthy), args);
  },
  or(this: unknown, ...args: unknown[]) {
    return answer.call(this, callOf(args).params.some(truthy), args);
  },
  not(this: unknown, ...args: unknown[]) {
    return answer.call(this, !truthy(callOf(args).params[0]), args);
  },
};
