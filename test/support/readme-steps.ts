/**
 * The README's shell examples as steps a test can run: every ```sh block, split into commands
 * (continuation lines, heredocs and multi-line quotes kept whole), each with the output the README
 * shows for it on the `#> ` lines after it. `#> [exit N]` says the command exits N, `#> [fails]` that
 * it exits with any other status than 0 (the AWS CLI v1 and v2 differ); a `#> …` line stands for any
 * number of lines, and `…` inside a line for any text. Compound commands (a function's `{ … }`, a
 * loop's `do … done`, `if … fi`) spanning lines are one step.
 */

export interface ReadmeStep {
  /** The block's index among the README's ```sh blocks, and the command's line in README.md. */
  block: number;
  line: number;
  command: string;
  /** The lines the README shows; empty when it shows none (then only the exit code is checked). */
  expected: string[];
  /** The exit status it must end with; `'nonzero'` for any failure. */
  exitCode: number | 'nonzero';
}

const EXIT = /^\[exit (\d+)\]$/;

/** How much a line opens (`{`, `do`, `then` at its end) minus closes (`}`, `done`, `fi` at its start). */
function groupDepth(line: string): number {
  const code = line.replace(/\s+#[^'"]*$/, '').trim();
  const opens = /(\{|\bdo|\bthen)$/.test(code) ? 1 : 0;
  const closes = /^(\}|done\b|fi\b)/.test(code) ? 1 : 0;
  return opens - closes;
}

/** The ```sh blocks of a Markdown text, with the line each starts on (1-based). */
export function shellBlocks(markdown: string): { line: number; lines: string[] }[] {
  const out: { line: number; lines: string[] }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trimEnd() !== '```sh') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trimEnd() !== '```') end++;
    out.push({ line: start + 1, lines: lines.slice(start, end) });
    i = end;
  }
  return out;
}

/** Whether a shell text leaves a quote open (single quotes take no escapes; double quotes do). */
function openQuote(text: string): boolean {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') i++;
    else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      // A comment runs to the end of its line.
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    }
  }
  return quote !== undefined;
}

/** The heredoc terminators a line opens (`<<'JSON'`, `<<EOF`, `<<-X`). */
function heredocs(line: string): string[] {
  return [...line.matchAll(/<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/g)].map((m) => m[2]);
}

export function readmeSteps(markdown: string): ReadmeStep[] {
  const steps: ReadmeStep[] = [];
  shellBlocks(markdown).forEach((block, blockIndex) => {
    let current: string[] = [];
    let startLine = 0;
    let pendingHeredocs: string[] = [];
    let depth = 0;
    const finish = () => {
      if (current.length === 0) return;
      steps.push({
        block: blockIndex,
        line: startLine,
        command: current.join('\n'),
        expected: [],
        exitCode: 0,
      });
      current = [];
    };
    block.lines.forEach((line, offset) => {
      const lineNo = block.line + offset;
      if (pendingHeredocs.length > 0) {
        current.push(line);
        if (line === pendingHeredocs[0]) pendingHeredocs.shift();
        if (pendingHeredocs.length === 0 && depth === 0) finish();
        return;
      }
      if (current.length === 0) {
        const trimmed = line.trim();
        if (trimmed.startsWith('#> ') || trimmed === '#>') {
          const last = steps[steps.length - 1];
          if (!last || last.block !== blockIndex)
            throw new Error(`README.md:${lineNo}: output shown before any command`);
          const shown = trimmed.slice(3);
          const exit = EXIT.exec(shown);
          if (exit) last.exitCode = Number(exit[1]);
          else if (shown === '[fails]') last.exitCode = 'nonzero';
          else last.expected.push(shown);
          return;
        }
        if (trimmed === '' || trimmed.startsWith('#')) return;
        startLine = lineNo;
      }
      const startsInQuote = current.length > 0 && openQuote(current.join('\n'));
      current.push(line);
      pendingHeredocs = heredocs(line);
      const text = current.join('\n');
      // Only a line that starts and ends outside quotes opens or closes a group.
      if (!startsInQuote && !openQuote(text)) depth += groupDepth(line);
      if (pendingHeredocs.length === 0 && depth === 0 && !line.endsWith('\\') && !openQuote(text)) finish();
    });
    if (current.length > 0) throw new Error(`README.md:${startLine}: command does not end inside its block`);
  });
  return steps;
}

/** Whether `actual` lines are what the README shows (`…` a wildcard; a lone `…` any lines). */
export function matchesShown(expected: readonly string[], actual: readonly string[]): boolean {
  const lineMatches = (pattern: string, text: string): boolean => {
    if (!pattern.includes('…')) return pattern === text;
    const parts = pattern.split('…');
    if (!text.startsWith(parts[0])) return false;
    let at = parts[0].length;
    for (let i = 1; i < parts.length - 1; i++) {
      const found = text.indexOf(parts[i], at);
      if (found < 0) return false;
      at = found + parts[i].length;
    }
    const tail = parts[parts.length - 1];
    return text.length - tail.length >= at && text.endsWith(tail);
  };
  // Positions in `actual` each prefix of `expected` can end at (a set: lone `…` lines branch).
  let ends = new Set<number>([0]);
  for (const pattern of expected) {
    const next = new Set<number>();
    for (const at of ends) {
      if (pattern === '…') for (let k = at; k <= actual.length; k++) next.add(k);
      else if (at < actual.length && lineMatches(pattern, actual[at])) next.add(at + 1);
    }
    ends = next;
    if (ends.size === 0) return false;
  }
  return ends.has(actual.length);
}
