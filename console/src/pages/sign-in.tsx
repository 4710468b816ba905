/**
 * Signing in: the credentials are checked with sts:GetCallerIdentity (any valid key may call it;
 * IAM never denies it), which also names who they are. A refusal shows AWS's text.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { useState } from 'preact/hooks';
import { stsFor } from '../aws/clients.js';
import { REGIONS } from '../regions.js';
import { lastRegion, signIn } from '../session.js';
import { Button } from '../ui/Button.js';
import { ErrorBanner } from '../ui/ErrorBanner.js';
import { Field } from '../ui/Field.js';
import { Select } from '../ui/Select.js';

export function SignIn() {
  const [accessKeyId, setKeyId] = useState('');
  const [secretAccessKey, setSecret] = useState('');
  const [sessionToken, setToken] = useState('');
  const [region, setRegion] = useState(lastRegion);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const credentials = {
      accessKeyId: accessKeyId.trim(),
      secretAccessKey: secretAccessKey.trim(),
      ...(sessionToken.trim() ? { sessionToken: sessionToken.trim() } : {}),
    };
    try {
      const who = await stsFor(credentials, region).send(new GetCallerIdentityCommand({}));
      signIn({ credentials, region, arn: who.Arn ?? '', account: who.Account ?? '' });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <form onSubmit={submit} class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Pinpost</h1>
        <p class="hint">
          Use an access key of this server (the root key <code>test</code>/<code>test</code> by default, or an
          IAM user's). It stays in this tab's session storage.
        </p>
        <Field
          label="Access key ID"
          value={accessKeyId}
          onValue={setKeyId}
          autoComplete="username"
          required
        />
        <Field
          label="Secret access key"
          type="password"
          value={secretAccessKey}
          onValue={setSecret}
          autoComplete="current-password"
          required
        />
        <Field
          label="Session token"
          value={sessionToken}
          onValue={setToken}
          hint="Optional: for temporary credentials."
        />
        <Select label="Region" value={region} options={REGIONS} onValue={setRegion} />
        <ErrorBanner error={error} />
        <Button kind="primary" type="submit" disabled={busy}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
