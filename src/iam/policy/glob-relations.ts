/**
 * How two IAM glob patterns (`*` any run, `?` one character) relate as sets of strings, for the
 * access checks that compare policies rather than evaluate a request (access-checks.ts):
 * - `globsOverlap(a, b)`: some string matches both (a listed resource a policy may grant);
 * - `globCovers(p, q)`: every string q matches, p matches too (sound, not complete: `p` must
 *   absorb each of q's wildcards with one of its own, which is how policies are written).
 * Both run over the product of the two patterns' positions once, O(|a| × |b|) with no backtracking,
 * and a GlobBudget bounds the work of one check over many pairs (the texts come from requests).
 * ARN segment rules are not applied: treating `*` as crossing `:` can only find more overlap and
 * less coverage, which is the safe side for a check that must not miss access.
 */

const STAR = '*';
const ONE = '?';

/** Reachability over (i, j) positions; `step` lists the successors of a state. */
function reach(
  a: string,
  b: string,
  step: (i: number, j: number, push: (i: number, j: number) => void) => void,
) {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const k = i * width + j;
    if (seen[k] === 0) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k - i * width;
    if (i === a.length && j === b.length) return true;
    step(i, j, push);
  }
  return false;
}

/** True when some string matches both patterns. */
export function globsOverlap(a: string, b: string): boolean {
  return reach(a, b, (i, j, push) => {
    const ca = a[i];
    const cb = b[j];
    if (ca === STAR) {
      push(i + 1, j);
      if (j < b.length) push(i, j + 1);
    }
    if (cb === STAR) {
      push(i, j + 1);
      if (i < a.length) push(i + 1, j);
    }
    if (i < a.length && j < b.length && ca !== STAR && cb !== STAR && (ca === cb || ca === ONE || cb === ONE))
      push(i + 1, j + 1);
  });
}

/** True when every string matching `q` matches `p` (each wildcard of q absorbed by one of p). */
export function globCovers(p: string, q: string): boolean {
  return reach(p, q, (i, j, push) => {
    const cp = p[i];
    const cq = q[j];
    if (cp === STAR) {
      push(i + 1, j);
      if (j < q.length) push(i, j + 1);
      return;
    }
    if (i >= p.length || j >= q.length || cq === STAR) return;
    if (cp === ONE ? true : cq !== ONE && cp === cq) push(i + 1, j + 1);
  });
}

/**
 * Work allowed to one check, counted in pattern-position pairs. Once spent — or for one pair too
 * large for it — the answer is the cautious one (overlap: yes; covers: no), which can only make a
 * check report access, never miss it. Pinpost's own bound: AWS documents no size for these checks
 * beyond the request's.
 */
export class GlobBudget {
  constructor(private left: number) {}

  private spend(a: string, b: string): boolean {
    const cost = (a.length + 1) * (b.length + 1);
    if (cost > this.left) {
      this.left = 0;
      return false;
    }
    this.left -= cost;
    return true;
  }

  overlap(a: string, b: string): boolean {
    return this.spend(a, b) ? globsOverlap(a, b) : true;
  }

  covers(p: string, q: string): boolean {
    return this.spend(p, q) ? globCovers(p, q) : false;
  }
}
