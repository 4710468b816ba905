/**
 * A least-recently-used map bounded by the bytes its entries hold, not only by their number: keys
 * here are policy texts, and a count bound alone lets a few thousand large distinct texts hold
 * hundreds of megabytes for good (issue 9, finding 13). An entry larger than a sixteenth of the
 * budget is not kept at all, so one huge text cannot flush everything else.
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` under `key`, counting `bytes` for it (plus the key's own); false if too large. */
  set(key: string, value: V, bytes: number): boolean {
    const size = bytes + 2 * key.length;
    this.delete(key);
    if (size > this.maxBytes / 16) return false;
    while (
      this.entries.size > 0 &&
      (this.held + size > this.maxBytes || this.entries.size >= this.maxEntries)
    ) {
      this.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { value, bytes: size });
    this.held += size;
    return true;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.held -= e.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** Bytes counted for the entries held (UTF-16: two per character of keys and texts). */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }
}
