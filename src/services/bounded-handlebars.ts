/**
 * A Handlebars environment that counts its templates' work against the render running
 * (render-limits.ts), hooked in where every compiled template runs:
 *
 * - its program functions — `main` and each block body, so every iteration of `each` and every branch
 *   taken — wrapped when the environment turns a compiled spec into a template (`env.template`, which
 *   Handlebars keeps overridable: runtime.js "allow for external users to override these");
 * - the runtime container's property lookups, HTML escaping and empty block bodies;
 * - every helper, built-in or registered: its call, the text it reads and returns;
 * - the data: its lists print through CountedList, which counts each printing;
 * - compiling: a part with more than MAX_TEMPLATE_EXPRESSIONS expressions is not compiled.
 *
 * Its `log` helper writes nothing: a template's data never reaches the server's console.
 */
import type HandlebarsModule from 'handlebars';
import { handlebars } from './handlebars.js';
import { activeBudget, DEFAULT_LIMITS, RenderLimitError, withinLimits } from './render-limits.js';

/**
 * Expressions (mustaches, blocks, partials, decorators, subexpressions) one template part may hold.
 * Handlebars compiles a part to JavaScript on its first render, and that costs far more per
 * expression than rendering does: a 500 KB part of 100,000 `{{a}}` takes seconds. Pinpost's own
 * bound (AWS documents none), far above what real templates hold.
 */
export const MAX_TEMPLATE_EXPRESSIONS = 5_000;

type Env = typeof HandlebarsModule;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Container = Record<string, unknown>;

const WRAPPED = Symbol('bounded');
const instrumented = new WeakSet<object>();

const textLength = (v: unknown): number =>
  typeof v === 'string' ? v.length : v instanceof handlebars().SafeString ? v.toString().length : 0;

/** A helper that counts its call, what it reads and what it returns (block helpers: their bodies count). */
function boundedHelper(helper: Fn): Fn {
  if ((helper as { [WRAPPED]?: true })[WRAPPED]) return helper;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const budget = activeBudget();
    if (!budget) return helper.apply(this, args);
    budget.spend(1);
    const options = args[args.length - 1] as { fn?: unknown } | undefined;
    const block = typeof options?.fn === 'function';
    if (!block) for (let i = 0; i < args.length - 1; i++) budget.read(textLength(args[i]));
    const out = helper.apply(this, args);
    if (!block) budget.read(textLength(out));
    return out;
  };
  return Object.assign(wrapped, { [WRAPPED]: true as const });
}

/** The runtime container a template's programs share: its lookups, escaping and empty bodies count. */
function instrumentContainer(container: Container): void {
  if (instrumented.has(container)) return;
  instrumented.add(container);
  const lookupProperty = container['lookupProperty'] as (parent: unknown, name: unknown) => unknown;
  container['lookupProperty'] = (parent: unknown, name: unknown) => {
    activeBudget()?.spend(1);
    return lookupProperty(parent, name);
  };
  const escape = container['escapeExpression'] as (value: unknown) => unknown;
  container['escapeExpression'] = (value: unknown) => {
    activeBudget()?.read(textLength(value));
    return escape(value);
  };
  const noop = container['noop'] as () => unknown;
  container['noop'] = () => {
    activeBudget()?.spend(1);
    return noop();
  };
}

/** The arguments Handlebars calls a program function with (runtime.js, wrapProgram). */
type Program = (
  this: unknown,
  container: Container,
  context: unknown,
  helpers: unknown,
  partials: unknown,
  data: unknown,
  blockParams: unknown,
  depths: unknown,
) => unknown;

/** A program function of a compiled spec (`main`, or a block body): counted, its output measured. */
function boundedProgram(program: Program, main: boolean): Program {
  const run: Program = function (container, context, helpers, partials, data, blockParams, depths) {
    const budget = activeBudget()!;
    instrumentContainer(container);
    budget.enter();
    let out: unknown;
    try {
      out = program.call(this, container, context, helpers, partials, data, blockParams, depths);
    } catch (err) {
      budget.abandon();
      throw err;
    }
    budget.leave(out);
    return out;
  };
  return function (container, context, helpers, partials, data, blockParams, depths) {
    if (activeBudget())
      return run.call(this, container, context, helpers, partials, data, blockParams, depths);
    // Only a template's entry can be first; it renders alone, within the default limits.
    if (!main) throw new RenderLimitError('Rendering stopped: a template part ran outside its render.');
    return withinLimits(DEFAULT_LIMITS, () =>
      run.call(this, container, context, helpers, partials, data, blockParams, depths),
    );
  };
}

function boundedSpec(spec: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (typeof value === 'function' && (key === 'main' || /^\d+$/.test(key))) {
      spec[key] = boundedProgram(value as Program, key === 'main');
    }
  }
  return spec;
}

const EXPRESSIONS = new Set([
  'MustacheStatement',
  'BlockStatement',
  'PartialStatement',
  'PartialBlockStatement',
  'DecoratorBlock',
  'Decorator',
  'SubExpression',
]);

/** Counts a parsed template's expressions, walking the tree without recursion. */
function expressionCount(program: unknown): number {
  let count = 0;
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
    } else if (node && typeof node === 'object') {
      const { type, loc: _loc, ...children } = node as { type?: unknown; loc?: unknown };
      if (typeof type === 'string' && EXPRESSIONS.has(type)) count++;
      for (const child of Object.values(children)) if (child && typeof child === 'object') stack.push(child);
    }
  }
  return count;
}

type Compile = (input: unknown, options?: unknown) => (context: unknown, options?: unknown) => string;

/**
 * A list of the rendering data. Printing a list (`{{list}}`, `{{{list}}}`, a helper's `String(list)`)
 * joins all its items, as Handlebars does, however often the template prints it; a list counts what
 * each printing reads, computed once.
 */
class CountedList extends Array<unknown> {
  #printed: string | undefined;

  override toString(): string {
    this.#printed ??= Array.prototype.join.call(this, ',');
    activeBudget()?.read(this.#printed.length);
    return this.#printed;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

const counted = new WeakMap<object, unknown>();

/**
 * The rendering data with its lists as CountedLists (copied without recursion: JSON nests as deep as
 * its text allows). Objects keep their own properties, `__proto__` included as data.
 */
function countedData(root: unknown): unknown {
  if (!Array.isArray(root) && !isPlainObject(root)) return root;
  const done = counted.get(root);
  if (done) return done;
  const copies = new Map<object, unknown>();
  const pending: [object, Record<string, unknown> | CountedList][] = [];
  const copyOf = (v: unknown): unknown => {
    if (!Array.isArray(v) && !isPlainObject(v)) return v;
    let copy = copies.get(v) as Record<string, unknown> | CountedList | undefined;
    if (!copy) {
      copy = Array.isArray(v) ? new CountedList() : {};
      copies.set(v, copy);
      pending.push([v, copy]);
    }
    return copy;
  };
  const top = copyOf(root);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [from, to] = next;
    if (Array.isArray(from)) {
      const list = to as CountedList;
      for (let i = 0; i < from.length; i++) list[i] = copyOf(from[i]);
    } else {
      for (const key of Object.keys(from)) {
        const value = copyOf((from as Record<string, unknown>)[key]);
        Object.defineProperty(to, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  counted.set(root, top);
  return top;
}

/**
 * Handlebars' compile, still compiling on the first render, which first refuses a part with more
 * than MAX_TEMPLATE_EXPRESSIONS expressions (a RenderLimitError, as a render past its limits).
 */
function boundedCompile(hb: Env, compile: Compile): Compile {
  return (input, options) => {
    let template: ((context: unknown, options?: unknown) => string) | undefined;
    let refused: RenderLimitError | undefined;
    return (context, execOptions) => {
      if (refused) throw refused;
      if (!template) {
        const program = typeof input === 'string' ? hb.parse(input) : input;
        if (expressionCount(program) > MAX_TEMPLATE_EXPRESSIONS) {
          refused = new RenderLimitError(
            `Rendering stopped: a template part holds more than ${MAX_TEMPLATE_EXPRESSIONS} expressions.`,
          );
          throw refused;
        }
        template = compile(program, options);
      }
      return template(countedData(context), execOptions);
    };
  };
}

/**
 * A Handlebars environment whose templates render within the limits of the enclosing `withinLimits`
 * (or the default limits).
 */
export function boundedHandlebars(): Env {
  const hb = handlebars().create();
  (hb as { compile: unknown }).compile = boundedCompile(hb, hb.compile.bind(hb) as Compile);
  const template = hb.template.bind(hb) as (spec: unknown) => unknown;
  (hb as { template: unknown }).template = (spec: Record<string, unknown>) => template(boundedSpec(spec));
  const helpers = hb.helpers as Record<string, Fn>;
  helpers['log'] = () => '';
  for (const name of Object.keys(helpers)) helpers[name] = boundedHelper(helpers[name]);
  const register = hb.registerHelper.bind(hb) as (name: unknown, fn?: unknown) => void;
  (hb as { registerHelper: unknown }).registerHelper = (name: string | Record<string, Fn>, fn?: Fn) => {
    if (typeof name === 'string') return register(name, boundedHelper(fn!));
    const all: Record<string, Fn> = {};
    for (const [n, h] of Object.entries(name)) all[n] = boundedHelper(h);
    return register(all);
  };
  return hb;
}
