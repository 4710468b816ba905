/** Shared bench helpers: run a function for a time budget and report operations per second. */
import { performance } from 'node:perf_hooks';

export interface Rate {
  ops: number;
  seconds: number;
  perSecond: number;
}

/** Calls `fn` in batches until `budgetMs` has passed (after a short warm-up); returns the rate. */
export function measureSync(fn: (i: number) => void, budgetMs = 1000, batch = 1000): Rate {
  for (let i = 0; i < batch; i++) fn(i);
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    for (let i = 0; i < batch; i++) fn(ops + i);
    ops += batch;
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { ops, seconds, perSecond: ops / seconds };
}

/** The async twin of measureSync, one call at a time. */
export async function measureAsync(
  fn: (i: number) => Promise<void>,
  budgetMs = 1000,
  warmup = 20,
): Promise<Rate> {
  for (let i = 0; i < warmup; i++) await fn(i);
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    await fn(ops++);
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { ops, seconds, perSecond: ops / seconds };
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Prints rows as a fixed-width table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}
