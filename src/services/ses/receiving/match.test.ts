import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCidr } from '../control/receipt-input.js';
import type { ReceiptFilterDoc } from '../control/receipt-model.js';
import { blockedBy, recipientMatches, verifiedDomainFor } from './match.js';

// dg/receiving-email-receipt-rules-console-walkthrough.html, "Recipient condition".
test('recipient conditions: an address, a domain (not its subdomains), `.domain` (its subdomains), none (all)', () => {
  assert.equal(recipientMatches(['User@Example.com'], 'user@example.com'), true);
  assert.equal(recipientMatches(['user@example.com'], 'other@example.com'), false);
  assert.equal(recipientMatches(['example.com'], 'any@EXAMPLE.com'), true);
  assert.equal(recipientMatches(['example.com'], 'any@sub.example.com'), false);
  assert.equal(recipientMatches(['.example.com'], 'any@sub.example.com'), true);
  assert.equal(recipientMatches(['.example.com'], 'any@example.com'), false);
  assert.equal(recipientMatches(['.example.com'], 'any@notexample.com'), false);
  assert.equal(recipientMatches([], 'anyone@anywhere.example'), true);
});

test('a recipient domain is received for when it or a parent domain is verified', () => {
  const verified = new Set(['example.com']);
  assert.equal(verifiedDomainFor('example.com', verified), 'example.com');
  assert.equal(verifiedDomainFor('a.b.example.com', verified), 'example.com');
  assert.equal(verifiedDomainFor('example.org', verified), undefined);
  assert.equal(verifiedDomainFor('com', new Set(['com'])), undefined);
});

const filter = (Name: string, Policy: 'Allow' | 'Block', Cidr: string): ReceiptFilterDoc => ({
  Name,
  IpFilter: { Policy, Cidr },
});

test('IP filters: Block covers a range, Allow wins over Block, IPv6 ranges, a single address', () => {
  const filters = [
    filter('block', 'Block', '203.0.113.0/24'),
    filter('allow', 'Allow', '203.0.113.5'),
    filter('v6', 'Block', '2001:db8::/32'),
  ];
  assert.equal(blockedBy(filters, '203.0.113.9')?.Name, 'block');
  assert.equal(blockedBy(filters, '203.0.113.5'), undefined);
  assert.equal(blockedBy(filters, '198.51.100.1'), undefined);
  assert.equal(blockedBy(filters, '2001:db8::1')?.Name, 'v6');
  assert.equal(blockedBy(filters, '2001:db9::1'), undefined);
});

test('CIDR blocks: addresses and in-range masks of either family only', () => {
  for (const ok of ['10.0.0.0/8', '10.1.2.3', '0.0.0.0/0', '2001:db8::/32', '::1', '10.0.0.0/32'])
    assert.equal(isCidr(ok), true, ok);
  for (const bad of [
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '256.0.0.0',
    'host',
    '2001:db8::/129',
    '10.0.0.0/8/8',
  ])
    assert.equal(isCidr(bad), false, bad);
});
