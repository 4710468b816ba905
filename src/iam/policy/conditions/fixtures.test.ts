/**
 * Shared helpers for the condition tests: a request-context builder and a table runner that
 * names each case with the AWS page it comes from. The file also checks the builder itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConditionBlock, ContextValue, RequestContextKeys } from '../types.js';
import { compileCondition } from './index.js';

export const V2012 = '2012-10-17';
export const OPS = 'reference_policies_elements_condition_operators.html';
export const MV = 'reference_policies_condition-single-vs-multi-valued-context-keys.html';
export const MULTI = 'reference_policies_multi-value-conditions.html';
export const LOGIC = 'reference_policies_condition-logic-multiple-context-keys-or-values.html';
export const VARS = 'reference_policies_variables.html';
export const EVAL = 'reference_policies_evaluation-logic.html';

/** A string is a single-valued key, an array a multivalued one; ContextValue is taken as is. */
export type Ctx = Record<string, string | string[] | ContextValue>;

export function ctx(entries: Ctx): RequestContextKeys {
  const keys: RequestContextKeys = new Map();
  for (const [name, v] of Object.entries(entries)) {
    const value: ContextValue =
      typeof v === 'string' ? { values: [v], list: false } : Array.isArray(v) ? { values: v, list: true } : v;
    keys.set(name.toLowerCase(), value);
  }
  return keys;
}

export interface Case {
  name: string;
  page: string;
  block: ConditionBlock;
  ctx: Ctx;
  want: boolean;
  version?: string;
}

export function matched(block: ConditionBlock, entries: Ctx, ...version: [string | undefined] | []): boolean {
  // An explicit `undefined` means a document without Version; no argument means 2012-10-17.
  return compileCondition(block, version.length === 0 ? V2012 : version[0]).evaluate(ctx(entries)).matched;
}

export function runTable(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.name} [${c.page}]`, () => {
        assert.equal('version' in c ? matched(c.block, c.ctx, c.version) : matched(c.block, c.ctx), c.want);
      });
    }
  });
}

describe('test fixtures', () => {
  it('ctx lower-cases key names and marks arrays as multivalued', () => {
    const keys = ctx({ 'aws:TagKeys': ['a', 'b'], 'aws:SourceIp': '10.0.0.1' });
    assert.deepEqual(keys.get('aws:tagkeys'), { values: ['a', 'b'], list: true });
    assert.deepEqual(keys.get('aws:sourceip'), { values: ['10.0.0.1'], list: false });
    assert.equal(keys.has('aws:TagKeys'), false);
  });
});
