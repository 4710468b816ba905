import assert from 'node:assert/strict';
import { it } from 'node:test';
import { asQueryMap, buildXml, isoDate, toXmlTree } from './xml.js';

it('renders lists as member, maps as entry/key/value, leaves undefined out, escapes text', () => {
  const tree = toXmlTree({ A: ['x'], M: asQueryMap({ Users: 3 }), U: undefined, E: [], T: 'a<b&c' });
  assert.equal(
    buildXml('R', tree as Record<string, unknown>, 'urn:ns'),
    '<R xmlns="urn:ns"><A><member>x</member></A><M><entry><key>Users</key><value>3</value></entry></M><E/><T>a&lt;b&amp;c</T></R>',
  );
});

it('formats dates as IAM does: seconds unless there are milliseconds', () => {
  assert.equal(isoDate(new Date(Date.UTC(2019, 2, 26, 19, 12, 51))), '2019-03-26T19:12:51Z');
  assert.equal(isoDate(new Date(Date.UTC(2011, 6, 15, 23, 28, 33, 359))), '2011-07-15T23:28:33.359Z');
});
