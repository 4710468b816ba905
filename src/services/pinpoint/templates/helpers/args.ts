/**
 * How a helper sees its call: Handlebars passes the positional parameters, then an options object
 * (`hash` for `name=value` arguments, `fn`/`inverse` for a block). These read them without `any`.
 */
import type { HelperOptions } from 'handlebars';

export type Helper = (...args: unknown[]) => unknown;

export interface Call {
  params: unknown[];
  hash: Record<string, unknown>;
  options: HelperOptions;
  /** `{{#name …}}…{{/name}}` rather than `{{name …}}`. */
  block: boolean;
}

export function callOf(args: unknown[]): Call {
  const options = args[args.length - 1] as HelperOptions;
  return {
    params: args.slice(0, -1),
    hash: (options.hash ?? {}) as Record<string, unknown>,
    options,
    block: typeof options.fn === 'function',
  };
}

/** A value as text: missing values are empty (message-templates-personalizing.html). */
export const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** A whole number argument (a length, an offset); negative numbers are not supported. */
export function count(helper: string, v: unknown): number {
  const n = Number(text(v));
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${helper}: expected a whole number that isn't negative, got '${text(v)}'`);
  }
  return n;
}

/** Handlebars' notion of true: not false, empty, zero, null, undefined or an empty list. */
export const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : Boolean(v));
