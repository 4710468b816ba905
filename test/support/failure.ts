/** What a refused SDK call tells its caller: the error's name, message and HTTP status. */
import assert from 'node:assert/strict';

export interface Failure {
  name: string;
  message: string;
  status?: number;
}

/** Awaits a call that must fail and returns its error's name, message and status. */
export async function fail(p: Promise<unknown>): Promise<Failure> {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as { name: string; message: string; $metadata: { httpStatusCode?: number } } | undefined;
  assert.ok(e, 'expected the call to fail');
  return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
}
