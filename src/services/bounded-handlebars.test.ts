import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handlebars } from './handlebars.js';
import { boundedHandlebars, MAX_TEMPLATE_EXPRESSIONS } from './bounded-handlebars.js';
import {
  claimOutput,
  MAX_RENDER_WORK,
  RenderLimitError,
  renderLimits,
  withinLimits,
} from './render-limits.js';

const MB10 = 10_485_760;
const nestedEach = (n: number, body: string) => '{{#each @root.a}}'.repeat(n) + body + '{{/each}}'.repeat(n);
const a = Array.from({ length: 10 }, (_, i) => i);

function stops(render: () => unknown, what: RegExp): void {
  assert.throws(render, (err: Error) => {
    assert.ok(err instanceof RenderLimitError, String(err));
    assert.match(err.message, what);
    return true;
  });
}

describe('bounded rendering', () => {
  it('renders ordinary templates exactly as Handlebars does', () => {
    const hb = boundedHandlebars();
    const cases: [string, object, object?][] = [
      [
        '<ul>{{#each items}}<li>{{name}}{{#if vip}} (VIP){{else}}.{{/if}}</li>{{/each}}</ul>',
        {
          items: [{ name: '<b>&', vip: true }, { name: 'c' }],
        },
      ],
      [
        '{{#with user}}{{first}} {{last}}{{/with}} {{lookup map "k"}} {{{raw}}}',
        {
          user: { first: 'A', last: 'B' },
          map: { k: 'v' },
          raw: '<i>',
        },
      ],
      ['{{#each a}}{{@index}}:{{this}}{{#unless @last}},{{/unless}}{{/each}}', { a }],
      ['{{#*inline "p"}}[{{x}}]{{/inline}}{{> p x=1}}{{> p x=2}}', {}],
      ['Subject {{name}}', { name: 'Zoë' }, { noEscape: true }],
    ];
    for (const [source, data, options] of cases) {
      const expected = handlebars().compile(source, options)(data);
      assert.equal(
        withinLimits(renderLimits(MB10), () => hb.compile(source, options)(data)),
        expected,
      );
      assert.equal(hb.compile(source, options)(data), expected, 'outside withinLimits too');
    }
  });

  it('stops the reported 176-byte template of seven nested each over @root.a (n^7 iterations)', () => {
    const t = boundedHandlebars().compile(nestedEach(7, 'x'));
    stops(() => withinLimits(renderLimits(MB10), () => t({ a })), /more than 250000 steps/);
    // Empty bodies iterate too.
    const empty = boundedHandlebars().compile(nestedEach(7, ''));
    stops(() => withinLimits(renderLimits(MB10), () => empty({ a })), /steps/);
  });

  it('counts every block iteration, so the limit falls where the work does', () => {
    const hb = boundedHandlebars();
    const render = (n: number) =>
      withinLimits(renderLimits(MB10), () => hb.compile(nestedEach(n, 'x'))({ a }));
    assert.equal(render(5).length, 100_000);
    stops(() => render(6), /steps/);
  });

  it('bounds the output to the maximum message size, however deeply blocks nest', () => {
    const hb = boundedHandlebars();
    const t = hb.compile(nestedEach(2, '{{@root.s}}'), { noEscape: true });
    const s = 'y'.repeat(1000);
    assert.equal(withinLimits(renderLimits(100_000), () => t({ a, s })).length, 100_000);
    stops(() => withinLimits(renderLimits(99_999), () => t({ a, s })), /longer than 99999 characters/);
  });

  it('counts what escaping reads and what helpers read and return', () => {
    const hb = boundedHandlebars();
    const big = 'x'.repeat(256 * 1024);
    stops(() => withinLimits(renderLimits(1e12), () => hb.compile('{{big}}'.repeat(100))({ big })), /steps/);
    hb.registerHelper('same', (v: unknown) => v);
    const t = hb.compile('{{same big}}'.repeat(40), { noEscape: true });
    stops(() => withinLimits(renderLimits(1e12), () => t({ big })), /steps/);
    assert.ok(MAX_RENDER_WORK < (40 * 2 * big.length) / 64);
  });

  it('counts printing a list wherever it is printed: escaped, unescaped, by a helper, inside a list', () => {
    const hb = boundedHandlebars();
    hb.registerHelper('count', (v: unknown) => (Array.isArray(v) ? v.length : 0));
    const list = ['x'.repeat(64 * 1024), 'y'];
    for (const [source, options] of [
      ['{{list}}', {}],
      ['{{{list}}}', {}],
      ['{{list}}', { noEscape: true }],
      ['{{#each @root.nested}}{{{this}}}{{/each}}', {}],
    ] as const) {
      const t = hb.compile(source.repeat(1000), options);
      stops(() => withinLimits(renderLimits(1e12), () => t({ list, nested: [list] })), /steps/);
    }
    const data = { list, nested: [list, ['a', 'b']] };
    const ok = hb.compile(
      '{{count list}} {{#each nested}}[{{this}}]{{/each}} {{@root.list.length}} {{nested.[1]}}',
    );
    const expected = handlebars().compile(
      '{{#each nested}}[{{this}}]{{/each}} {{@root.list.length}} {{nested.[1]}}',
    )(data);
    assert.equal(
      withinLimits(renderLimits(MB10), () => ok(data)),
      `2 ${expected}`,
    );
    assert.deepEqual(data.list, list, 'the caller’s data is not changed');
  });

  it('lets a helper refuse an output that cannot fit before making it', () => {
    const hb = boundedHandlebars();
    let made = false;
    hb.registerHelper('pad', (width: number) => {
      claimOutput(width);
      made = true;
      return ' '.repeat(width);
    });
    stops(
      () => withinLimits(renderLimits(1000), () => hb.compile('{{pad 500000000}}')({})),
      /longer than 1000/,
    );
    assert.equal(made, false);
    assert.equal(
      withinLimits(renderLimits(1000), () => hb.compile('{{pad 10}}')({})),
      ' '.repeat(10),
    );
  });

  it('shares one budget between the parts of a message, and gives each message its own', () => {
    const hb = boundedHandlebars();
    const part = hb.compile('{{s}}', { noEscape: true });
    const s = 'z'.repeat(600);
    stops(() => withinLimits(renderLimits(1000), () => [part({ s }), part({ s })]), /longer than 1000/);
    for (let i = 0; i < 3; i++) withinLimits(renderLimits(1000), () => part({ s }));
  });

  it('does not compile a part with more expressions than MAX_TEMPLATE_EXPRESSIONS', () => {
    const hb = boundedHandlebars();
    const at = hb.compile('{{a}}'.repeat(MAX_TEMPLATE_EXPRESSIONS));
    assert.equal(withinLimits(renderLimits(MB10), () => at({ a: 'x' })).length, MAX_TEMPLATE_EXPRESSIONS);
    const over = hb.compile('{{#if a}}{{b}}{{/if}}'.repeat(MAX_TEMPLATE_EXPRESSIONS / 2) + '{{c}}');
    for (let i = 0; i < 2; i++) {
      stops(() => withinLimits(renderLimits(MB10), () => over({ a: 1 })), /more than 5000 expressions/);
    }
    const ast = handlebars().parse('{{x (lookup y "z")}}'.repeat(MAX_TEMPLATE_EXPRESSIONS / 2 + 1));
    stops(() => hb.compile(ast)({}), /expressions/);
  });

  it('keeps the log helper from writing a template’s data to the console', () => {
    const hb = boundedHandlebars();
    const original = console.log;
    const logged: unknown[] = [];
    console.log = (...args: unknown[]) => void logged.push(args);
    try {
      assert.equal(hb.compile('a{{log secret level="error"}}b')({ secret: 's3cr3t' }), 'ab');
    } finally {
      console.log = original;
    }
    assert.deepEqual(logged, []);
  });
});
