/**
 * Pinpoint's math and encoding helpers (userguide/message-template-helpers.html, "Math and encoding
 * helpers"): add, ceiling, decode64, divide, encode64, floor, md5, modulo, multiply, round, sha256,
 * sha512, subtract, uuid.
 */
import { createHash, randomUUID } from 'node:crypto';
import { callOf, text, type Helper } from './args.js';

function numberOf(helper: string, v: unknown): number {
  const s = text(v).trim();
  const n = Number(s);
  if (s === '' || !Number.isFinite(n)) throw new Error(`${helper}: '${text(v)}' is not a number`);
  return n;
}

/**
 * A result as the guide prints it: `{{divide 5 2.3}}` is 2.17391304 (eight decimal places at
 * most), which also hides binary floating-point noise (`{{multiply 5 2.3}}` is 11.5, not
 * 11.499999999999998).
 */
const shown = (n: number): number => Number(n.toFixed(8));

const binary = (name: string, op: (a: number, b: number) => number): Helper =>
  function (...args: unknown[]) {
    const { params } = callOf(args);
    const result = op(numberOf(name, params[0]), numberOf(name, params[1]));
    if (!Number.isFinite(result)) throw new Error(`${name}: the result is not a number`);
    return shown(result);
  };

const unary = (name: string, op: (a: number) => number): Helper =>
  function (...args: unknown[]) {
    return op(numberOf(name, callOf(args).params[0]));
  };

const hash = (algorithm: string): Helper =>
  function (...args: unknown[]) {
    return createHash(algorithm)
      .update(text(callOf(args).params[0]), 'utf8')
      .digest('hex');
  };

export const mathHelpers: Record<string, Helper> = {
  add: binary('add', (a, b) => a + b),
  subtract: binary('subtract', (a, b) => a - b),
  multiply: binary('multiply', (a, b) => a * b),
  divide: binary('divide', (a, b) => a / b),
  modulo: binary('modulo', (a, b) => a % b),
  ceiling: unary('ceiling', Math.ceil),
  floor: unary('floor', Math.floor),
  /** Rounds to the nearest whole number, halves away from zero (`{{round 19.21}}` is 19). */
  round: unary('round', (a) => Math.sign(a) * Math.round(Math.abs(a))),
  encode64: (...args) => Buffer.from(text(callOf(args).params[0]), 'utf8').toString('base64'),
  decode64: (...args) => Buffer.from(text(callOf(args).params[0]), 'base64').toString('utf8'),
  md5: hash('md5'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  uuid: () => randomUUID(),
};
