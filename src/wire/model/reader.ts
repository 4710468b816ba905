/**
 * How a protocol's decoded request holds a model's values: awsQuery hands strings (numbers and
 * booleans as text, an empty list as `''`); restJson1 hands JSON values plus labels, query-string
 * and header members as strings. A value of the wrong type is not the model layer's to word: it is
 * skipped here and left to the operation's own reading.
 */
import type { Member } from './lookup.js';

export interface ProtocolReader {
  /** A member's value in a decoded structure (`top`: the operation's input itself). */
  member(container: Record<string, unknown>, member: Member, top: boolean): unknown;
  /** An integer or long member's number, or undefined when it is not one. */
  number(value: unknown): number | undefined;
  /** A list member's items, or undefined when the value is no list. */
  list(value: unknown): unknown[] | undefined;
}

const INTEGER = /^-?\d+$/;

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && INTEGER.test(value)) return Number(value);
  return undefined;
}

export const queryReader: ProtocolReader = {
  member: (container, member) => container[member.ref.locationName ?? member.name],
  number: numberOf,
  list(value) {
    if (value === '') return [];
    return Array.isArray(value) ? value : undefined;
  },
};

/**
 * restJson1. Top-level members bound to the URI are under their label name (the router's), body
 * members under their JSON name; query-string and header members under the member name (the codec
 * maps them). A query-string member sent twice arrives as a list.
 */
export const restJsonReader: ProtocolReader = {
  member(container, member, top) {
    if (top && member.ref.location === 'uri') return container[member.ref.locationName ?? member.name];
    if (top && member.ref.location !== undefined) {
      const v = container[member.name];
      // A list bound to the query string arrives as one string when the request holds one value.
      return member.ref.location === 'querystring' && member.shape.type === 'list' && typeof v === 'string'
        ? [v]
        : v;
    }
    return container[member.ref.locationName ?? member.name];
  },
  number: numberOf,
  list: (value) => (Array.isArray(value) ? value : undefined),
};
