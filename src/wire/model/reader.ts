/**
 * Where a protocol's decoded request holds a model's members: awsQuery under their wire names;
 * restJson1 under their label, query-string, header or JSON names. What the values are (awsQuery's
 * text, restJson1's JSON values) is the one walk's to type (decode-input.ts).
 */
import type { Member } from './lookup.js';

export interface ProtocolReader {
  /** A member's value in a decoded structure (`top`: the operation's input itself). */
  member(container: Record<string, unknown>, member: Member, top: boolean): unknown;
}

export const queryReader: ProtocolReader = {
  member: (container, member) => container[member.ref.locationName ?? member.name],
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
};
