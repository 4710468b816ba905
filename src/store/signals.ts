/**
 * Signals: "something on this channel changed", told to every process sharing the database once
 * the change is committed (the mailbox's arrivals: a waiter in one process must wake for mail
 * another process delivered). The listeners of a process hang off one {@link SignalListeners}; how
 * a signal reaches them is the engine's (SQLite: in the process; PostgreSQL: NOTIFY/LISTEN).
 */
export type SignalListener = () => void;

export class SignalListeners {
  private readonly byChannel = new Map<string, Set<SignalListener>>();

  /** Adds a listener; returns its removal. Tells whether it is the channel's first. */
  add(channel: string, fn: SignalListener): { first: boolean; remove: () => boolean } {
    let set = this.byChannel.get(channel);
    const first = !set;
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(fn);
    return {
      first,
      remove: () => {
        set.delete(fn);
        if (set.size > 0 || this.byChannel.get(channel) !== set) return false;
        this.byChannel.delete(channel);
        return true;
      },
    };
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  /** Calls the channel's listeners; one that throws does not stop the others. */
  emit(channel: string): void {
    for (const fn of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        fn();
      } catch {
        // A listener's failure is its own; the signal still reaches the rest.
      }
    }
  }

  /** Every listener of every channel (after a lost connection: whatever was missed, look again). */
  emitAll(): void {
    for (const channel of this.channels()) this.emit(channel);
  }
}

/** Channel names are identifiers on PostgreSQL (LISTEN takes no parameter). */
export function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel))
    throw new Error(`signal channel \`${channel}\` is not a lower-case identifier`);
  return channel;
}
