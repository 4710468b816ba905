/**
 * Bounded template rendering, for SES and Pinpoint alike. A template is the sender's code run on the
 * server: seven nested `{{#each @root.a}}` in 176 bytes do n^7 iterations, `{{rjust "x" 500000000}}`
 * asks for 500 million characters. Every render therefore runs within limits, counted as it goes
 * rather than timed, so the same template fails the same way on any machine:
 *
 * - output: the characters the rendered parts of one message hold together, at most the service's
 *   maximum message size (the caller passes it: SES dg/quotas.html, 10 MB for v1 and 40 MB for v2;
 *   Pinpoint developerguide/quotas.html, "Maximum message size, including attachments: 10 MB");
 * - work: one unit per block body run (each iteration of `each`, each branch taken), per helper call
 *   and per property lookup, plus one per WORK_CHARS characters a helper reads or returns or HTML
 *   escaping reads. AWS documents no such limit; MAX_RENDER_WORK is Pinpost's own.
 *
 * A template part with more than MAX_TEMPLATE_EXPRESSIONS expressions is not compiled; the data's
 * lists count what printing them reads (CountedList), wherever a template prints them. A render past
 * any limit throws RenderLimitError, which each caller reports as its rendering failure. The counting hooks into Handlebars where every compiled template runs: its program
 * functions (`main` and each block body, wrapped when the environment turns a compiled spec into a
 * template — `env.template`, which Handlebars keeps overridable), the runtime container's property
 * lookups, HTML escaping and empty block bodies, and every helper, built-in or registered.
 */
import type HandlebarsModule from 'handlebars';
import { handlebars } from './handlebars.js';

export interface RenderLimits {
  /** Characters the rendered parts of one message may hold together: the maximum message size. */
  maxOutput: number;
  /** Units of work (see above). */
  maxWork: number;
}

/**
 * Pinpost's own bound on rendering work (AWS documents none): a 5,000-row table of ten variables
 * takes about 150,000 units; the worst template stops after about a tenth of a second.
 */
export const MAX_RENDER_WORK = 250_000;
/** Characters read or written that count as one unit of work. */
export const WORK_CHARS = 64;
/**
 * Expressions (mustaches, blocks, partials, decorators, subexpressions) one template part may hold.
 * Handlebars compiles a part to JavaScript on its first render, and that costs far more per
 * expression than rendering does: a 500 KB part of 100,000 `{{a}}` takes seconds. Pinpost's own
 * bound (AWS documents none), far above what real templates hold.
 */
export const MAX_TEMPLATE_EXPRESSIONS = 5_000;

export const renderLimits = (maxOutput: number): RenderLimits => ({ maxOutput, maxWork: MAX_RENDER_WORK });

/** A render that went past its limits. The text is Pinpost's own (AWS documents none). */
export class RenderLimitError extends Error {}

class Budget {
  private work = 0;
  private output = 0;
  /** Per block body running: the characters its nested bodies returned (counted already). */
  private readonly nested: number[] = [];
  private exceeded: RenderLimitError | undefined;

  constructor(readonly limits: RenderLimits) {}

  spend(units: number): void {
    if (this.exceeded) throw this.exceeded;
    this.work += units;
    if (this.work > this.limits.maxWork) {
      this.fail(
        `Rendering stopped: the template takes more than ${this.limits.maxWork} steps (block iterations, helper calls and lookups).`,
      );
    }
  }

  read(chars: number): void {
    if (chars > 0) this.spend(Math.ceil(chars / WORK_CHARS));
  }

  /** Throws if `chars` more characters would not fit in the output. */
  room(chars: number): void {
    if (this.exceeded) throw this.exceeded;
    if (this.output + chars > this.limits.maxOutput) {
      this.fail(
        `Rendering stopped: the rendered message would be longer than ${this.limits.maxOutput} characters, the maximum message size.`,
      );
    }
  }

  enter(): void {
    this.spend(1);
    this.nested.push(0);
  }

  /**
   * A block body returned `out`. Only what it added itself counts as output (its nested bodies'
   * text was counted when they returned), so the total is the size of what is produced, however
   * deeply blocks nest.
   */
  leave(out: unknown): void {
    const nested = this.nested.pop() ?? 0;
    const length = typeof out === 'string' ? out.length : 0;
    if (length > nested) {
      this.room(length - nested);
      this.output += length - nested;
    }
    if (this.nested.length > 0) this.nested[this.nested.length - 1] += length;
  }

  abandon(): void {
    this.nested.pop();
  }

  private fail(message: string): never {
    this.exceeded = new RenderLimitError(message);
    throw this.exceeded;
  }
}

/** The budget of the render running now: rendering is synchronous, so one at a time. */
let active: Budget | undefined;

/** Runs `render` (which renders one message's parts) within `limits`. */
export function withinLimits<T>(limits: RenderLimits, render: () => T): T {
  const outer = active;
  active = new Budget(limits);
  try {
    return render();
  } finally {
    active = outer;
  }
}

/**
 * For helpers about to produce `chars` characters (padding, replacing, joining): refuses before the
 * text is made when it cannot fit in what the message may still hold.
 */
export function claimOutput(chars: number): void {
  active?.room(chars);
}

/** What a render runs under when its caller set no limits: the smallest message size of both services. */
const DEFAULT_LIMITS = renderLimits(10_485_760);

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
    const budget = active;
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
    active?.spend(1);
    return lookupProperty(parent, name);
  };
  const escape = container['escapeExpression'] as (value: unknown) => unknown;
  container['escapeExpression'] = (value: unknown) => {
    active?.read(textLength(value));
    return escape(value);
  };
  const noop = container['noop'] as () => unknown;
  container['noop'] = () => {
    active?.spend(1);
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
    const budget = active!;
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
    if (active) return run.call(this, container, context, helpers, partials, data, blockParams, depths);
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
    active?.read(this.#printed.length);
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
 * A Handlebars environment whose templates render within the limits of the enclosing
 * `withinLimits` (or the default limits). Its `log` helper writes nothing: a template's data never
 * reaches the server's console.
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
