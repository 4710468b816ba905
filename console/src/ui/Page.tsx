import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { BASE } from '../base.js';

export interface Crumb {
  label: string;
  /** Path under the console (`/pinpoint/apps`); the last crumb has none. */
  href?: string;
}

interface Props {
  title: string;
  crumbs?: Crumb[];
  actions?: ComponentChildren;
  children: ComponentChildren;
}

/** A page: breadcrumbs, the title (also the document's), actions, content. */
export function Page({ title, crumbs = [], actions, children }: Props) {
  useEffect(() => {
    document.title = `${title} · Pinpost`;
  }, [title]);
  return (
    <section class="page">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" class="crumbs">
          <ol>
            {crumbs.map((c) => (
              <li key={c.label}>
                {c.href ? <a href={BASE + c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <header class="page-head">
        <h1>{title}</h1>
        {actions && <div class="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
