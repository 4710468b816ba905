import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextKeysOfPolicy } from './context-keys.js';
import type { PolicyDocument, Statement } from './types.js';

const API = 'API_GetContextKeysForCustomPolicy.html';
const pos = { line: 1, column: 1 };
const stmt = (s: Partial<Statement>): Statement => ({
  index: 0,
  effect: 'Allow',
  action: ['*'],
  start: pos,
  end: pos,
  ...s,
});

describe('contextKeysOfPolicy', () => {
  it(`matches the AWS CLI's documented example: Resource variables, then condition keys, as written [${API}]`, () => {
    // awscli/examples/iam/get-context-keys-for-custom-policy.rst
    const doc: PolicyDocument = {
      version: '2012-10-17',
      statements: [
        stmt({
          action: ['dynamodb:*'],
          resource: ['arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}'],
          condition: { DateGreaterThan: { 'aws:CurrentTime': ['2015-08-16T12:00:00Z'] } },
        }),
      ],
    };
    assert.deepEqual(contextKeysOfPolicy(doc), ['aws:username', 'aws:CurrentTime']);
  });

  it(`lists keys across statements in order, dropping case-insensitive duplicates [${API}]`, () => {
    const doc: PolicyDocument = {
      version: '2012-10-17',
      statements: [
        stmt({
          condition: {
            StringEquals: { 'aws:SourceAccount': ['1'] },
            Bool: { 'aws:SecureTransport': ['true'] },
          },
        }),
        stmt({
          index: 1,
          notResource: ['arn:aws:s3:::b/${aws:PrincipalTag/team}/*'],
          condition: { StringLike: { 'AWS:SOURCEACCOUNT': ['1'], 's3:prefix': ['${aws:userid}/*'] } },
        }),
      ],
    };
    assert.deepEqual(contextKeysOfPolicy(doc), [
      'aws:SourceAccount',
      'aws:SecureTransport',
      'aws:PrincipalTag/team',
      's3:prefix',
      'aws:userid',
    ]);
  });

  it('ignores variables in a 2008-10-17 document or one without Version [reference_policies_variables.html]', () => {
    const statements = [
      stmt({
        resource: ['arn:aws:s3:::b/${aws:username}'],
        condition: { Null: { 'aws:TokenIssueTime': ['true'] } },
      }),
    ];
    assert.deepEqual(contextKeysOfPolicy({ version: '2008-10-17', statements }), ['aws:TokenIssueTime']);
    assert.deepEqual(contextKeysOfPolicy({ statements }), ['aws:TokenIssueTime']);
  });

  it('ignores the escapes ${*}, ${?} and ${$}, which are not keys [reference_policies_variables.html]', () => {
    const doc: PolicyDocument = {
      version: '2012-10-17',
      statements: [stmt({ resource: ['arn:aws:s3:::b/${*}${?}${$}'] })],
    };
    assert.deepEqual(contextKeysOfPolicy(doc), []);
  });

  it(`returns nothing for a policy without conditions or variables [${API}]`, () => {
    assert.deepEqual(
      contextKeysOfPolicy({ version: '2012-10-17', statements: [stmt({ resource: ['*'] })] }),
      [],
    );
  });
});
