/**
 * A byte budget shared by everything one piece of work reads (an import job's files, a hook's
 * answer): each chunk is counted as it arrives, and the first chunk past the limit stops the read
 * with a size error, so nothing larger than the limit is ever held.
 */
import { tooLarge } from './errors.js';

export class ByteBudget {
  private used = 0;

  constructor(readonly maxBytes: number) {}

  /** Counts `n` more bytes; throws EgressError `size` past the limit. */
  take(n: number): void {
    this.used += n;
    if (this.used > this.maxBytes) throw tooLarge(this.maxBytes);
  }

  get remaining(): number {
    return Math.max(0, this.maxBytes - this.used);
  }
}
