/**
 * The signed-in session: credentials, the chosen region and who they are (the ARN
 * sts:GetCallerIdentity answered), kept in sessionStorage so they live as long as the tab and never
 * reach another tab, a cookie or the server's logs.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Session {
  credentials: Credentials;
  region: string;
  /** The caller's ARN (sts:GetCallerIdentity). */
  arn: string;
  account: string;
}

const KEY = 'pinpost.session';
const REGION_KEY = 'pinpost.region';
export const DEFAULT_REGION = 'us-east-1';

const listeners = new Set<() => void>();

export function currentSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return undefined;
  }
}

function changed(): void {
  for (const l of [...listeners]) l();
}

export function signIn(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  sessionStorage.setItem(REGION_KEY, session.region);
  changed();
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  changed();
}

/** The region chosen last (kept across sign-out in this tab). */
export function lastRegion(): string {
  return sessionStorage.getItem(REGION_KEY) ?? DEFAULT_REGION;
}

export function setRegion(region: string): void {
  sessionStorage.setItem(REGION_KEY, region);
  const s = currentSession();
  if (s) sessionStorage.setItem(KEY, JSON.stringify({ ...s, region }));
  changed();
}

/** The session, re-rendering the component when it changes (sign in, sign out, region). */
export function useSession(): Session | undefined {
  const [session, setSession] = useState(currentSession);
  useEffect(() => {
    const update = () => setSession(currentSession());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return session;
}

/** The session of a page that only renders signed in. */
export function requireSession(): Session {
  const s = currentSession();
  if (!s) throw new Error('not signed in');
  return s;
}
