/**
 * A cheap load generator: one request signed once with the SDK's own signer, replayed over
 * keep-alive connections. SigV4 accepts a signature for 15 minutes, so every replay is a fully
 * authenticated request; what is measured is the server, not the SDK client's per-call cost.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SignedCall {
  port: number;
  headers: Record<string, string>;
  body: string;
}

export async function signQuery(
  url: string,
  service: 'iam' | 'sts',
  body: string,
  creds: { accessKeyId: string; secretAccessKey: string },
): Promise<SignedCall> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k] = String(v);
  headers['content-length'] = String(Buffer.byteLength(body));
  return { port: Number(u.port), headers, body };
}

function once(agent: Agent, call: SignedCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: call.port, method: 'POST', path: '/', headers: call.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Replays `call` from `concurrency` loops for `budgetMs`; returns responses per second and the statuses seen. */
export async function rawLoad(
  call: SignedCall,
  budgetMs: number,
  concurrency = 16,
): Promise<{ perSecond: number; statuses: Set<number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Set<number>();
  const run = async (until: number, count: boolean) => {
    let n = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const status = await once(agent, call);
          if (count) {
            statuses.add(status);
            n++;
          }
        }
      }),
    );
    return n;
  };
  await run(performance.now() + Math.min(500, budgetMs / 2), false);
  const start = performance.now();
  const n = await run(start + budgetMs, true);
  agent.destroy();
  return { perSecond: n / ((performance.now() - start) / 1000), statuses };
}
