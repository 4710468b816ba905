/**
 * `/_pinpost/console/…`: the web console, static files built by Vite (console/ → dist/console).
 * Public (it is the same for everyone; every action in it is a signed AWS call). Any path that is
 * not a file answers index.html, so the console's own URLs survive a reload (history routing);
 * a missing file under `assets/` is 404 (a stale page asking for an old chunk sees the error).
 *
 * Headers: hashed assets are cached for a year (immutable), index.html is `no-cache` (revalidated,
 * so a new build is picked up); every answer carries the Content-Security-Policy below and
 * `nosniff`.
 */
import type { InternalRoute } from '../internal-routes.js';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { defaultConsoleDir, loadConsoleFiles, type ConsoleFile } from './files.js';

export const CONSOLE_PREFIX = '/_pinpost/console';

/**
 * Scripts only from this server (no inline script, no eval). Styles allow 'unsafe-inline' because a
 * mail's HTML is shown in a sandboxed `srcdoc` iframe, which inherits this policy, and mail is styled
 * inline; the iframe adds its own stricter policy (no script, images only once asked for). Images
 * from anywhere for the same reason (a mail's remote images, once the user asks to load them).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function consoleRoute(dir: string = defaultConsoleDir()): InternalRoute {
  let files: Map<string, ConsoleFile> | undefined;
  const load = () => {
    try {
      files ??= loadConsoleFiles(dir);
    } catch {
      // Not built (yet): answer 503 until it is, without caching the absence.
      return undefined;
    }
    return files;
  };
  return {
    prefix: CONSOLE_PREFIX,
    access: 'public',
    handler: (req) => serve(req, load()),
  };
}

function serve(req: RawRequest, files: Map<string, ConsoleFile> | undefined): RawResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return text(405, 'method not allowed', { allow: 'GET, HEAD' });
  }
  if (req.path === CONSOLE_PREFIX) {
    return { status: 301, headers: { ...SECURITY_HEADERS, location: `${CONSOLE_PREFIX}/` }, body: '' };
  }
  if (!files || !files.has('index.html')) {
    return text(503, 'The console is not built: run `npm run build` (or `npm start`, which builds it).');
  }
  const key = fileKey(req.path);
  const file = key === undefined ? undefined : files.get(key);
  if (file && key !== 'index.html') return fileResponse(req, file, 'public, max-age=31536000, immutable');
  if (key?.startsWith('assets/')) return text(404, `no file ${req.path}`);
  return fileResponse(req, files.get('index.html')!, 'no-cache');
}

/** The map key a request path names, or undefined when it cannot name a file. */
export function fileKey(path: string): string | undefined {
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(CONSOLE_PREFIX.length + 1));
  } catch {
    return undefined;
  }
  return rest;
}

function fileResponse(req: RawRequest, file: ConsoleFile, cache: string): RawResponse {
  const gzip = file.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  return {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': file.type,
      'cache-control': cache,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: gzip ? file.gzip! : file.body,
  };
}

function text(status: number, message: string, extra: Record<string, string> = {}): RawResponse {
  return {
    status,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      ...extra,
    },
    body: message,
  };
}
