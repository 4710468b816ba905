/**
 * A file database's WAL checkpoints on a thread of their own. A checkpoint copies the pages the
 * WAL holds into the database file and syncs both; SQLite runs it inside the COMMIT that crosses
 * `wal_autocheckpoint`, on the connection's thread, which is the server's one thread. In a
 * 20,000-endpoint campaign those COMMITs stalled the event loop ~1.1 s in all (27 of them, ~42 ms
 * each, 40% copying and 60% syncing; a COMMIT otherwise costs ~0.2 ms).
 *
 * The thread keeps its own connection and, once commits have happened, runs PASSIVE checkpoints
 * (`PRAGMA wal_checkpoint(PASSIVE)`): they copy what no reader still needs and sync, without
 * taking the write lock, so the server's commits go on meanwhile. The writer keeps SQLite's own
 * autocheckpoint: a WAL is only reset (written again from its start) by a writer that finds it
 * wholly copied, and while commits keep coming a pass rarely ends with nothing new behind it. That
 * checkpoint on the writer now finds all but the last pass's tail copied and synced; it bounds the
 * WAL as before.
 *
 * A commit marks the database dirty with one atomic store in shared memory and posts the thread a
 * wake-up only when no pass is scheduled: a campaign's thousand commits a second cost at most
 * ten messages a second. The thread never keeps the process alive; if it cannot start or fails, the
 * writer's autocheckpoint does all the work, as it did before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How long the thread lets commits gather before a pass (each pass syncs the files twice). */
const PASS_DELAY_MS = 100;

/** The shared Int32Array's slots: the database's state, and the passes run. */
const STATE = 0;
const PASSES = 1;

/**
 * STATE: no pass scheduled (a commit must post a wake-up); a pass scheduled or running; commits
 * since the running pass began (it runs another).
 */
const IDLE = 0;
const SCHEDULED = 1;
const DIRTY = 2;

// CommonJS, so the thread needs no loader: it requires better-sqlite3 by absolute path. It sleeps
// in its event loop, never in Atomics.wait: a thread blocked there holds the process at exit.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.file, { fileMustExist: true });
// A pass that finds the checkpoint lock taken (the writer's own checkpoint) gives way at once.
db.pragma('busy_timeout = 0');
let timer;
function pass() {
  timer = undefined;
  Atomics.store(state, ${STATE}, ${SCHEDULED});
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.add(state, ${PASSES}, 1);
  } catch (err) {
    parentPort.postMessage(String((err && err.message) || err));
  }
  // Commits during the pass wrote frames it may have missed: another pass, unless there were none.
  if (Atomics.compareExchange(state, ${STATE}, ${SCHEDULED}, ${IDLE}) !== ${SCHEDULED}) later();
}
// Commits arriving meanwhile join the pass.
const later = () => (timer = setTimeout(pass, ${PASS_DELAY_MS}));
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  } else if (!timer) later();
});
`;

export class WalCheckpointer {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly state: Int32Array,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** The thread for the database file `file` (WAL mode), or undefined if it cannot start. */
  static start(file: string): WalCheckpointer | undefined {
    try {
      const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
      const state = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      // None of the process's flags: the source is CommonJS whatever loader or input type the
      // process runs with (--import tsx, --input-type=module).
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { file, driverPath, state },
      });
      const c = new WalCheckpointer(worker, new Int32Array(state));
      worker.on('message', (message: string) =>
        process.emitWarning(`WAL checkpoint of \`${file}\` failed: ${message}`),
      );
      // A thread that fails leaves the checkpoints to the writer's autocheckpoint.
      worker.on('error', (err) =>
        process.emitWarning(`WAL checkpoint thread of \`${file}\` stopped: ${err.message}`),
      );
      // After the listeners: a 'message' listener references the thread again.
      worker.unref();
      return c;
    } catch {
      return undefined;
    }
  }

  /** Called after each commit: one atomic store, and a wake-up only when no pass is scheduled. */
  committed(): void {
    // After a stop the thread has closed its port: a post then goes nowhere.
    if (Atomics.exchange(this.state, STATE, DIRTY) === IDLE) this.worker.postMessage('wake');
  }

  /** Passes the thread has run (for tests and a person looking). */
  get passes(): number {
    return Atomics.load(this.state, PASSES);
  }

  /** Stops the thread (after a pass it is running) and waits until its connection is closed. */
  async stop(): Promise<void> {
    // Held until it exits: unreferenced, nothing else may keep the loop waiting for it.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
