/**
 * End-to-end harness for the web console: a real Pinpost (test/support/server.ts, every service,
 * in memory) on a free port serving the built console, and Debian's Chromium driven by
 * playwright-core with a fresh profile. Any uncaught page error or console error fails the test
 * (checked at close(), or at any time with `assertNoPageErrors()`).
 *
 * The console is built (vite, console/ → dist/console) when dist/console is missing or older than
 * its sources; concurrent test files wait for one build (a lock directory).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ServerConfig } from '../../src/server/config.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');
const BUILT = join(REPO, 'dist', 'console', 'index.html');
const LOCK = join(REPO, 'dist', '.console-build.lock');

export interface ConsoleHarness {
  /** The console's home: `<server>/_pinpost/console/`. */
  url: string;
  server: TestServer;
  /** The browser context (its own user-data-dir); `browser.newPage()` opens another tab. */
  browser: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (any fails the test at close). */
  errors: string[];
  /** Throws when a page error or console error has been seen. */
  assertNoPageErrors(): void;
  close(): Promise<void>;
}

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

function stale(): boolean {
  if (!existsSync(BUILT)) return true;
  const sources = Math.max(newest(join(REPO, 'console', 'src')), newest(join(REPO, 'console', 'index.html')));
  return sources > statSync(BUILT).mtimeMs;
}

/** Builds the console when dist/console is missing or older than console/src. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!stale()) return;
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building: wait for it (a lock older than 5 minutes is a crashed build).
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        rmSync(LOCK, { force: true, recursive: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (stale()) {
      execFileSync(
        process.execPath,
        [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts'],
        {
          cwd: REPO,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    }
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}

export interface ConsoleOptions {
  /** Server config overrides (e.g. `{ iam: 'off' }`). */
  config?: Partial<ServerConfig>;
  /** Console messages of type error that are expected (matched against the text). */
  allowConsoleErrors?: RegExp[];
  /** `prefers-color-scheme` for the page. */
  colorScheme?: 'light' | 'dark';
}

/**
 * Chromium logs every 4xx/5xx answer as a console error ("Failed to load resource"): that is the
 * network's report, not the console's; the page shows AWS's error itself (tests assert it).
 */
const NETWORK_NOISE = /^Failed to load resource: the server responded with a status of [45]\d\d/;

export async function startConsole(options: ConsoleOptions = {}): Promise<ConsoleHarness> {
  await ensureConsoleBuilt();
  const server = await startTestServer(options.config);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pinpost-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      colorScheme: options.colorScheme ?? 'light',
      viewport: { width: 1280, height: 900 },
    });
  } catch (err) {
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const errors: string[] = [];
  const allowed = [NETWORK_NOISE, ...(options.allowConsoleErrors ?? [])];
  const watch = (page: Page) => {
    page.on('pageerror', (err) => errors.push(`page error: ${err.stack ?? err.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      if (!allowed.some((r) => r.test(text))) errors.push(`console error: ${text}`);
    });
  };
  browser.on('page', watch);
  const page = browser.pages()[0] ?? (await browser.newPage());
  if (browser.pages()[0] === page) watch(page);
  // Listening on every address (to test signed requests beyond loopback): browse on loopback's.
  const origin = `http://127.0.0.1:${server.server.port}`;
  const url = `${origin}/_pinpost/console/`;
  // Opened on the console, signed out: tests go on with signIn(page, credentials).
  await page.goto(url);
  const assertNoPageErrors = () => {
    if (errors.length) throw new Error(`the console logged errors:\n${errors.join('\n')}`);
  };
  return {
    url,
    server,
    browser,
    page,
    errors,
    assertNoPageErrors,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
      assertNoPageErrors();
    },
  };
}

/** Signs in through the form (going to the console first when the page is elsewhere). */
export async function signIn(
  page: Page,
  credentials: Credentials & { region?: string },
  url?: string,
): Promise<void> {
  if (url) await page.goto(url);
  else if (!page.url().includes('/_pinpost/console'))
    throw new Error('signIn: open the console first or pass its url');
  await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  if (credentials.sessionToken) await page.getByLabel('Session token').fill(credentials.sessionToken);
  if (credentials.region) await page.getByLabel('Region').selectOption(credentials.region);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A full-page screenshot into test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
