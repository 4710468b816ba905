/**
 * The simulator and the policy editor under `prefers-color-scheme: dark`: the shell's dark colours
 * apply to these pages too (their own stylesheet uses the shell's variables). Screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../support/server.js';
import { createSeedRole, ROLE_ARN, ROLE_NAME } from './iam-fixtures.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describe('console IAM pages in the dark scheme', { timeout: 120_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole({ colorScheme: 'dark' });
    await createSeedRole(c.server.iam());
    await signIn(c.page, ROOT);
  });
  after(() => c?.close());

  it('the simulator and a role page render dark, the text light', async () => {
    const { page } = c;
    await page.goto(`${c.url}iam/simulator?principal=${encodeURIComponent(ROLE_ARN)}`);
    await page.getByLabel('Trust policy (decides sts:AssumeRole)', { exact: true }).waitFor();
    const colours = await page.evaluate(() => {
      const summary = getComputedStyle(document.body);
      const nav = document.querySelector('.area-nav a[aria-current="page"]');
      return {
        bg: summary.backgroundColor,
        fg: summary.color,
        current: nav ? getComputedStyle(nav).color : '',
      };
    });
    assert.ok(luminance(colours.bg) < 0.2, colours.bg);
    assert.ok(luminance(colours.fg) > 0.7, colours.fg);
    assert.ok(luminance(colours.current) > 0.7, colours.current);
    await screenshot(page, 'simulator-dark');
    await page.goto(`${c.url}iam/roles/${ROLE_NAME}`);
    await page.getByLabel('Trust policy').waitFor();
    await screenshot(page, 'iam-role-dark');
  });
});
