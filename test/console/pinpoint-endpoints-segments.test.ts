/**
 * The endpoints page (a CSV upload written with UpdateEndpointsBatch in batches of 100, lines that
 * break a rule listed, the table a page at a time) and the segments page (the builder's live count,
 * CreateSegment, the saved segment's count), checked through @aws-sdk/client-pinpoint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetEndpointCommand, GetSegmentsCommand } from '@aws-sdk/client-pinpoint';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';
import { consoleUrl, newApp, ROOT, sdk, status } from './pinpoint-support.js';

let c: ConsoleHarness;
let appId: string;

before(async () => {
  c = await startConsole();
  await signIn(c.page, ROOT);
  appId = await newApp(c.server.url, 'data');
});
after(() => c.close());

const pad = (i: number) => String(i).padStart(3, '0');

test('a CSV of 150 endpoints is uploaded in batches; bad lines are listed; the table pages', async () => {
  const { page } = c;
  const url = c.server.url;
  const lines = ['Id,ChannelType,Address,Location.Country,User.UserId,Metrics.visits'];
  for (let i = 0; i < 150; i++)
    lines.push(`r${pad(i)},EMAIL,r${i}@example.org,${i % 3 === 0 ? 'PT' : 'US'},u${i},${i % 10}`);
  lines.splice(3, 0, 'bad,EMAIL,bad@example.org,PT,ub,lots');
  lines.push(',EMAIL');
  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/endpoints`));
  await page.getByLabel('Upload endpoints (CSV)').setInputFiles({
    name: 'readers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  await status(page, 'Uploaded 150 of 150 endpoints from readers.csv.');
  const problems = page.getByRole('alert').filter({ hasText: 'These lines were not uploaded' });
  assert.deepEqual(
    (await problems.getByRole('listitem').allInnerTexts()).map((t) => t.trim()),
    [
      'Line 4: The value in column 6 must be a number',
      'Line 153: Address and ChannelType are required for a new endpoint',
    ],
  );
  await page.getByText('150 endpoints', { exact: true }).waitFor();
  await screenshot(page, 'pinpoint-endpoints');

  const got = await sdk(url).pinpoint.send(
    new GetEndpointCommand({ ApplicationId: appId, EndpointId: 'r149' }),
  );
  assert.equal(got.EndpointResponse?.Address, 'r149@example.org');
  assert.deepEqual(got.EndpointResponse?.Metrics, { visits: 9 });

  const ids = async () =>
    (await page.locator('table.table tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
  assert.equal((await ids())[0], 'r000');
  assert.equal((await ids()).length, 25);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('cell', { name: 'r025', exact: true }).waitFor();
  assert.equal((await ids())[24], 'r049');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByRole('cell', { name: 'r000', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Previous page' }).isDisabled(), true);
});

test('the segment builder counts as the criteria change, then creates the segment', async () => {
  const { page } = c;
  const url = c.server.url;
  await page.goto(consoleUrl(url, `/pinpoint/apps/${appId}/segments`));
  await status(page, 'Segment estimate: 150 of 150 endpoints');
  await page.getByRole('button', { name: 'Add criterion' }).click();
  const second = page.getByRole('group', { name: 'Criterion 2' });
  await second.getByLabel('Dimension').selectOption('Country');
  await second.getByLabel('Values').fill('PT');
  await status(page, 'Segment estimate: 50 of 150 endpoints');
  await page.getByRole('button', { name: 'Add criterion' }).click();
  const third = page.getByRole('group', { name: 'Criterion 3' });
  await third.getByLabel('Dimension').selectOption('Metric');
  await third.getByLabel('Attribute name').fill('visits');
  await third.getByLabel('Operator').selectOption('GREATER_THAN_OR_EQUAL');
  await third.getByLabel('Values').fill('5');
  // i % 3 === 0 and i % 10 >= 5, for i < 150.
  const expected = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 10 >= 5).length;
  await status(page, `Segment estimate: ${expected} of 150 endpoints`);
  await page.getByLabel('Segment name', { exact: true }).fill('engaged-pt');
  await screenshot(page, 'pinpoint-segment-builder');
  await page.getByRole('button', { name: 'Create segment' }).click();
  const row = page.getByRole('row').filter({ hasText: 'engaged-pt' });
  await row.getByRole('cell', { name: String(expected), exact: true }).waitFor();
  const segments = await sdk(url).pinpoint.send(new GetSegmentsCommand({ ApplicationId: appId }));
  const saved = segments.SegmentsResponse?.Item?.find((s) => s.Name === 'engaged-pt');
  assert.deepEqual(saved?.Dimensions, {
    Demographic: { Channel: { DimensionType: 'INCLUSIVE', Values: ['EMAIL'] } },
    Location: { Country: { DimensionType: 'INCLUSIVE', Values: ['PT'] } },
    Metrics: { visits: { ComparisonOperator: 'GREATER_THAN_OR_EQUAL', Value: 5 } },
  });
  await screenshot(page, 'pinpoint-segments');
});
