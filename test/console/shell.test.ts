/**
 * The console's shell in Chromium: served by the server, sign-in through sts:GetCallerIdentity,
 * AWS's error text for bad credentials, the browser's `GET /` redirect, history routing, keyboard
 * reach and the dark scheme.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

describe('console shell', { timeout: 120_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
  });
  after(() => c?.close());

  it('a browser opening the server address is redirected (302) to the console; an SDK-like GET / is not', async () => {
    const root = c.url.replace('/_pinpost/console/', '/');
    const html = await fetch(root, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    assert.equal(html.status, 302);
    assert.equal(html.headers.get('location'), '/_pinpost/console/');
    const api = await fetch(root, { redirect: 'manual' });
    assert.equal(api.status, 403);
    assert.match(await api.text(), /MissingAuthenticationToken/);
    await c.page.goto(root);
    assert.equal(new URL(c.page.url()).pathname, '/_pinpost/console/');
    await c.page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it("bad credentials show AWS's error text and stay signed out", async () => {
    await c.page.goto(c.url);
    await c.page.getByLabel('Access key ID').fill('AKIANOTAKEY000000000');
    await c.page.getByLabel('Secret access key').fill('wrong');
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    const alert = c.page.getByRole('alert');
    await alert.waitFor();
    // STS's answer for an unknown key (sts-identity tests assert the same text through the SDK).
    assert.match(
      (await alert.textContent()) ?? '',
      /InvalidClientTokenId: The security token included in the request is invalid/,
    );
    await screenshot(c.page, 'shell-sign-in-error');
    assert.equal(await c.page.getByRole('button', { name: 'Sign out' }).count(), 0);
  });

  it('signs in with test/test, shows the caller ARN, keeps the credentials in sessionStorage only', async () => {
    await c.page.goto(c.url);
    await signIn(c.page, { accessKeyId: 'test', secretAccessKey: 'test' });
    await c.page.getByText('arn:aws:iam::000000000000:root').first().waitFor();
    const stored = await c.page.evaluate(() => ({
      session: sessionStorage.getItem('pinpost.session'),
      local: localStorage.length,
      cookies: document.cookie,
    }));
    assert.match(stored.session ?? '', /"accessKeyId":"test"/);
    assert.equal(stored.local, 0);
    assert.equal(stored.cookies, '');
    for (const name of ['Mailbox', 'Pinpoint', 'SES', 'IAM', 'Policy simulator']) {
      await c.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name, exact: true })
        .waitFor();
    }
    await screenshot(c.page, 'shell-home');
  });

  it('a deep link survives a reload (history routing serves the app at every console path)', async () => {
    await c.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await c.page.waitForURL(/\/_pinpost\/console\/mailbox$/);
    await c.page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
    assert.equal(new URL(c.page.url()).pathname, '/_pinpost/console/mailbox');
    const deep = await fetch(new URL('/_pinpost/console/iam/roles/some-role', c.url));
    assert.equal(deep.status, 200);
    assert.match(deep.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(deep.headers.get('cache-control'), 'no-cache');
  });

  it('signing out returns to the sign-in form and forgets the credentials', async () => {
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await c.page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await c.page.evaluate(() => sessionStorage.getItem('pinpost.session')), null);
  });

  it('the sign-in form is reachable and usable from the keyboard alone', async () => {
    await c.page.goto(c.url);
    const focusedLabel = () =>
      c.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const id = el.getAttribute('id');
        const label = id ? document.querySelector(`label[for="${id}"]`) : null;
        return label?.textContent ?? el.textContent ?? '';
      });
    const seen: string[] = [];
    for (let i = 0; i < 8 && !seen.includes('Sign in'); i++) {
      await c.page.keyboard.press('Tab');
      seen.push((await focusedLabel()).trim());
    }
    for (const label of ['Access key ID', 'Secret access key', 'Session token', 'Region', 'Sign in']) {
      assert.ok(seen.includes(label), `Tab reaches "${label}" (reached: ${seen.join(', ')})`);
    }
    // Type the key through the focused fields and submit with Enter.
    await c.page.getByLabel('Access key ID').focus();
    await c.page.keyboard.type('test');
    await c.page.keyboard.press('Tab');
    await c.page.keyboard.type('test');
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('renders with the dark color scheme when the system prefers it', async () => {
    await c.page.emulateMedia({ colorScheme: 'dark' });
    await c.page.goto(c.url);
    const dark = await c.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await screenshot(c.page, 'shell-home-dark');
    await c.page.emulateMedia({ colorScheme: 'light' });
    const light = await c.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.notEqual(dark, light);
    const [r, g, b] = dark.match(/\d+/g)!.map(Number);
    assert.ok(r + g + b < 150, `dark background: ${dark}`);
  });
});
