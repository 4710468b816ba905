/** The project's sections, as links under the page title (the current one marked). */
import { BASE } from '../../base.js';
import './pinpoint.css';

export const SECTIONS = [
  { path: '', label: 'Overview' },
  { path: '/settings/email', label: 'Email settings' },
  { path: '/endpoints', label: 'Endpoints' },
  { path: '/segments', label: 'Segments' },
  { path: '/templates', label: 'Templates' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/journeys', label: 'Journeys' },
  { path: '/analytics', label: 'Analytics' },
];

export const appHref = (id: string, section = '') => `/pinpoint/apps/${encodeURIComponent(id)}${section}`;

export function AppNav({ id, current }: { id: string; current: string }) {
  return (
    <nav aria-label="Project" class="subnav">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.path}>
            <a href={BASE + appHref(id, s.path)} aria-current={s.path === current ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The breadcrumbs of a project's page. */
export const appCrumbs = (id: string, name: string | undefined, here?: string) => [
  { label: 'Pinpoint', href: '/pinpoint/apps' },
  ...(here ? [{ label: name ?? id, href: appHref(id) }, { label: here }] : [{ label: name ?? id }]),
];
