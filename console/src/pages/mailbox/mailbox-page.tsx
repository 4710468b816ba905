import { Page } from '../../ui/Page.js';

export default function MailboxPage() {
  return (
    <Page title="Mailbox">
      <p>Loading…</p>
    </Page>
  );
}
