/** One SES identity (GetEmailIdentity): verification, DKIM (status, tokens and the records to publish), MAIL FROM, feedback. */
import { GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { clients } from '../../aws/clients.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Page } from '../../ui/Page.js';
import { useLoad } from '../iam/use-load.js';
import { DkimRecords } from './DkimRecords.js';
import { AreaNav, SES_LINKS } from '../iam/AreaNav.js';

export default function IdentityPage({ name: raw }: { name: string }) {
  const name = decodeURIComponent(raw);
  const got = useLoad(
    () => clients().sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: name })),
    [name],
  );
  const i = got.data;
  return (
    <Page
      title={name}
      crumbs={[
        { label: 'SES', href: '/ses/identities' },
        { label: 'Identities', href: '/ses/identities' },
        { label: name },
      ]}
    >
      <AreaNav label="SES pages" links={SES_LINKS} />
      <ErrorBanner error={got.error} />
      {i && (
        <>
          <dl class="summary">
            <dt>Type</dt>
            <dd>{i.IdentityType}</dd>
            <dt>Verification status</dt>
            <dd>{i.VerificationStatus}</dd>
            <dt>Verified for sending</dt>
            <dd>{i.VerifiedForSendingStatus ? 'Yes' : 'No'}</dd>
            <dt>Feedback forwarding</dt>
            <dd>{i.FeedbackForwardingStatus ? 'Enabled' : 'Disabled'}</dd>
            <dt>DKIM signing</dt>
            <dd>
              {i.DkimAttributes?.SigningEnabled ? 'Enabled' : 'Disabled'} (
              {i.DkimAttributes?.SigningAttributesOrigin ?? 'AWS_SES'}), status {i.DkimAttributes?.Status}
            </dd>
            {i.MailFromAttributes?.MailFromDomain && (
              <>
                <dt>MAIL FROM domain</dt>
                <dd>
                  {i.MailFromAttributes.MailFromDomain} ({i.MailFromAttributes.MailFromDomainStatus})
                </dd>
              </>
            )}
            {i.ConfigurationSetName && (
              <>
                <dt>Default configuration set</dt>
                <dd>{i.ConfigurationSetName}</dd>
              </>
            )}
          </dl>
          <h2>DKIM</h2>
          {i.DkimAttributes?.Tokens?.length ? (
            <DkimRecords domain={name} tokens={i.DkimAttributes.Tokens} status={i.DkimAttributes.Status} />
          ) : (
            <p>No DKIM tokens.</p>
          )}
          {i.Policies && Object.keys(i.Policies).length > 0 && (
            <>
              <h2>Sending authorization policies</h2>
              {Object.entries(i.Policies).map(([n, p]) => (
                <details key={n}>
                  <summary>{n}</summary>
                  <pre>{p}</pre>
                </details>
              ))}
            </>
          )}
        </>
      )}
    </Page>
  );
}
