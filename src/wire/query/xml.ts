/**
 * awsQuery's XML: output values to elements. Arrays become `<member>` lists, QueryMap values
 * `<entry><key/><value/></entry>`, dates ISO 8601, booleans `true`/`false`; undefined and null
 * members are left out, as AWS does.
 */
import { XMLBuilder } from 'fast-xml-parser';

import { isoDate } from '../model/output-scalars.js';
import { QueryMap } from './query-map.js';

export { isoDate } from '../model/output-scalars.js';
export { asQueryMap, QueryMap } from './query-map.js';

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
});

export function buildXml(root: string, content: XmlNode, namespace?: string): string {
  const body: XmlNode = namespace ? { '@_xmlns': namespace, ...content } : content;
  return builder.build({ [root]: body }) as string;
}

/** Converts an output value to the builder's tree. */
export function toXmlTree(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const members = value.map(toXmlTree).filter((v) => v !== undefined);
    return members.length ? { member: members } : '';
  }
  if (value instanceof QueryMap) {
    const entries = Object.entries(value.entries).map(([key, v]) => ({ key, value: toXmlTree(v) }));
    return entries.length ? { entry: entries } : '';
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  const out: XmlNode = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const x = toXmlTree(v);
    if (x !== undefined) out[k] = x;
  }
  return out;
}
