/**
 * Reading awsQuery input for the user, group, access-key, account and simulation operations: the
 * wire layer hands over nested objects of strings (lists as arrays, an empty list as ''), and the
 * IAM model's member constraints (botocore data/iam/2010-05-08/service-2.json: userNameType,
 * groupNameType, pathType, markerType, maxItemsType, tagKeyType, …) with the model's own pattern
 * text, which AWS's ValidationError messages quote verbatim.
 */
import type { Page } from '../../../store/index.js';
import type { Constraint } from '../../shared/constraints.js';

const NAME = '[\\w+=,.@-]+';

export const MODEL = {
  userName: { min: 1, max: 64, pattern: NAME },
  existingUserName: { min: 1, max: 128, pattern: NAME },
  groupName: { min: 1, max: 128, pattern: NAME },
  path: { min: 1, max: 512, pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  pathPrefix: { min: 1, max: 512, pattern: '\\u002F[\\u0021-\\u007F]*' },
  marker: { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' },
  maxItems: { minValue: 1, maxValue: 1000 },
  arn: { min: 20, max: 2048 },
  accessKeyId: { min: 16, max: 128, pattern: '[\\w]+' },
  accessKeyStatus: { enum: ['Active', 'Inactive', 'Expired'] },
  tagList: { max: 50 },
  tagKey: { min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' },
  tagValue: { min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' },
  policyDocument: { min: 1, max: 131072, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  actionName: { min: 3, max: 128 },
  resourceName: { min: 1, max: 2048 },
  resourceHandlingOption: { min: 1, max: 64 },
  contextKeyName: { min: 5, max: 256 },
  contextKeyType: {
    enum: [
      'string',
      'stringList',
      'numeric',
      'numericList',
      'boolean',
      'booleanList',
      'ip',
      'ipList',
      'binary',
      'binaryList',
      'date',
      'dateList',
    ],
  },
  entityType: { enum: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
} as const satisfies Record<string, Constraint>;

/** `{ ...c, required: true }` for members the model lists as required. */
export const required = (c: Constraint): Constraint => ({ ...c, required: true });

export type Raw = Record<string, unknown>;

/** A string member, or undefined when absent. */
export function str(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  return typeof v === 'string' ? v : undefined;
}

/** An integer member (the SDKs only ever send digits; anything else is treated as absent). */
export function int(raw: Raw, name: string): number | undefined {
  const v = str(raw, name);
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** A list member: `Name.member.N` decodes to an array, an empty list (`Name=`) to ''. */
export function list(raw: Raw, name: string): unknown[] | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  return [];
}

export function strings(raw: Raw, name: string): string[] | undefined {
  return list(raw, name)?.map((v) => (typeof v === 'string' ? v : ''));
}

/** Marker and MaxItems, checked against markerType and maxItemsType. */
export interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export function paging(raw: Raw): Paging {
  return { Marker: str(raw, 'Marker'), MaxItems: int(raw, 'MaxItems') };
}

export function pagingConstraints(p: Paging): [string, unknown, Constraint][] {
  return [
    ['Marker', p.Marker, MODEL.marker],
    ['MaxItems', p.MaxItems, MODEL.maxItems],
  ];
}

export const pageRequest = (p: Paging) => ({ marker: p.Marker, maxItems: p.MaxItems });

/** A page's IsTruncated and Marker members, as IAM's list operations send them. */
export function pageOutput<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.isTruncated ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}

/**
 * A list operation's output: the page's items (mapped) under the model's member name, with
 * IsTruncated and Marker — typed, so `listOutput('MFADevices', …)` checks against the response type.
 */
export function listOutput<K extends string, T, U = T>(
  member: K,
  page: Page<T>,
  map?: (t: T) => U,
): Record<K, U[]> & { IsTruncated: boolean; Marker?: string } {
  const items = map ? page.items.map(map) : (page.items as unknown as U[]);
  return { [member]: items, ...pageOutput(page) } as Record<K, U[]> & {
    IsTruncated: boolean;
    Marker?: string;
  };
}
