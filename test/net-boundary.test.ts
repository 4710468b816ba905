/**
 * The one guarded path (DESIGN.md, "One egress path"): nothing a Pinpoint request triggers reads a
 * file or opens a socket except through src/net/. This reads Pinpoint's sources and fails on any
 * file-system, socket or HTTP module, or a global fetch, used outside src/net/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

const FORBIDDEN: [RegExp, string][] = [
  [
    /from\s+'(node:)?(fs|fs\/promises|http|https|http2|net|tls|dns|dns\/promises|dgram|child_process)'/,
    'a file, socket or process module',
  ],
  [/import\(\s*'(node:)?(fs|http|https|net|dns)/, 'a dynamic import of a file or socket module'],
  [/\bfetch\s*\(/, 'the global fetch'],
  [/from\s+'undici'/, 'an HTTP client'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.ts$/.test(e.name) && !/\.test(-fixture)?\.ts$/.test(e.name) ? [path] : [];
  });
}

test('Pinpoint reads files and opens sockets only through src/net/', () => {
  const found: string[] = [];
  for (const file of sources(join(SRC, 'services', 'pinpoint'))) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of FORBIDDEN)
      if (pattern.test(text)) found.push(`${relative(SRC, file)}: ${what}`);
  }
  assert.deepEqual(found, []);
});

test('the scan sees what it looks for (src/net/ itself uses them)', () => {
  const net = sources(join(SRC, 'net')).map((f) => readFileSync(f, 'utf8'));
  assert.ok(net.some((t) => FORBIDDEN[0][0].test(t)));
});
