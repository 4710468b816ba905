/**
 * What the Pinpoint console tests share: SDK clients on the console's server (for setting up what
 * a test is not about, and for checking what the console did), the console's URL of a page, and
 * waiting for a page's status line.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Page } from 'playwright-core';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const config = (url: string, credentials: Credentials) => ({
  endpoint: url,
  region: REGION,
  credentials,
  maxAttempts: 1,
});

export const sdk = (url: string, creds: Credentials = ROOT) => ({
  pinpoint: new PinpointClient(config(url, creds)),
  iam: new IAMClient(config(url, creds)),
  sesv2: new SESv2Client(config(url, creds)),
});

/** A console URL: `/pinpoint/apps/<id>/…` under the console's base. */
export const consoleUrl = (url: string, path: string) => `${url}/_pinpost/console${path}`;

export async function newApp(url: string, name: string): Promise<string> {
  const out = await sdk(url).pinpoint.send(
    new CreateAppCommand({ CreateApplicationRequest: { Name: name } }),
  );
  return out.ApplicationResponse!.Id!;
}

/** Waits for a status line (role="status") with `text`. */
export async function status(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

/** The text of the page's alerts (ErrorBanner), once one shows. */
export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole('alert').first();
  await alert.waitFor();
  return (await alert.innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until a labelled control's value contains `text` (a textarea filled once data loads). */
export async function valueWith(page: Page, label: string | RegExp, text: string): Promise<string> {
  const control = page.getByLabel(label, { exact: typeof label === 'string' });
  const handle = await control.elementHandle();
  await page.waitForFunction(([el, wanted]) => (el as HTMLTextAreaElement).value.includes(wanted), [
    handle,
    text,
  ] as const);
  return control.inputValue();
}
