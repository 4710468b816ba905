import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePolicy } from '../../../../src/iam/policy/findings.js';
import {
  findingMarkers,
  LineIndex,
  markersByLine,
  rangeOfLocation,
  rangeOfPath,
} from './policy-locations.js';

const POLICY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Sid": "One",',
  '      "Effect": "Allow",',
  '      "Action": ["s3:GetObject", "s3:PutObject"],',
  '      "Resource": "*"',
  '    }',
  '  ]',
  '}',
].join('\n');

test('LineIndex: offsets from 0 to lines and columns from 1, and back', () => {
  const lines = new LineIndex('ab\ncd\n\nef');
  assert.deepEqual(lines.positionOf(0), { line: 1, column: 1 });
  assert.deepEqual(lines.positionOf(2), { line: 1, column: 3 });
  assert.deepEqual(lines.positionOf(3), { line: 2, column: 1 });
  assert.deepEqual(lines.positionOf(6), { line: 3, column: 1 });
  assert.deepEqual(lines.positionOf(8), { line: 4, column: 2 });
  assert.deepEqual(lines.positionOf(99), { line: 4, column: 3 });
  assert.equal(lines.offsetOf(4, 2), 8);
  assert.equal(lines.lineCount, 4);
});

test('API_Position.html: span line from 1 and column from 0 become line and column from 1', () => {
  const r = rangeOfLocation(POLICY, {
    path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
    span: { start: { line: 5, column: 13, offset: 52 }, end: { line: 5, column: 18, offset: 57 } },
  });
  assert.deepEqual(r, { line: 5, column: 14, endLine: 5, endColumn: 19 });
  assert.equal(POLICY.split('\n')[4].slice(r.column - 1, r.endColumn - 1), '"One"');
});

test('a span with offsets only is placed by its offsets', () => {
  const start = POLICY.indexOf('"Resource"');
  const r = rangeOfLocation(POLICY, { span: { start: { offset: start }, end: { offset: start + 10 } } });
  assert.deepEqual(r, { line: 8, column: 7, endLine: 8, endColumn: 17 });
});

test('API_PathElement.html: a path without a span is placed at its node (index into an array, key, value)', () => {
  assert.deepEqual(
    rangeOfPath(POLICY, [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }, { index: 1 }]),
    {
      line: 7,
      column: 34,
      endLine: 7,
      endColumn: 48,
    },
  );
  assert.equal(rangeOfPath(POLICY, [{ value: 'Statement' }, { index: 0 }, { key: 'Effect' }]).line, 6);
  // A single value written without brackets is element 0.
  assert.equal(
    rangeOfPath(POLICY, [{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }, { index: 0 }]).line,
    8,
  );
  // A missing step stops at the nearest node that exists: the statement.
  assert.equal(rangeOfPath(POLICY, [{ value: 'Statement' }, { index: 0 }, { value: 'Condition' }]).line, 4);
  const sub = rangeOfPath(POLICY, [
    { value: 'Statement' },
    { index: 0 },
    { value: 'Sid' },
    { substring: { start: 1, length: 2 } },
  ]);
  assert.deepEqual(sub, { line: 5, column: 16, endLine: 5, endColumn: 18 });
});

test('findings from the server engine (the same one ValidatePolicy answers with) land on their line', () => {
  const typo = POLICY.replace('"Effect"', '"Efect"');
  const { findings } = analyzePolicy(typo, 'identity');
  const markers = findingMarkers(typo, findings);
  assert.equal(markers[0].code, 'INVALID_POLICY_ELEMENT');
  assert.equal(markers[0].severity, 'ERROR');
  assert.equal(markers[0].line, 6);
  assert.equal(typo.split('\n')[5].slice(markers[0].column - 1, markers[0].endColumn - 1), '"Efect"');
});

test('a JSON syntax error (a missing comma) is marked where the parser stopped', () => {
  const broken = POLICY.replace('"s3:PutObject"],', '"s3:PutObject"]');
  const { findings } = analyzePolicy(broken, 'identity');
  const [m] = findingMarkers(broken, findings);
  assert.equal(m.code, 'JSON_SYNTAX_ERROR');
  assert.equal(m.line, 8);
});

test('a lint finding of a trust policy (service principal without a source) is marked at its statement', () => {
  const trust = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Principal": { "Service": "pinpoint.amazonaws.com" },',
    '      "Action": "sts:AssumeRole"',
    '    }',
    '  ]',
    '}',
  ].join('\n');
  const { findings } = analyzePolicy(trust, 'trust');
  const m = findingMarkers(trust, findings).find((x) => x.code === 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL');
  assert.ok(m, JSON.stringify(findings));
  assert.equal(m.severity, 'SECURITY_WARNING');
  assert.ok(m.line >= 4 && m.line <= 8, `line ${m.line}`);
});

test('markers are ordered by place; a finding without locations is on line 1; markersByLine puts errors first', () => {
  const markers = findingMarkers(POLICY, [
    {
      findingType: 'SUGGESTION',
      issueCode: 'B',
      findingDetails: 'b',
      locations: [{ span: { start: { line: 8, column: 0 } } }],
    },
    { findingType: 'ERROR', issueCode: 'A', findingDetails: 'a' },
    {
      findingType: 'WARNING',
      issueCode: 'C',
      findingDetails: 'c',
      locations: [{ span: { start: { line: 8, column: 2 } } }],
    },
    {
      findingType: 'ERROR',
      issueCode: 'D',
      findingDetails: 'd',
      locations: [{ span: { start: { line: 8, column: 4 } } }],
    },
  ]);
  assert.deepEqual(
    markers.map((m) => [m.code, m.line]),
    [
      ['A', 1],
      ['B', 8],
      ['C', 8],
      ['D', 8],
    ],
  );
  assert.deepEqual(
    markersByLine(markers)
      .get(8)
      ?.map((m) => m.code),
    ['D', 'C', 'B'],
  );
});
