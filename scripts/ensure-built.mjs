// Runs before `npm start`: installs if needed, then builds when a source file is newer than dist/.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

await import('./ensure-installed.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const entry = 'dist/cli/main.js';
if (!existsSync(entry) || newest('src') > statSync(entry).mtimeMs) {
  console.error('pinpost: building…');
  execSync('npm run build --silent', { stdio: 'inherit' });
}
