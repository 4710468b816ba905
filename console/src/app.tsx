/**
 * The layout: a header (who is signed in, the region, sign out), the navigation and the routed
 * page. Signed out, every URL shows the sign-in form and stays where it is, so a deep link works
 * after signing in.
 */
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { BASE } from './base.js';
import { REGIONS } from './regions.js';
import { NAV, routes } from './routes.js';
import { setRegion, signOut, useSession, type Session } from './session.js';
import { Button } from './ui/Button.js';
import { Select } from './ui/Select.js';
import { useLoaded } from './use-loaded.js';

const pages = routes.map((r) => ({ ...r, Component: lazy(r.load) }));

export function App() {
  const session = useSession();
  return (
    <LocationProvider scope={BASE}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      {session ? <SignedIn session={session} /> : <SignInLoader />}
    </LocationProvider>
  );
}

function SignedIn({ session }: { session: Session }) {
  const { path } = useLocation();
  const here = path.slice(BASE.length) || '/';
  return (
    <div class="layout">
      <header class="topbar">
        <a class="brand" href={`${BASE}/`}>
          Pinpost
        </a>
        <span class="who" title={session.arn}>
          <span class="visually-hidden">Signed in as </span>
          {session.arn}
        </span>
        <Select label="Region" compact value={session.region} options={REGIONS} onValue={setRegion} />
        <Button onClick={signOut}>Sign out</Button>
      </header>
      <nav class="sidenav" aria-label="Main">
        <ul>
          {NAV.map((n) => {
            const current = here === n.href || here.startsWith(n.href + '/');
            return (
              <li key={n.area}>
                <a href={BASE + n.href} aria-current={current ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Router>
            {[
              ...pages.map((p) => <Route key={p.path} path={BASE + p.path} component={p.Component} />),
              <Route key="missing" default component={NotFound} />,
            ]}
          </Router>
        </ErrorBoundary>
      </main>
    </div>
  );
}

/** The sign-in form loads only when needed: a signed-in tab never downloads the STS client. */
function SignInLoader() {
  const SignIn = useLoaded(() => import('./pages/sign-in.js').then((m) => m.SignIn));
  return SignIn ? <SignIn /> : <main id="main" aria-busy="true" />;
}

function NotFound() {
  return (
    <section class="page">
      <h1>Not found</h1>
      <p>There is no console page at this address.</p>
      <p>
        <a href={`${BASE}/`}>Back to the console's home</a>
      </p>
    </section>
  );
}
