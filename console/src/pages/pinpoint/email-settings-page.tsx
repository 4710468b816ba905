/**
 * The project's email settings (GetEmailChannel, UpdateEmailChannel): the sending identity, the
 * from address and the orchestration sending role. "Create a new role" does the seed's manual steps
 * (pinpoint/latest/developerguide/permissions-ses.html) as the signed-in principal — iam:CreateRole
 * with the trust policy, iam:PutRolePolicy with the permissions policy, both shown first — then
 * sets the channel's OrchestrationSendingRoleArn. Every call is the principal's own, so a denial
 * is AWS's AccessDenied, shown as AWS words it.
 */
import { CreateRoleCommand, ListRolesCommand, PutRolePolicyCommand, type Role } from '@aws-sdk/client-iam';
import { GetEmailChannelCommand, UpdateEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { ListEmailIdentitiesCommand } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { CodeEditor } from '../../ui/CodeEditor.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { AppNav, appCrumbs } from './app-nav.js';
import { useAppName } from './app-page.js';
import {
  accountOfArn,
  partitionOf,
  PERMISSIONS_POLICY_NAME,
  permissionsPolicy,
  roleNameProblem,
  trustPolicy,
} from './role-policies.js';
import { useAction, useLoad } from './use-load.js';

const isNotFound = (e: unknown) => (e as { name?: string })?.name === 'NotFoundException';

async function allRoles(): Promise<Role[]> {
  const out: Role[] = [];
  let Marker: string | undefined;
  do {
    const page = await clients().iam.send(new ListRolesCommand({ Marker }));
    out.push(...(page.Roles ?? []));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}

async function allIdentities(): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients().sesv2.send(new ListEmailIdentitiesCommand({ NextToken }));
    for (const i of page.EmailIdentities ?? []) if (i.IdentityName) out.push(i.IdentityName);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

type RoleChoice = 'create' | 'existing';

export default function EmailSettingsPage({ id }: { id: string }) {
  const session = useSession();
  const region = session?.region ?? 'us-east-1';
  const name = useAppName(id);
  const deps = [id, region, session?.arn];
  const caller = useLoad(() => clients().sts.send(new GetCallerIdentityCommand({})), deps);
  const channel = useLoad(async () => {
    try {
      return (await clients().pinpoint.send(new GetEmailChannelCommand({ ApplicationId: id })))
        .EmailChannelResponse;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }, deps);
  const identities = useLoad(allIdentities, deps);
  const roles = useLoad(allRoles, deps);
  const action = useAction();

  const [identity, setIdentity] = useState('');
  const [from, setFrom] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [choice, setChoice] = useState<RoleChoice>('create');
  const [roleName, setRoleName] = useState('');
  const [roleArn, setRoleArn] = useState('');
  const [done, setDone] = useState<string[]>([]);
  const radios = useId();

  useEffect(() => {
    const c = channel.data;
    if (!c) return;
    setIdentity(c.Identity ?? '');
    setFrom(c.FromAddress ?? '');
    setEnabled(c.Enabled ?? true);
    if (c.OrchestrationSendingRoleArn) {
      setChoice('existing');
      setRoleArn(c.OrchestrationSendingRoleArn);
    }
  }, [channel.data]);

  const account = useMemo(() => {
    const arn = caller.data?.Arn;
    return arn ? accountOfArn(arn) : undefined;
  }, [caller.data]);
  const scope = account ? { account, region } : undefined;
  const trust = scope ? trustPolicy(scope) : '';
  const permissions = scope ? permissionsPolicy(scope) : '';

  const identityArn = (name: string) =>
    account ? `arn:${partitionOf(region)}:ses:${region}:${account}:identity/${name}` : name;
  // Offered once the account is known: the channel takes the identity's ARN.
  const identityNames = account ? (identities.data ?? []) : [];
  const identityOptions = [
    { value: '', label: 'Choose an identity' },
    ...identityNames.map((n) => ({ value: identityArn(n), label: n })),
    ...(identity && !identityNames.some((n) => identityArn(n) === identity)
      ? [{ value: identity, label: identity }]
      : []),
  ];
  const roleOptions = [
    { value: '', label: 'Choose a role' },
    ...(roles.data ?? []).map((r) => ({ value: r.Arn ?? '', label: r.RoleName ?? r.Arn ?? '' })),
    ...(roleArn && !(roles.data ?? []).some((r) => r.Arn === roleArn)
      ? [{ value: roleArn, label: roleArn }]
      : []),
  ];
  const nameProblem = choice === 'create' && roleName !== '' ? roleNameProblem(roleName) : undefined;

  const save = async (e: Event) => {
    e.preventDefault();
    setDone([]);
    await action.run(async () => {
      const steps: string[] = [];
      let arn = roleArn;
      if (choice === 'create') {
        const problem = roleNameProblem(roleName);
        if (problem) throw Object.assign(new Error(problem), { name: 'ValidationError' });
        if (!scope) throw new Error('The account is not known yet (sts:GetCallerIdentity).');
        const iam = clients().iam;
        const made = await iam.send(
          new CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: trust,
            Description: 'Lets Amazon Pinpoint send email through Amazon SES for this account',
          }),
        );
        arn = made.Role?.Arn ?? '';
        steps.push(`Created the role ${roleName} (${arn}).`);
        setDone([...steps]);
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: PERMISSIONS_POLICY_NAME,
            PolicyDocument: permissions,
          }),
        );
        steps.push(`Added the permissions policy ${PERMISSIONS_POLICY_NAME}.`);
        setDone([...steps]);
      }
      await clients().pinpoint.send(
        new UpdateEmailChannelCommand({
          ApplicationId: id,
          EmailChannelRequest: {
            Enabled: enabled,
            FromAddress: from,
            Identity: identity,
            ...(arn ? { OrchestrationSendingRoleArn: arn } : {}),
          },
        }),
      );
      steps.push('Saved the email channel.');
      setDone([...steps]);
      if (choice === 'create') {
        setChoice('existing');
        setRoleArn(arn);
        setRoleName('');
        await roles.reload();
      }
      await channel.reload();
    });
  };

  return (
    <Page title="Email settings" crumbs={appCrumbs(id, name, 'Email settings')}>
      <AppNav id={id} current="/settings/email" />
      <ErrorBanner error={channel.error ?? caller.error} />
      <form onSubmit={save} aria-label="Email settings">
        <Select label="Identity" value={identity} options={identityOptions} onValue={setIdentity} />
        {identities.error !== undefined && <ErrorBanner error={identities.error} />}
        <Field
          label="From address"
          type="email"
          value={from}
          onValue={setFrom}
          placeholder="news@example.com"
        />
        <div class="field field-check">
          <input
            id={`${radios}-enabled`}
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <label for={`${radios}-enabled`}>Enable the email channel</label>
        </div>
        <fieldset>
          <legend>Orchestration sending role</legend>
          <div class="radio">
            <input
              type="radio"
              id={`${radios}-create`}
              name={`${radios}-role`}
              checked={choice === 'create'}
              onChange={() => setChoice('create')}
            />
            <label for={`${radios}-create`}>Create a new role</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id={`${radios}-existing`}
              name={`${radios}-role`}
              checked={choice === 'existing'}
              onChange={() => setChoice('existing')}
            />
            <label for={`${radios}-existing`}>Use an existing role</label>
          </div>
          {choice === 'create' ? (
            <>
              <Field
                label="Role name"
                value={roleName}
                onValue={setRoleName}
                aria-invalid={nameProblem ? true : undefined}
                hint={nameProblem ?? 'Saving creates this role with the two policies below, as you.'}
              />
              <CodeEditor label="Trust policy" value={trust} readOnly rows={trust.split('\n').length} />
              <CodeEditor
                label={`Permissions policy (${PERMISSIONS_POLICY_NAME})`}
                value={permissions}
                readOnly
                rows={permissions.split('\n').length}
              />
            </>
          ) : (
            <>
              <Select label="Role" value={roleArn} options={roleOptions} onValue={setRoleArn} />
              {roles.error !== undefined && <ErrorBanner error={roles.error} />}
            </>
          )}
        </fieldset>
        <ErrorBanner error={action.error} />
        {done.length > 0 && (
          <ul role="status" class="steps">
            {done.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
        <Button kind="primary" type="submit" disabled={action.busy}>
          Save
        </Button>
      </form>
      {channel.data && (
        <dl class="facts">
          <dt>Channel</dt>
          <dd>{channel.data.Enabled ? 'Enabled' : 'Disabled'}</dd>
          <dt>Orchestration sending role</dt>
          <dd>
            <code>{channel.data.OrchestrationSendingRoleArn ?? 'none'}</code>
          </dd>
        </dl>
      )}
    </Page>
  );
}
