/**
 * The RSA half of DKIM signing on a worker thread. The server is one thread on a machine with
 * more cores; an RSA-2048 signature is the largest single cost of a send after SQLite (0.33 ms),
 * and it needs nothing but the canonical header lines, the body hash and the key. The main thread
 * prepares those (dkim.ts) and the worker returns the DKIM-Signature field nodemailer's `sign`
 * writes from them, so the bytes are the ones dkimSignSync produces (dkim.test.ts checks).
 *
 * The worker starts with the first signature, not with the server, and never keeps the process
 * alive. If it cannot start or dies, signing falls back to the main thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface FieldRequest {
  headers: { key: string; line: string }[];
  bodyHash: string;
  domainName: string;
  keySelector: string;
  privateKeyPem: string;
}

// CommonJS, so the worker needs no loader: it requires nodemailer's signer by absolute path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey } = require('node:crypto');
const sign = require(workerData.signPath);
const keys = new Map();
function fieldOf(r) {
  let key = keys.get(r.privateKeyPem);
  if (key === undefined) {
    try { key = createPrivateKey(r.privateKeyPem); } catch { key = r.privateKeyPem; }
    if (keys.size >= 1024) keys.delete(keys.keys().next().value);
    keys.set(r.privateKeyPem, key);
  }
  try {
    return sign(r.headers, 'sha256', r.bodyHash, { domainName: r.domainName, keySelector: r.keySelector, privateKey: key });
  } catch {
    return false;
  }
}
parentPort.on('message', (batch) => {
  parentPort.postMessage(batch.map(({ id, r }) => ({ id, field: fieldOf(r) })));
});
`;

let worker: Worker | undefined;
let broken = false;
let nextId = 0;
const pending = new Map<number, { resolve: (f: string | false) => void; reject: (e: Error) => void }>();

function failAll(err: Error): void {
  broken = true;
  worker = undefined;
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker | undefined {
  if (worker || broken) return worker;
  try {
    const signPath = createRequire(import.meta.url).resolve('nodemailer/lib/dkim/sign');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { signPath } });
    w.unref();
    w.on('message', (results: { id: number; field: string | false }[]) => {
      for (const { id, field } of results) {
        const p = pending.get(id);
        pending.delete(id);
        p?.resolve(field);
      }
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => failAll(new Error('the DKIM signing thread exited')));
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

/**
 * The DKIM-Signature field for `r`, computed on the signing thread; `undefined` when the thread is
 * not available (the caller signs on the main thread). `false` when the key cannot sign.
 */
export function signOnThread(r: FieldRequest): Promise<string | false> | undefined {
  const w = start();
  if (!w) return undefined;
  const id = nextId++;
  const result = new Promise<string | false>((resolve, reject) => pending.set(id, { resolve, reject }));
  // Keep the process alive only while a signature is outstanding.
  w.ref();
  outgoing.push({ id, r });
  if (outgoing.length === 1) setImmediate(flush);
  else if (outgoing.length >= CHUNK) flush();
  return result;
}

/**
 * The requests made since the last flush, posted as one message: a post wakes the other thread (a
 * system call each), and a batch of deliveries asks for its signatures within one turn of the loop
 * (measured: one post a message was ~5% of the main thread's time in the SES send bench).
 */
let outgoing: { id: number; r: FieldRequest }[] = [];

/**
 * The most requests one post carries. Without a bound a campaign fell into lockstep: every send in
 * flight asked within one turn, the thread signed them all (~47 ms for 125) and answered at once,
 * and this thread sat idle meanwhile with nothing else to do, then the other way round (event loop
 * 78% busy, 563 messages/s at 10,000 endpoints). Posted in chunks, the thread signs the first while
 * this one builds the rest, and answers come back in chunks to work on (99% busy, 739/s).
 */
const CHUNK = 16;

function flush(): void {
  // A chunk posted early leaves its turn's scheduled flush with nothing, or only the rest, to post.
  if (outgoing.length === 0) return;
  const batch = outgoing;
  outgoing = [];
  if (worker) worker.postMessage(batch);
  else for (const { id } of batch) pending.get(id)?.reject(new Error('the DKIM signing thread exited'));
}
