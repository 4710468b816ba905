// Deletes the `http` and `output` bindings restJson1 operations declare by hand, now that the wire
// layer reads them from the models (issue 14; src/wire/model/http-binding.ts). The registered
// services (a runtime on `:memory:`) say what each operation declares; a property `http: …` or
// `output: …` of an object that also has `name: 'Operation'` is deleted when every registered
// restJson1 operation of that name has a model and declares exactly its model's binding
// (test/declared-bindings.test.ts checks they all do). Anything else is kept and listed: an object
// without a literal `name` (the SDK's second routes for two SES v2 list operations), an operation of
// a service without a model (Access Analyzer), a declaration that differs from the model, and the
// model routes of those two SES v2 operations (their name is registered twice, under two routes).
//
//   npx tsx scripts/drop-declared-bindings.mjs [--dry-run] [--root DIR]
//
// DIR defaults to src/services. Changed files are then formatted with prettier.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import { createRuntime } from '../src/services/runtime.ts';
import { httpBindingFromModel, outputBindingFromModel } from '../src/wire/model/http-binding.ts';
import { loadModelSync } from '../src/wire/model/load.ts';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : 'src/services';

/** `http`/`output` → the operation names whose every registered declaration of it is the model's. */
async function droppable() {
  const runtime = await createRuntime({ data: ':memory:', region: 'us-east-1' });
  const verdict = { http: new Map(), output: new Map() };
  const note = (kind, name, ok) => verdict[kind].set(name, (verdict[kind].get(name) ?? true) && ok);
  try {
    for (const service of runtime.services) {
      const view = service.model ? loadModelSync(service.model) : undefined;
      // awsQuery operations declare no bindings (SES v1 shares names with SES v2).
      if (service.protocol !== 'restJson') continue;
      for (const op of service.operations) {
        const known = view?.operation(op.name) !== undefined;
        note(
          'http',
          op.name,
          known && (!op.http || isDeepStrictEqual(op.http, httpBindingFromModel(view, op.name))),
        );
        note(
          'output',
          op.name,
          known && (!op.output || isDeepStrictEqual(op.output, outputBindingFromModel(view, op.name))),
        );
      }
    }
  } finally {
    await runtime.close();
  }
  return {
    http: new Set([...verdict.http].filter(([, ok]) => ok).map(([n]) => n)),
    output: new Set([...verdict.output].filter(([, ok]) => ok).map(([n]) => n)),
  };
}

const safe = await droppable();

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const propName = (p) =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;

const kept = [];
let dropped = 0;
const changed = [];
for (const file of files(root)) {
  const text = readFileSync(file, 'utf8');
  if (!/\b(http|output):\s*\{/.test(text)) continue;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const cuts = [];
  const visit = (node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = node.properties.filter(ts.isPropertyAssignment);
      const nameProp = props.find((p) => propName(p) === 'name');
      const operation =
        nameProp && ts.isStringLiteral(nameProp.initializer) ? nameProp.initializer.text : undefined;
      for (const p of props) {
        const kind = propName(p);
        if (kind !== 'http' && kind !== 'output') continue;
        const where = `${file}:${source.getLineAndCharacterOfPosition(p.getStart()).line + 1}`;
        if (operation === undefined || !safe[kind].has(operation)) {
          kept.push(`${where} ${operation ?? '(no name)'} ${kind}`);
          continue;
        }
        // From the end of the previous token (the property's leading line break and comments) to
        // the property's own trailing comma.
        let end = p.getEnd();
        if (text[end] === ',') end++;
        cuts.push([p.getFullStart(), end]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!cuts.length) continue;
  dropped += cuts.length;
  changed.push(file);
  if (dryRun) continue;
  let out = text;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + out.slice(end);
  writeFileSync(file, out);
}

console.log(`${dryRun ? 'would drop' : 'dropped'} ${dropped} declarations in ${changed.length} files`);
if (kept.length) console.log(`kept (no literal name, no model, or not the model's):\n  ${kept.join('\n  ')}`);
if (!dryRun && changed.length) {
  const r = spawnSync('npx', ['prettier', '--write', ...changed], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
