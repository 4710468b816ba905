/**
 * The DNS lookup every egress connection uses (`lookup` of node:http's request): it resolves the
 * host, refuses it when any address it resolves to is in a refused class, and hands the socket
 * exactly the addresses it checked. The socket connects to what was checked, so a second
 * resolution cannot answer differently in between (DNS rebinding). A host that resolves to both a
 * public and a private address is refused: which one a connection would use is not ours to guess.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressClass } from './address-class.js';
import { blocked, type EgressError } from './errors.js';

type Callback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The refusal a lookup reported, kept so the request can say why without a second lookup. */
export interface LookupVerdict {
  refused?: EgressError;
}

/** The class of an address egress refuses, undefined for one it may reach. */
export type Refuse = (ip: string) => AddressClass | undefined;

export function guardedLookup(refuse: Refuse, redirected: boolean, verdict: LookupVerdict) {
  const lookup = (hostname: string, options: LookupOptions, callback: Callback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const cls = refuse(address);
        if (cls) {
          verdict.refused = blocked(cls, redirected);
          const e: NodeJS.ErrnoException = new Error(verdict.refused.message);
          e.code = 'EPINPOSTBLOCKED';
          return callback(e, []);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
