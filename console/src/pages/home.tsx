import { BASE } from '../base.js';
import { NAV } from '../routes.js';
import { useSession } from '../session.js';
import { Page } from '../ui/Page.js';

export default function Home() {
  const session = useSession();
  return (
    <Page title="Pinpost console">
      <p>
        Signed in as <code>{session?.arn}</code> in <strong>{session?.region}</strong>. Every action here is
        an ordinary AWS call signed with these credentials, so IAM decides as for any client.
      </p>
      <ul class="cards">
        {NAV.map((n) => (
          <li key={n.area}>
            <a href={BASE + n.href}>{n.label}</a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
