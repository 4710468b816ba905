import { Buffer } from 'node:buffer';
import { OPS, VARS, runTable } from './fixtures.test.js';

const S = 'aws:SecureTransport';
const B = 'aws:SomeBinary';
const b64 = (s: string) => Buffer.from(s).toString('base64');

runTable('Bool', [
  // The page's example: Deny when aws:SecureTransport is false.
  {
    name: 'Bool false matches false',
    page: OPS,
    block: { Bool: { [S]: ['false'] } },
    ctx: { [S]: 'false' },
    want: true,
  },
  {
    name: 'Bool false does not match true',
    page: OPS,
    block: { Bool: { [S]: ['false'] } },
    ctx: { [S]: 'true' },
    want: false,
  },
  {
    name: 'Bool ignores case',
    page: OPS,
    block: { Bool: { [S]: ['true'] } },
    ctx: { [S]: 'TRUE' },
    want: true,
  },
  {
    name: 'Bool: absent key does not match',
    page: OPS,
    block: { Bool: { [S]: ['false'] } },
    ctx: {},
    want: false,
  },
  {
    name: 'BoolIfExists: absent key matches',
    page: OPS,
    block: { BoolIfExists: { [S]: ['false'] } },
    ctx: {},
    want: true,
  },
  {
    name: 'Bool: a request value that is not a boolean never matches',
    page: OPS,
    block: { Bool: { [S]: ['true'] } },
    ctx: { [S]: 'yes' },
    want: false,
  },
  {
    name: 'Bool: a policy value that is not a boolean never matches',
    page: OPS,
    block: { Bool: { [S]: ['1'] } },
    ctx: { [S]: 'true' },
    want: false,
  },
  {
    name: 'Bool: values are ORed',
    page: OPS,
    block: { Bool: { [S]: ['true', 'false'] } },
    ctx: { [S]: 'false' },
    want: true,
  },
  {
    name: 'Bool accepts a policy variable (the operators page allows it)',
    page: OPS,
    block: { Bool: { [S]: ['${aws:ViaAWSService}'] } },
    ctx: { [S]: 'true', 'aws:ViaAWSService': 'true' },
    want: true,
  },
  {
    name: 'Bool: an unresolvable variable does not match',
    page: VARS,
    block: { Bool: { [S]: ['${aws:ViaAWSService}'] } },
    ctx: { [S]: 'true' },
    want: false,
  },
]);

runTable('BinaryEquals', [
  {
    name: 'same bytes match',
    page: OPS,
    block: { BinaryEquals: { [B]: ['QmluYXJ5VmFsdWVJbkJhc2U2NA=='] } },
    ctx: { [B]: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' },
    want: true,
  },
  {
    name: 'other bytes do not match',
    page: OPS,
    block: { BinaryEquals: { [B]: [b64('abc')] } },
    ctx: { [B]: b64('abd') },
    want: false,
  },
  {
    name: 'compared byte for byte, so case matters',
    page: OPS,
    block: { BinaryEquals: { [B]: [b64('abc')] } },
    ctx: { [B]: b64('ABC') },
    want: false,
  },
  {
    name: 'absent key does not match',
    page: OPS,
    block: { BinaryEquals: { [B]: [b64('abc')] } },
    ctx: {},
    want: false,
  },
  {
    name: 'BinaryEqualsIfExists: absent key matches',
    page: OPS,
    block: { BinaryEqualsIfExists: { [B]: [b64('abc')] } },
    ctx: {},
    want: true,
  },
  {
    name: 'request text that is not base64 does not match',
    page: OPS,
    block: { BinaryEquals: { [B]: ['YWJj'] } },
    ctx: { [B]: 'abc!' },
    want: false,
  },
  {
    name: 'policy text that is not base64 does not match itself',
    page: OPS,
    block: { BinaryEquals: { [B]: ['abc!'] } },
    ctx: { [B]: 'abc!' },
    want: false,
  },
  {
    name: 'values are ORed',
    page: OPS,
    block: { BinaryEquals: { [B]: [b64('x'), b64('y')] } },
    ctx: { [B]: b64('y') },
    want: true,
  },
  {
    name: 'empty value is zero bytes',
    page: OPS,
    block: { BinaryEquals: { [B]: [''] } },
    ctx: { [B]: '' },
    want: true,
  },
]);
