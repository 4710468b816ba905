/**
 * A project's overview and settings: GetApp, GetApplicationSettings, UpdateApplicationSettings
 * (the campaign limits and quiet time every campaign of the project inherits).
 */
import {
  GetAppCommand,
  GetApplicationSettingsCommand,
  UpdateApplicationSettingsCommand,
} from '@aws-sdk/client-pinpoint';
import { useEffect, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAction, useLoad } from './use-load.js';

export function useAppName(id: string): string | undefined {
  const session = useSession();
  const app = useLoad(
    () => clients().pinpoint.send(new GetAppCommand({ ApplicationId: id })),
    [id, session?.region],
  );
  return app.data?.ApplicationResponse?.Name;
}

const LIMITS = [
  { key: 'Daily', label: 'Messages per endpoint per day' },
  { key: 'Total', label: 'Messages per endpoint per campaign' },
  { key: 'MessagesPerSecond', label: 'Messages per second' },
  { key: 'MaximumDuration', label: 'Maximum duration (seconds)' },
] as const;

type LimitKey = (typeof LIMITS)[number]['key'];

export default function AppPage({ id }: { id: string }) {
  const session = useSession();
  const app = useLoad(
    () => clients().pinpoint.send(new GetAppCommand({ ApplicationId: id })),
    [id, session?.region],
  );
  const settings = useLoad(
    () => clients().pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: id })),
    [id, session?.region],
  );
  const action = useAction();
  const [limits, setLimits] = useState<Record<LimitKey, string>>({
    Daily: '',
    Total: '',
    MessagesPerSecond: '',
    MaximumDuration: '',
  });
  const [quietStart, setQuietStart] = useState('');
  const [quietEnd, setQuietEnd] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const s = settings.data?.ApplicationSettingsResource;
    if (!s) return;
    const l = s.Limits ?? {};
    setLimits({
      Daily: l.Daily?.toString() ?? '',
      Total: l.Total?.toString() ?? '',
      MessagesPerSecond: l.MessagesPerSecond?.toString() ?? '',
      MaximumDuration: l.MaximumDuration?.toString() ?? '',
    });
    setQuietStart(s.QuietTime?.Start ?? '');
    setQuietEnd(s.QuietTime?.End ?? '');
  }, [settings.data]);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const numbers = Object.fromEntries(
      LIMITS.filter((l) => limits[l.key].trim() !== '').map((l) => [l.key, Number(limits[l.key])]),
    );
    const done = await action.run(() =>
      clients().pinpoint.send(
        new UpdateApplicationSettingsCommand({
          ApplicationId: id,
          WriteApplicationSettingsRequest: {
            Limits: numbers,
            ...(quietStart || quietEnd ? { QuietTime: { Start: quietStart, End: quietEnd } } : {}),
          },
        }),
      ),
    );
    if (done) {
      setSaved(true);
      await settings.reload();
    }
  };

  const a = app.data?.ApplicationResponse;
  return (
    <Page title={a?.Name ?? 'Project'} crumbs={appCrumbs(id, a?.Name)}>
      <AppNav id={id} current="" />
      <ErrorBanner error={app.error ?? settings.error} />
      {a && (
        <dl class="facts">
          <dt>Project ID</dt>
          <dd>
            <code>{a.Id}</code>
          </dd>
          <dt>ARN</dt>
          <dd>
            <code>{a.Arn}</code>
          </dd>
          <dt>Created</dt>
          <dd>{a.CreationDate}</dd>
        </dl>
      )}
      <form onSubmit={save} aria-label="Project settings">
        <h2>Settings</h2>
        <fieldset>
          <legend>Default campaign limits</legend>
          {LIMITS.map((l) => (
            <Field
              key={l.key}
              label={l.label}
              type="number"
              value={limits[l.key]}
              onValue={(v) => setLimits({ ...limits, [l.key]: v })}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>Quiet time</legend>
          <Field
            label="Quiet time start (HH:mm)"
            value={quietStart}
            onValue={setQuietStart}
            placeholder="22:00"
          />
          <Field label="Quiet time end (HH:mm)" value={quietEnd} onValue={setQuietEnd} placeholder="07:00" />
        </fieldset>
        <ErrorBanner error={action.error} />
        {saved && <p role="status">Settings saved.</p>}
        <Button kind="primary" type="submit" disabled={action.busy}>
          Save settings
        </Button>
      </form>
    </Page>
  );
}
