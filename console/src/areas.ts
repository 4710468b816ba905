/** The console's areas (the navigation's entries) and which one a path is in. */
export type Area = 'home' | 'mailbox' | 'pinpoint' | 'ses' | 'iam' | 'simulator';

/** The area of a path under the console's base (`/iam/users/ada` → `iam`). */
export function areaOf(path: string): Area {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under('/iam/simulator')) return 'simulator';
  for (const area of ['mailbox', 'pinpoint', 'ses', 'iam'] as const) if (under(`/${area}`)) return area;
  return 'home';
}
