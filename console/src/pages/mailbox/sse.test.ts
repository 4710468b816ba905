import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SseParser } from './sse.js';

it('parses events split anywhere across chunks, with ids, names, comments and retry', () => {
  const text =
    'retry: 2000\nevent: ready\ndata: {"a":1}\n\n: heartbeat\n\nid: 7\nevent: message\ndata: line1\ndata: line2\n\n' +
    'data: no name\r\n\r\n';
  for (let cut = 1; cut < text.length; cut++) {
    const p = new SseParser();
    const events = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
    assert.deepEqual(
      events,
      [
        { event: 'ready', data: '{"a":1}', id: undefined },
        { event: 'message', data: 'line1\nline2', id: '7' },
        { event: 'message', data: 'no name', id: '7' },
      ],
      `cut at ${cut}`,
    );
    assert.equal(p.retry, 2000);
    assert.equal(p.lastEventId, '7');
  }
});

it('waits for the blank line before dispatching, and ignores an event without data', () => {
  const p = new SseParser();
  assert.deepEqual(p.feed('event: x\ndata: 1\n'), []);
  assert.deepEqual(p.feed('\n'), [{ event: 'x', data: '1', id: undefined }]);
  assert.deepEqual(p.feed('event: empty\n\n'), []);
  assert.deepEqual(p.feed('data:no-space\n\n'), [{ event: 'message', data: 'no-space', id: undefined }]);
});
