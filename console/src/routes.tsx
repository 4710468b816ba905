/**
 * THE route registry: one entry per page, path relative to the console's base (`/_pinpost/console`).
 * Pages load lazily (each its own chunk), so a page's SDK clients load only when it is opened.
 * Page helpers add their entries here, one line each.
 */
import type { ComponentType } from 'preact';
import type { Area } from './areas.js';

export { areaOf, type Area } from './areas.js';

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
  {
    path: '/pinpoint/apps',
    label: 'Projects',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/apps-page.js'),
  },
  {
    path: '/pinpoint/apps/:id',
    label: 'Project',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/app-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/settings/email',
    label: 'Email settings',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/email-settings-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/endpoints',
    label: 'Endpoints',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/endpoints-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/segments',
    label: 'Segments',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/segments-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/templates',
    label: 'Templates',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/templates-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/campaigns',
    label: 'Campaigns',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/campaigns-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/journeys',
    label: 'Journeys',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/journeys-page.js'),
  },
  {
    path: '/pinpoint/apps/:id/analytics',
    label: 'Analytics',
    area: 'pinpoint',
    load: () => import('./pages/pinpoint/analytics-page.js'),
  },
  { path: '/iam/roles', label: 'Roles', area: 'iam', load: () => import('./pages/iam/roles-page.js') },
  { path: '/iam/roles/:name', label: 'Role', area: 'iam', load: () => import('./pages/iam/role-page.js') },
  { path: '/iam/users', label: 'Users', area: 'iam', load: () => import('./pages/iam/users-page.js') },
  { path: '/iam/users/:name', label: 'User', area: 'iam', load: () => import('./pages/iam/user-page.js') },
  { path: '/iam/groups', label: 'Groups', area: 'iam', load: () => import('./pages/iam/groups-page.js') },
  { path: '/iam/groups/:name', label: 'Group', area: 'iam', load: () => import('./pages/iam/group-page.js') },
  {
    path: '/iam/policies',
    label: 'Policies',
    area: 'iam',
    load: () => import('./pages/iam/policies-page.js'),
  },
  {
    path: '/iam/policies/view',
    label: 'Policy',
    area: 'iam',
    load: () => import('./pages/iam/policy-page.js'),
  },
  {
    path: '/iam/simulator',
    label: 'Policy simulator',
    area: 'simulator',
    load: () => import('./pages/simulator/simulator-page.js'),
  },
  {
    path: '/ses/identities',
    label: 'Identities',
    area: 'ses',
    load: () => import('./pages/ses/identities-page.js'),
  },
  {
    path: '/ses/identities/:name',
    label: 'Identity',
    area: 'ses',
    load: () => import('./pages/ses/identity-page.js'),
  },
  {
    path: '/ses/configuration-sets',
    label: 'Configuration sets',
    area: 'ses',
    load: () => import('./pages/ses/configuration-sets-page.js'),
  },
  {
    path: '/ses/suppression',
    label: 'Suppression list',
    area: 'ses',
    load: () => import('./pages/ses/suppression-page.js'),
  },
  { path: '/ses/account', label: 'Account', area: 'ses', load: () => import('./pages/ses/account-page.js') },
];

/** The navigation: each area's first page. */
export const NAV: { area: Area; label: string; href: string }[] = [
  { area: 'mailbox', label: 'Mailbox', href: '/mailbox' },
  { area: 'pinpoint', label: 'Pinpoint', href: '/pinpoint/apps' },
  { area: 'ses', label: 'SES', href: '/ses/identities' },
  { area: 'iam', label: 'IAM', href: '/iam/roles' },
  { area: 'simulator', label: 'Policy simulator', href: '/iam/simulator' },
];
