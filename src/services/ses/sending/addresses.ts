/**
 * Email addresses as SES reads them: `Name <user@domain>` or a bare address, the domain part, and
 * the mailbox simulator's addresses (send-an-email-from-console.html, "Using the mailbox simulator").
 */
import addressparser from 'nodemailer/lib/addressparser';

export interface ParsedAddress {
  /** As given (with its display name, if any). */
  raw: string;
  address: string;
  name: string;
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Parses one address; undefined when it is not `UserName@[SubDomain.]Domain.TopLevelDomain`. */
export function parseAddress(raw: string): ParsedAddress | undefined {
  const [first, ...rest] = addressparser(raw, { flatten: true });
  if (!first || rest.length > 0 || !ADDRESS.test(first.address)) return undefined;
  return { raw, address: first.address, name: first.name };
}

/** Every address of a header value (`a@b.c, "D" <d@e.f>`); invalid ones are returned as undefined. */
export function parseAddressList(value: string): (ParsedAddress | undefined)[] {
  return addressparser(value, { flatten: true }).map((a) =>
    ADDRESS.test(a.address) ? { raw: a.name ? `${a.name} <${a.address}>` : a.address, ...a } : undefined,
  );
}

export const domainOf = (address: string): string =>
  address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export type SimulatorScenario = 'success' | 'bounce' | 'ooto' | 'complaint' | 'suppressionlist';

/**
 * The scenario of a mailbox simulator address. Labels after `+` are allowed
 * (`success+label@simulator.amazonses.com`) so tests can tell their sends apart.
 */
export function simulatorScenario(address: string): SimulatorScenario | undefined {
  if (domainOf(address) !== SIMULATOR_DOMAIN) return undefined;
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase().split('+', 1)[0];
  return (['success', 'bounce', 'ooto', 'complaint', 'suppressionlist'] as const).find((s) => s === local);
}
