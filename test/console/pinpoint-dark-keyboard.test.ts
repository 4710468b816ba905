/**
 * The Pinpoint pages in the dark scheme (screenshots) and by keyboard alone: the email settings
 * form is reached and filled with Tab, arrow keys and typing, and "Create a new role" is chosen
 * without the mouse.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { consoleUrl, newApp, ROOT } from './pinpoint-support.js';

let c: ConsoleHarness;
let appId: string;

before(async () => {
  c = await startConsole({ colorScheme: 'dark' });
  await signIn(c.page, ROOT);
  appId = await newApp(c.server.url, 'dark');
});
after(() => c.close());

test('the pages follow the dark scheme', async () => {
  const { page } = c;
  for (const section of [
    '',
    '/settings/email',
    '/endpoints',
    '/segments',
    '/templates',
    '/campaigns',
    '/journeys',
    '/analytics',
  ]) {
    await page.goto(consoleUrl(c.server.url, `/pinpoint/apps/${appId}${section}`));
    await page.getByRole('navigation', { name: 'Project' }).waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    // The shell's dark background (#0d1117), not white.
    assert.equal(background, 'rgb(13, 17, 23)');
    await screenshot(page, `pinpoint-dark${section.replace(/\//g, '-') || '-overview'}`);
  }
});

test('the email settings form is used with the keyboard alone', async () => {
  const { page } = c;
  await page.goto(consoleUrl(c.server.url, `/pinpoint/apps/${appId}/settings/email`));
  await page.getByLabel('Trust policy').waitFor();
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const id = el?.id;
      const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent : undefined;
      return label ?? el?.textContent ?? '';
    });
  // Tab from the top until the role choice, then on to the role name.
  const seen: string[] = [];
  for (let i = 0; i < 60 && !seen.includes('Role name'); i++) {
    await page.keyboard.press('Tab');
    seen.push((await focused()).trim());
  }
  assert.ok(seen.includes('Identity'), `Identity reached: ${seen.join(' | ')}`);
  assert.ok(seen.includes('From address'));
  assert.ok(seen.includes('Create a new role'));
  assert.ok(seen.includes('Role name'));
  await page.keyboard.type('KeyboardRole');
  assert.equal(await page.getByLabel('Role name', { exact: true }).inputValue(), 'KeyboardRole');
  // Shift+Tab back to the radio group; the arrow key moves the choice to "Use an existing role".
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).trim(), 'Create a new role');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByLabel('Use an existing role').isChecked(), true);
  await page.getByLabel('Role', { exact: true }).waitFor();
  await screenshot(page, 'pinpoint-dark-keyboard-existing-role');
});
