/**
 * The web console (issue 11), two measures against a ceiling stated or measured in the same run:
 *
 * - size: the gzip size (level 9, what the server sends) of the JS and CSS the mailbox page loads,
 *   as Chromium requests them, against a 250 kB budget (a page that shows mail should load far less
 *   than the 1 MB+ of a typical admin console; the AWS SDK clients of other pages load only there);
 * - first useful paint: the time from navigation to the first mailbox row in the DOM, with 10,000
 *   messages in the mailbox, against the same measure for a bare static HTML page listing the same
 *   50 rows served by the same server (the floor: no script, no API call). Each run is a new
 *   browser context (cold cache), signed in through sessionStorage; the median of the runs.
 *   The page lists the newest 50 (one page), so the cost does not grow with the mailbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { newSesMessageId } from '../src/mail/index.js';
import { CHROMIUM, CHROMIUM_FLAGS, ensureConsoleBuilt } from '../test/console/support.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { fmt, printTable } from './measure.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SIZE_BUDGET_KB = 250;
const MESSAGES = 10_000;
const RUNS = 7;

/** Records, in the page, when the first row of a list appears (before any paint of it). */
const FIRST_ROW_PROBE = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('ul[aria-label="Messages"] li')) {
      window.__firstRow = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function fill(server: TestServer, count: number): Promise<void> {
  const scope = { account: '000000000000', region: 'us-east-1' };
  for (let i = 0; i < count; i++) {
    const messageId = newSesMessageId(scope.region);
    const raw = await server.runtime.mail.mime.build({
      from: 'news@example.com',
      to: [`reader${i}@example.org`],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: `Bench message ${i}`,
      text: `Hello reader ${i}.`,
      html: `<p>Hello reader ${i}.</p>`,
      headers: [],
      attachments: [],
      messageId,
      date: new Date(),
    });
    await server.runtime.mail.outbox.enqueue({
      messageId,
      scope,
      envelopeFrom: 'news@example.com',
      recipients: [`reader${i}@example.org`],
      raw,
    });
  }
  await server.runtime.mail.drain();
}

function bareRows(rows: { subject: string; from: string; to: string[]; timestamp: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return (
    '<!doctype html><html><head><meta charset="utf-8"><title>rows</title></head><body>' +
    '<ul aria-label="Messages">' +
    rows
      .map(
        (r) =>
          `<li><a href="#">${esc(r.subject)} ${esc(r.from)} → ${esc(r.to.join(', '))} ${r.timestamp}</a></li>`,
      )
      .join('') +
    '</ul></body></html>'
  );
}

async function firstRowMs(browser: Browser, url: string, session: string): Promise<number> {
  const context = await browser.newContext();
  await context.addInitScript(`sessionStorage.setItem('pinpost.session', ${JSON.stringify(session)});`);
  await context.addInitScript(FIRST_ROW_PROBE);
  const page = await context.newPage();
  await page.goto(url);
  // Functions, not strings: the console's policy has no 'unsafe-eval'.
  const probe = () => (globalThis as unknown as { __firstRow?: number }).__firstRow;
  await page.waitForFunction(probe);
  const ms = (await page.evaluate(probe))!;
  await context.close();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function consoleBench(): Promise<void> {
  await ensureConsoleBuilt();
  const server = await startTestServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    await fill(server, MESSAGES);
    const listed = (await (await fetch(`${server.url}/_pinpost/mailbox?limit=50`)).json()) as {
      messages: { subject: string; from: string; to: string[]; timestamp: string }[];
    };
    const bare = bareRows(listed.messages);
    server.server.routes.add({
      prefix: '/_pinpost/bench-static',
      access: 'public',
      handler: () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: bare }),
    });
    const session = JSON.stringify({
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      region: 'us-east-1',
      arn: 'arn:aws:iam::000000000000:root',
      account: '000000000000',
    });
    const mailboxUrl = `${server.url}/_pinpost/console/mailbox`;

    // What the mailbox page loads: every script and stylesheet Chromium requests for it.
    const context = await browser.newContext();
    await context.addInitScript(`sessionStorage.setItem('pinpost.session', ${JSON.stringify(session)});`);
    const page = await context.newPage();
    const assets = new Set<string>();
    page.on('request', (r) => {
      if (['script', 'stylesheet'].includes(r.resourceType())) assets.add(new URL(r.url()).pathname);
    });
    await page.goto(mailboxUrl);
    await page.locator('ul[aria-label="Messages"] li').first().waitFor();
    // The mailbox's event stream stays open (no network idle): the page's chunks are in by the first row.
    await page.waitForTimeout(500);
    await context.close();
    let gzipBytes = 0;
    let rawBytes = 0;
    for (const path of assets) {
      const body = readFileSync(join(REPO, 'dist', 'console', path.replace('/_pinpost/console/', '')));
      rawBytes += body.length;
      gzipBytes += gzipSync(body, { level: 9 }).length;
    }
    printTable(
      'Console size: JS + CSS the mailbox page loads (gzip level 9, as served)',
      ['files', 'raw kB', 'gzip kB', 'budget kB', 'gzip ÷ budget'],
      [
        [
          String(assets.size),
          fmt(rawBytes / 1024),
          fmt(gzipBytes / 1024),
          String(SIZE_BUDGET_KB),
          `${Math.round((gzipBytes / 1024 / SIZE_BUDGET_KB) * 100)}%`,
        ],
      ],
    );

    const consoleMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternating, so the shared machine's load weighs on both alike.
      consoleMs.push(await firstRowMs(browser, mailboxUrl, session));
      bareMs.push(await firstRowMs(browser, `${server.url}/_pinpost/bench-static`, session));
    }
    const c = median(consoleMs);
    const b = median(bareMs);
    printTable(
      `First mailbox row in the DOM, ${MESSAGES.toLocaleString('en-US')} messages in the mailbox, cold cache, median of ${RUNS}`,
      ['page', 'ms from navigation', 'ratio to the bare page'],
      [
        ['console /mailbox (scripts, signed API call, 50 rows)', fmt(c), `${fmt(c / b)}×`],
        ['bare static HTML, the same 50 rows (floor)', fmt(b), '1×'],
      ],
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
