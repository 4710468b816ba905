// Runs before `npm start`: installs if needed, then builds when a source file is newer than dist/.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

await import('./ensure-installed.mjs');

function newest(dir) {
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// The server (src/ → dist/cli) and the web console (console/ → dist/console) are both built by
// `npm run build`; either one missing or older than its sources rebuilds.
const stale = (entry, sources) =>
  !existsSync(entry) || Math.max(...sources.map(newest)) > statSync(entry).mtimeMs;
if (
  stale('dist/cli/main.js', ['src']) ||
  stale('dist/console/index.html', ['console/src', 'console/index.html'])
) {
  console.error('pinpost: building…');
  execSync('npm run build --silent', { stdio: 'inherit' });
}
