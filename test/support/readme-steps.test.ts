/** The README harness's own rules: how shell blocks split into steps and how shown output matches. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { matchesShown, readmeSteps } from './readme-steps.js';

const md = (body: string) => ['# t', '', '```sh', body, '```', '', '```console', 'not run', '```'].join('\n');

it('splits a block into commands: continuations, heredocs, multi-line quotes and compound commands stay whole', () => {
  const steps = readmeSteps(
    md(
      [
        'a=1',
        'echo one \\',
        '  two',
        '#> one two',
        "cat > f.json <<'JSON'",
        '{"x": 1}',
        'JSON',
        "echo '{",
        "}'",
        'f() {   # a helper',
        '  echo in',
        '}',
        'until true; do sleep 0; done',
        'false',
        '#> [fails]',
        'exit_three() { return 3; }',
        '#> [exit 0]',
      ].join('\n'),
    ),
  );
  assert.deepEqual(
    steps.map((s) => [s.command, s.expected, s.exitCode]),
    [
      ['a=1', [], 0],
      ['echo one \\\n  two', ['one two'], 0],
      ['cat > f.json <<\'JSON\'\n{"x": 1}\nJSON', [], 0],
      ["echo '{\n}'", [], 0],
      ['f() {   # a helper\n  echo in\n}', [], 0],
      ['until true; do sleep 0; done', [], 0],
      ['false', [], 'nonzero'],
      ['exit_three() { return 3; }', [], 0],
    ],
  );
  assert.equal(steps[1].line, 5);
});

it('refuses shown output before any command, and a command left open at the end of its block', () => {
  assert.throws(() => readmeSteps(md('#> nothing ran')), /output shown before any command/);
  assert.throws(() => readmeSteps(md("echo 'open")), /does not end inside its block/);
});

it('matches shown output exactly, with … inside a line for any text and a lone … for any lines', () => {
  assert.ok(matchesShown(['a', 'b'], ['a', 'b']));
  assert.ok(!matchesShown(['a'], ['a', 'b']), 'extra lines are a difference');
  assert.ok(!matchesShown(['a', 'b'], ['a']));
  assert.ok(matchesShown(['{"Id":"…","Subject":"Hello"…}'], ['{"Id":"x-1","Subject":"Hello","Body":{}}']));
  assert.ok(!matchesShown(['{"Id":"…","Subject":"Hello"…}'], ['{"Id":"x-1","Subject":"Bye","Body":{}}']));
  assert.ok(!matchesShown(['ab…ba'], ['aba']), 'the two ends may not overlap');
  assert.ok(matchesShown(['first', '…', 'last'], ['first', 'x', 'y', 'last']));
  assert.ok(matchesShown(['first', '…', 'last'], ['first', 'last']));
  assert.ok(!matchesShown(['first', '…', 'last'], ['first', 'x']));
});
