import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityRecord, SesScope } from '../ports.js';
import { belongsTo, identityOfArn, misaligned, type Sender } from './senders.js';

describe('sender identities', () => {
  it('an address belongs to itself and to its domain: local parts case-sensitive, domains not', () => {
    assert.equal(belongsTo('news@allowed.com', 'allowed.com'), true);
    assert.equal(belongsTo('news@Allowed.COM', 'allowed.com'), true);
    assert.equal(belongsTo('news@allowed.com', 'news@ALLOWED.com'), true);
    assert.equal(belongsTo('News@allowed.com', 'news@allowed.com'), false);
    assert.equal(belongsTo('ceo@example.com', 'allowed.com'), false);
    assert.equal(belongsTo('ceo@sub.allowed.com', 'allowed.com'), false);
    assert.equal(belongsTo('ceo@allowed.com.evil.org', 'allowed.com'), false);
    assert.equal(belongsTo('other@allowed.com', 'news@allowed.com'), false);
  });

  it('only addresses under a named ARN must belong to it', () => {
    const sender = (address: string, identityArn: string, named: boolean): Sender => ({
      role: 'source',
      address: { raw: address, address, name: '' },
      identityArn,
      named,
    });
    const arn = 'arn:aws:ses:us-east-1:000000000000:identity/allowed.com';
    assert.equal(misaligned([sender('a@allowed.com', arn, true)]), undefined);
    assert.equal(misaligned([sender('a@example.com', arn, false)]), undefined);
    const wrong = sender('ceo@example.com', arn, true);
    assert.equal(misaligned([sender('a@allowed.com', arn, true), wrong]), wrong);
  });

  it('an ARN names an identity of its account in the region called (or any region, `*`)', async () => {
    const found: [SesScope, string][] = [];
    const identities = {
      find: async (scope: SesScope, name: string) => {
        found.push([scope, name]);
        return { identity: name } as IdentityRecord;
      },
    };
    assert.ok(
      await identityOfArn(identities, 'us-east-1', 'arn:aws:ses:us-east-1:111122223333:identity/a.com'),
    );
    assert.ok(await identityOfArn(identities, 'eu-west-1', 'arn:aws:ses:*:111122223333:identity/b.com'));
    assert.equal(
      await identityOfArn(identities, 'eu-west-1', 'arn:aws:ses:us-east-1:111122223333:identity/c.com'),
      undefined,
    );
    assert.equal(await identityOfArn(identities, 'us-east-1', 'arn:aws:iam::111122223333:user/x'), undefined);
    assert.deepEqual(found, [
      [{ account: '111122223333', region: 'us-east-1' }, 'a.com'],
      [{ account: '111122223333', region: 'eu-west-1' }, 'b.com'],
    ]);
  });
});
