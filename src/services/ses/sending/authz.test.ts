import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityPort, IdentityRecord } from '../ports.js';
import { conditionKeysOf, identityPolicyProvider, resourcesOf } from './authz.js';

const stmt = (sid: string, action: string) => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: '*',
  Action: action,
  Resource: '*',
});

describe('send authorization', () => {
  const auth = {
    identityArn: 'arn:aws:ses:us-east-1:000000000000:identity/example.com',
    senderIdentityArns: [
      'arn:aws:ses:us-east-1:000000000000:identity/example.com',
      'arn:aws:ses:us-east-1:000000000000:identity/bounces.example.com',
    ],
    configurationSetArn: 'arn:aws:ses:us-east-1:000000000000:configuration-set/cs',
    from: { address: 'a@example.com', name: 'A' },
    recipients: ['x@y.z', 'w@y.z'],
    apiVersion: '2' as const,
    addressKeys: true,
  };

  it('lists the sender identities, then the configuration set', () => {
    assert.deepEqual(resourcesOf(auth), [...auth.senderIdentityArns, auth.configurationSetArn]);
  });

  it('sets ses:Recipients as a multivalued key and leaves out address keys when asked', () => {
    assert.deepEqual(conditionKeysOf(auth)['ses:Recipients'], { values: ['x@y.z', 'w@y.z'], list: true });
    assert.deepEqual(Object.keys(conditionKeysOf({ ...auth, addressKeys: false })), ['ses:ApiVersion']);
  });

  it('merges an identity’s policies into one document without duplicate Sids, for ses:Send* only', async () => {
    const record: IdentityRecord = {
      identity: 'example.com',
      type: 'DOMAIN',
      arn: auth.identityArn,
      verified: true,
      policies: {
        p1: JSON.stringify({ Version: '2012-10-17', Statement: [stmt('same', 'ses:SendEmail')] }),
        p2: JSON.stringify({ Version: '2012-10-17', Statement: stmt('same', 'ses:SendRawEmail') }),
      },
    };
    const port: IdentityPort = {
      find: () => Promise.resolve(record),
      identityForAddress: () => Promise.resolve(record),
    };
    const provider = identityPolicyProvider(port);
    assert.equal(await provider('ses:GetEmailIdentity', auth.identityArn), undefined);
    const rp = (await provider('ses:SendRawEmail', auth.identityArn))!;
    const doc = JSON.parse(rp.text) as { Statement: { Sid?: string; Action: string }[] };
    assert.deepEqual(
      doc.Statement.map((s) => [s.Sid, s.Action]),
      [
        [undefined, 'ses:SendEmail'],
        [undefined, 'ses:SendRawEmail'],
      ],
    );
    assert.equal(rp.owner, '000000000000');
  });
});
