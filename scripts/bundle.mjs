// Bundles the `pinpost` command into a few files (dist/cli/main.js and its lazily loaded chunks).
// Node resolves and reads each ESM module separately; ~300 small modules cost more at start than
// the code in them, so the executable is bundled while the per-module build (tsc) stays beside it
// for library imports. Dependencies stay external: they load from node_modules as usual.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
