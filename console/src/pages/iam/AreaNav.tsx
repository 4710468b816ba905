/** The pages of an area (IAM, SES) as a navigation list, the current one marked. */
import { useLocation } from 'preact-iso';
import { BASE } from '../../base.js';
import './pages.css';

export interface AreaLink {
  href: string;
  label: string;
}

export const IAM_LINKS: AreaLink[] = [
  { href: '/iam/roles', label: 'Roles' },
  { href: '/iam/users', label: 'Users' },
  { href: '/iam/groups', label: 'Groups' },
  { href: '/iam/policies', label: 'Policies' },
  { href: '/iam/simulator', label: 'Policy simulator' },
];

export const SES_LINKS: AreaLink[] = [
  { href: '/ses/identities', label: 'Identities' },
  { href: '/ses/configuration-sets', label: 'Configuration sets' },
  { href: '/ses/suppression', label: 'Suppression list' },
  { href: '/ses/account', label: 'Account' },
];

export function AreaNav({ label, links }: { label: string; links: AreaLink[] }) {
  const { path } = useLocation();
  const here = path.slice(BASE.length);
  return (
    <nav class="area-nav" aria-label={label}>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a
              href={BASE + l.href}
              aria-current={here === l.href || here.startsWith(`${l.href}/`) ? 'page' : undefined}
            >
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
