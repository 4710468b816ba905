import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseConfig } from './config.js';
import { readyLine } from './ready-line.js';

it('names the endpoint, account, credentials and where data lives, on one line', () => {
  const line = readyLine(parseConfig(['--data', 'state'], {}), 'http://127.0.0.1:4566', '/srv');
  assert.equal(
    line,
    'pinpost ready at http://127.0.0.1:4566 | account 000000000000 | access key test secret test | region us-east-1 | iam enforce | data /srv/state',
  );
});
