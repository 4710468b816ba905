/**
 * THE route registry: one entry per page, path relative to the console's base (`/_pinpost/console`).
 * Pages load lazily (each its own chunk), so a page's SDK clients load only when it is opened.
 * Page helpers add their entries here, one line each.
 */
import type { ComponentType } from 'preact';

export type Area = 'home' | 'mailbox' | 'pinpoint' | 'ses' | 'iam' | 'simulator';

export interface RouteEntry {
  /** preact-iso pattern under the base: `/pinpoint/apps/:id`. */
  path: string;
  label: string;
  area: Area;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<{ default: ComponentType<any> }>;
}

export const routes: RouteEntry[] = [
  { path: '/', label: 'Home', area: 'home', load: () => import('./pages/home.js') },
  {
    path: '/mailbox',
    label: 'Mailbox',
    area: 'mailbox',
    load: () => import('./pages/mailbox/mailbox-page.js'),
  },
  {
    path: '/mailbox/:id',
    label: 'Message',
    area: 'mailbox',
    load: () => import('./pages/mailbox/mailbox-page.js'),
  },
];

/** The navigation: each area's first page. */
export const NAV: { area: Area; label: string; href: string }[] = [
  { area: 'mailbox', label: 'Mailbox', href: '/mailbox' },
  { area: 'pinpoint', label: 'Pinpoint', href: '/pinpoint/apps' },
  { area: 'ses', label: 'SES', href: '/ses/identities' },
  { area: 'iam', label: 'IAM', href: '/iam/roles' },
  { area: 'simulator', label: 'Policy simulator', href: '/iam/simulator' },
];
