import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressClass } from './address-class.js';

test('loopback, private, link-local, CGNAT, unspecified, multicast and reserved IPv4 are named', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', undefined],
    ['172.32.0.1', undefined],
    ['93.184.216.34', undefined],
  ];
  for (const [ip, cls] of cases) assert.equal(addressClass(ip), cls, ip);
});

test('cloud metadata addresses are named as such, before their link-local or ULA range', () => {
  assert.equal(addressClass('169.254.169.254'), 'metadata');
  assert.equal(addressClass('169.254.170.2'), 'metadata');
  assert.equal(addressClass('fd00:ec2::254'), 'metadata');
  assert.equal(addressClass('[fd00:ec2::254]'), 'metadata');
  assert.equal(addressClass('::ffff:169.254.169.254'), 'metadata');
});

test('IPv6 ranges, and IPv4 ranges in every IPv6 form that carries an IPv4 address', () => {
  const cases: [string, string | undefined][] = [
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::', 'private'],
    ['::127.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::808:808', undefined],
  ];
  for (const [ip, cls] of cases) assert.equal(addressClass(ip), cls, ip);
});

test('anything that is not an IP address is refused as reserved', () => {
  assert.equal(addressClass('localhost'), 'reserved');
  assert.equal(addressClass(''), 'reserved');
});
