/**
 * A browser opening the server's address (`GET /`, HTML accepted, no AWS signature) is sent to
 * the console. Anything else at `/` (an SDK, curl, a signed request) answers as before: AWS's
 * MissingAuthenticationToken or the call's answer.
 */
import type { RawResponse, RequestHead } from '../../wire/context.js';
import { CONSOLE_PREFIX } from './route.js';

export function consoleRedirect(head: RequestHead): RawResponse | undefined {
  // A query string (a presigned or Query API call) or an Authorization header is an API request.
  if (head.method !== 'GET' || head.path !== '/' || head.rawQuery !== '') return undefined;
  if (head.headers['authorization'] !== undefined) return undefined;
  if (!/\btext\/html\b/i.test(head.headers['accept'] ?? '')) return undefined;
  return { status: 302, headers: { location: `${CONSOLE_PREFIX}/`, 'cache-control': 'no-cache' }, body: '' };
}
