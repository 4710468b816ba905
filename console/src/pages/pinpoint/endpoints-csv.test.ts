import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batches, endpointsFromCsv } from './endpoints-csv.js';

const id = (line: number) => `csv-${line}`;

test('headers name fields with dots; repeated headers give several values (segments-importing.html)', () => {
  const csv = [
    'ChannelType,Address,Location.Country,Location.Latitude,Demographic.Platform,User.UserId,User.UserAttributes.FirstName,Attributes.Interest,Attributes.Interest,Metrics.visits',
    'EMAIL,ana@example.org,PT,38.7,ios,u1,Ana,"music, live",sport,3',
  ].join('\n');
  const { items, problems } = endpointsFromCsv(csv, id);
  assert.deepEqual(problems, []);
  assert.deepEqual(items, [
    {
      Id: 'csv-2',
      ChannelType: 'EMAIL',
      Address: 'ana@example.org',
      Location: { Country: 'PT', Latitude: 38.7 },
      Demographic: { Platform: 'ios' },
      User: { UserId: 'u1', UserAttributes: { FirstName: ['Ana'] } },
      Attributes: { Interest: ['music, live', 'sport'] },
      Metrics: { visits: 3 },
    },
  ]);
});

test('an Id column keeps its value; an empty cell sets nothing; blank lines are skipped', () => {
  const { items } = endpointsFromCsv('Id,ChannelType,Address,OptOut\r\ne1,EMAIL,a@example.org,\r\n\r\n', id);
  assert.deepEqual(items, [{ Id: 'e1', ChannelType: 'EMAIL', Address: 'a@example.org' }]);
});

test('a line that breaks a rule is a problem of its own; the others are kept', () => {
  const csv = [
    'ChannelType,Address,Metrics.visits',
    'EMAIL,a@example.org,1',
    'EMAIL,b@example.org,many',
    ',c@example.org,2',
    'EMAIL,"d@example.org,1',
    'EMAIL,e@example.org,1,extra',
  ].join('\n');
  const { items, problems } = endpointsFromCsv(csv, id);
  assert.deepEqual(
    items.map((i) => i.Address),
    ['a@example.org'],
  );
  assert.deepEqual(problems, [
    { line: 3, message: 'The value in column 3 must be a number' },
    { line: 4, message: 'Address and ChannelType are required for a new endpoint' },
    { line: 5, message: 'Malformed CSV: unterminated quoted value' },
    { line: 6, message: '4 values for 3 columns' },
  ]);
});

test('a header Pinpoint does not support refuses the file', () => {
  assert.throws(() => endpointsFromCsv('ChannelType,Email\nEMAIL,a@example.org', id), {
    message: 'Unsupported attribute in the header, column 2: `Email`',
  });
  assert.throws(() => endpointsFromCsv('\n\n', id), { message: 'The file is empty.' });
});

test('items go out in batches of at most 100 (EndpointBatchRequest.Item)', () => {
  const sizes = batches(Array.from({ length: 250 }, (_, i) => i)).map((b) => b.length);
  assert.deepEqual(sizes, [100, 100, 50]);
});
