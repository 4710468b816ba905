import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseConfig } from './config.js';
import { readyLine } from './ready-line.js';

const url = 'http://127.0.0.1:4566';

it('names the endpoint, the SMTP port, account, credentials and where data lives, on one line', () => {
  const line = readyLine(parseConfig(['--data', 'state'], {}), { url, smtpPort: 2587 }, '/srv');
  assert.equal(
    line,
    'pinpost ready at http://127.0.0.1:4566 | smtp 127.0.0.1:2587 | account 000000000000 | access key test secret test | region us-east-1 | iam enforce | data /srv/state',
  );
});

it('says when SMTP is off, and names a console URL when there is one', () => {
  const config = parseConfig(['--data', ':memory:', '--smtp-port', '-1'], {});
  assert.match(readyLine(config, { url }), / \| smtp off \| /);
  assert.match(
    readyLine(config, { url, consoleUrl: `${url}/_pinpost/console/` }),
    /^pinpost ready at http:\/\/127\.0\.0\.1:4566 \| console http:\/\/127\.0\.0\.1:4566\/_pinpost\/console\/ \| smtp off \| /,
  );
});

it('never shows a configured secret: only the key id and where the secret came from', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const fromEnv = parseConfig(['--root-access-key-id', 'AKIAPINPOSTROOT00001'], {
    PINPOST_ROOT_SECRET_ACCESS_KEY: secret,
  });
  const line = readyLine(fromEnv, { url, smtpPort: 2587 });
  assert.ok(!line.includes(secret));
  assert.match(line, / \| access key AKIAPINPOSTROOT00001 secret from PINPOST_ROOT_SECRET_ACCESS_KEY \| /);
  const fromFlag = parseConfig(['--root-secret-access-key', secret], {});
  assert.match(readyLine(fromFlag, { url }), / \| access key test secret from --root-secret-access-key \| /);
});

it('brackets an IPv6 host in the SMTP address', () => {
  const config = parseConfig(['--host', '::1'], {});
  assert.match(readyLine(config, { url: 'http://[::1]:4566', smtpPort: 2587 }), / \| smtp \[::1\]:2587 \| /);
});
