import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editableJson, starterJourney, writeRequestOf } from './journey-json.js';

test('schedule times become Dates; other members are kept as written', () => {
  const w = writeRequestOf(
    JSON.stringify({ Name: 'j', Schedule: { StartTime: '2030-01-01T00:00:00Z', Timezone: 'UTC' } }),
  );
  assert.equal(w.Name, 'j');
  const s = w.Schedule as { StartTime: Date; Timezone: string };
  assert.ok(s.StartTime instanceof Date);
  assert.equal(s.StartTime.toISOString(), '2030-01-01T00:00:00.000Z');
  assert.equal(s.Timezone, 'UTC');
});

test('text that is not a JSON object, or a bad time, is refused with the reason', () => {
  assert.throws(() => writeRequestOf('{'), /^Error: The journey is not valid JSON: /);
  assert.throws(() => writeRequestOf('[]'), {
    message: 'The journey must be a JSON object (a WriteJourneyRequest)',
  });
  assert.throws(() => writeRequestOf('{"Schedule":{"EndTime":"soon"}}'), {
    message: 'Schedule.EndTime must be a time in ISO 8601 format',
  });
});

test('editing leaves out what a write does not take', () => {
  const text = editableJson({ Id: 'x', ApplicationId: 'a', tags: {}, Name: 'j', State: 'DRAFT' });
  assert.deepEqual(JSON.parse(text), { Name: 'j', State: 'DRAFT' });
});

test('the starter journey reads back as a write request naming the segment and template', () => {
  const w = writeRequestOf(starterJourney('seg1', 'welcome'));
  assert.deepEqual(w.StartCondition, { SegmentStartCondition: { SegmentId: 'seg1' } });
  assert.equal(
    (w.Activities as Record<string, { EMAIL?: { TemplateName: string } }>).first.EMAIL?.TemplateName,
    'welcome',
  );
});
