/**
 * The policy simulator, after AWS's IAM policy simulator: the policies of a user, group or role
 * (SimulatePrincipalPolicy) or pasted ones (SimulateCustomPolicy), a permissions boundary, a
 * resource-based policy with its owner and the caller, actions from the catalog of actions the
 * server decides, resource ARNs and context keys. Results per action and resource: the decision,
 * the statements that decided (highlighted in the policy text), missing context keys, and the
 * AccessDenied text AWS would answer.
 */
import type { EvaluationResult } from '@aws-sdk/client-iam';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useSession } from '../../session.js';
import { Button } from '../../ui/Button.js';
import { CodeEditor } from '../../ui/CodeEditor.js';
import { ErrorBanner } from '../../ui/ErrorBanner.js';
import { Field } from '../../ui/Field.js';
import { Page } from '../../ui/Page.js';
import { Select } from '../../ui/Select.js';
import { Table } from '../../ui/Table.js';
import { listEntities } from '../iam/entities.js';
import { PolicyEditor } from '../iam/PolicyEditor.js';
import { useAction, useLoad } from '../iam/use-load.js';
import { ACTION_CATALOG, searchActions } from './actions.js';
import { denialText, kindOfStatement } from './denial-text.js';
import { principalPolicies } from './principal-policies.js';
import { contextKeysOf, identityVerdicts, runSimulation } from './run-simulation.js';
import {
  CONTEXT_KEY_TYPES,
  emptyForm,
  FormError,
  policyIds,
  simulationRequest,
  type ContextKeyType,
  type SimulatorForm,
} from './simulator-request.js';
import {
  highlightedLines,
  highlightsFor,
  normalizeStatement,
  type ShownPolicy,
} from './statement-highlights.js';
import { AreaNav, IAM_LINKS } from '../iam/AreaNav.js';

/** API_SimulateCustomPolicy.html, ResourceHandlingOption. */
const HANDLING = [
  '',
  'EC2-VPC-InstanceStore',
  'EC2-VPC-InstanceStore-Subnet',
  'EC2-VPC-EBS',
  'EC2-VPC-EBS-Subnet',
];

interface Outcome {
  result: EvaluationResult;
  denial?: string;
}

export default function SimulatorPage() {
  const { query } = useLocation();
  const session = useSession();
  const [form, setForm] = useState<SimulatorForm>(() => ({
    ...emptyForm(),
    principalArn: query['principal'] ?? '',
  }));
  const set = (over: Partial<SimulatorForm>) => setForm((f) => ({ ...f, ...over }));
  const principals = useLoad(async () => {
    const [users, groups, roles] = await Promise.all([
      listEntities('user'),
      listEntities('group'),
      listEntities('role'),
    ]);
    return [...users, ...groups, ...roles];
  }, [session?.arn]);
  const policies = useLoad(
    () =>
      form.mode === 'principal' && form.principalArn
        ? principalPolicies(form.principalArn)
        : Promise.resolve(undefined),
    [form.mode, form.principalArn],
  );
  const [formError, setFormError] = useState<FormError | undefined>();
  const [outcomes, setOutcomes] = useState<Outcome[] | undefined>();
  const [selected, setSelected] = useState<number | undefined>();
  const [search, setSearch] = useState('');
  const run = useAction();
  const keys = useAction();
  useEffect(() => setOutcomes(undefined), [form.mode, form.principalArn]);

  const pastedIds = policyIds('PolicyInputList', form.policies);
  const boundaryIds = policyIds('PermissionsBoundaryPolicyInputList', form.boundaries);
  // The policies shown, named as MatchedStatements name them.
  const shown = useMemo(() => {
    const out: { policy: ShownPolicy; role: 'identity' | 'boundary' | 'resource' }[] = [];
    if (form.mode === 'principal' && policies.data) {
      for (const p of policies.data.identity) out.push({ policy: p, role: 'identity' });
      if (policies.data.boundary && form.boundaries.every((b) => b.trim() === ''))
        out.push({ policy: policies.data.boundary, role: 'boundary' });
      if (policies.data.trust && form.resourcePolicy.trim() === '')
        out.push({ policy: policies.data.trust, role: 'resource' });
    }
    form.policies.forEach((text, i) => {
      const id = pastedIds[i];
      if (id) out.push({ policy: { id, title: `Policy ${i + 1}`, text }, role: 'identity' });
    });
    form.boundaries.forEach((text, i) => {
      const id = boundaryIds[i];
      if (id) out.push({ policy: { id, title: `Permissions boundary ${i + 1}`, text }, role: 'boundary' });
    });
    if (form.resourcePolicy.trim())
      out.push({
        policy: {
          id: 'ResourcePolicy',
          type: 'resource',
          title: 'Resource-based policy',
          text: form.resourcePolicy,
        },
        role: 'resource',
      });
    return out;
    // pastedIds and boundaryIds follow from form.
  }, [form, policies.data]);

  const matched =
    selected !== undefined && outcomes
      ? (outcomes[selected]?.result.MatchedStatements ?? []).map(normalizeStatement)
      : [];
  const linesOf = (p: ShownPolicy) => [...highlightedLines(highlightsFor(p, matched))];

  const simulate = async () => {
    setFormError(undefined);
    setSelected(undefined);
    // The last run's results go as this one starts: shown while it runs, they would pass for its own.
    setOutcomes(undefined);
    let request;
    try {
      request = simulationRequest(form);
    } catch (e) {
      if (e instanceof FormError) return setFormError(e);
      throw e;
    }
    await run.run(async () => {
      const results = await runSimulation(request);
      const boundarySet = new Set(shown.filter((s) => s.role === 'boundary').map((s) => s.policy.id));
      const identityTexts = shown.filter((s) => s.role === 'identity').map((s) => s.policy.text);
      const identity = await identityVerdicts(request, results, identityTexts);
      const principalArn =
        form.callerArn.trim() || (form.mode === 'principal' ? (policies.data?.arn ?? form.principalArn) : '');
      setOutcomes(
        results.map((result, i) => ({
          result,
          denial: principalArn
            ? denialText(result, {
                principalArn,
                kindOf: kindOfStatement(boundarySet),
                identityAllowed: identity[i],
              })
            : undefined,
        })),
      );
    });
  };

  const loadContextKeys = () =>
    keys.run(async () => {
      const request = simulationRequest({
        ...form,
        actions: form.actions.length ? form.actions : ['sts:GetCallerIdentity'],
      });
      const names = await contextKeysOf(request);
      const have = new Set(form.context.map((c) => c.key.toLowerCase()));
      set({
        context: [
          ...form.context,
          ...names
            .filter((n) => !have.has(n.toLowerCase()))
            .map((key) => ({ key, type: 'string' as ContextKeyType, values: '' })),
        ],
      });
    });

  const principalOptions = [
    { value: '', label: 'Choose a user, group or role' },
    ...(principals.data ?? []).map((e) => ({
      value: e.arn,
      label: `${e.kind === 'user' ? 'User' : e.kind === 'group' ? 'Group' : 'Role'}: ${e.name}`,
    })),
  ];
  if (form.principalArn && !principalOptions.some((o) => o.value === form.principalArn))
    principalOptions.push({ value: form.principalArn, label: form.principalArn });
  const hits = search.trim()
    ? searchActions(search, undefined, 12).filter((a) => !form.actions.includes(a))
    : [];

  return (
    <Page
      title="Policy simulator"
      crumbs={[{ label: 'IAM', href: '/iam/roles' }, { label: 'Policy simulator' }]}
    >
      <AreaNav label="IAM pages" links={IAM_LINKS} />
      <ErrorBanner error={principals.error} />
      <div class="simulator">
        <section aria-labelledby="sim-policies">
          <h2 id="sim-policies">Policies</h2>
          <Select
            label="Simulate the policies of"
            value={form.mode}
            onValue={(v) => set({ mode: v as SimulatorForm['mode'] })}
            options={[
              { value: 'principal', label: 'An IAM user, group or role' },
              { value: 'custom', label: 'Pasted policies only' },
            ]}
          />
          {form.mode === 'principal' && (
            <>
              <Select
                label="Principal"
                value={form.principalArn}
                onValue={(v) => set({ principalArn: v })}
                options={principalOptions}
              />
              <ErrorBanner error={policies.error} />
              {policies.loading && form.principalArn && <p role="status">Loading its policies…</p>}
              {shown
                .filter(
                  (s) =>
                    !s.policy.id.startsWith('PolicyInputList.') &&
                    !s.policy.id.startsWith('PermissionsBoundaryPolicyInputList.') &&
                    s.policy.id !== 'ResourcePolicy',
                )
                .map((s) => (
                  <CodeEditor
                    key={`${s.policy.type}:${s.policy.id}`}
                    label={s.policy.title}
                    value={s.policy.text}
                    readOnly
                    rows={Math.min(14, s.policy.text.split('\n').length)}
                    highlight={linesOf(s.policy)}
                  />
                ))}
              {policies.data && policies.data.identity.length === 0 && (
                <p>It has no identity-based policies.</p>
              )}
            </>
          )}
          {form.policies.map((text, i) => (
            <div key={i} class="pasted-policy">
              <PolicyEditor
                label={`Policy ${i + 1}`}
                kind="managed"
                value={text}
                onValue={(v) => set({ policies: form.policies.map((p, j) => (j === i ? v : p)) })}
                rows={10}
                highlight={linesOf({ id: pastedIds[i] ?? '', title: '', text })}
              />
              <Button onClick={() => set({ policies: form.policies.filter((_, j) => j !== i) })}>
                Remove policy {i + 1}
              </Button>
            </div>
          ))}
          <Button onClick={() => set({ policies: [...form.policies, ''] })}>
            {form.mode === 'principal' ? 'Add a policy to simulate with its own' : 'Add policy'}
          </Button>
          {form.boundaries.map((text, i) => (
            <div key={i} class="pasted-policy">
              <PolicyEditor
                label={`Permissions boundary ${i + 1}`}
                kind="managed"
                value={text}
                onValue={(v) => set({ boundaries: form.boundaries.map((p, j) => (j === i ? v : p)) })}
                rows={8}
                highlight={linesOf({ id: boundaryIds[i] ?? '', title: '', text })}
              />
              <Button onClick={() => set({ boundaries: form.boundaries.filter((_, j) => j !== i) })}>
                Remove permissions boundary {i + 1}
              </Button>
            </div>
          ))}
          <Button onClick={() => set({ boundaries: [...form.boundaries, ''] })}>
            Add permissions boundary
          </Button>
          <CodeEditor
            label="Resource-based policy"
            value={form.resourcePolicy}
            onValue={(v) => set({ resourcePolicy: v })}
            rows={6}
            highlight={linesOf({
              id: 'ResourcePolicy',
              type: 'resource',
              title: '',
              text: form.resourcePolicy,
            })}
          />
          <Field
            label="Resource owner"
            value={form.resourceOwner}
            onValue={(v) => set({ resourceOwner: v })}
            hint="An account id or its ARN; the owner of resources whose ARN names none."
          />
          <Field
            label="Caller ARN"
            value={form.callerArn}
            onValue={(v) => set({ callerArn: v })}
            hint="Who calls: a user, a role or session, or a service principal such as pinpoint.amazonaws.com."
          />
        </section>

        <section aria-labelledby="sim-request">
          <h2 id="sim-request">Actions, resources and context</h2>
          <Field
            label="Search actions"
            value={search}
            onValue={setSearch}
            placeholder="ses send"
            hint={`Words of an action's name, among the ${ACTION_CATALOG.length} actions the server decides; an action typed in full (wildcards too) can be added as it is.`}
          />
          <ul class="action-hits" aria-label="Matching actions">
            {hits.map((a) => (
              <li key={a}>
                <Button
                  onClick={() => {
                    set({ actions: [...form.actions, a] });
                    setSearch('');
                  }}
                >
                  Add {a}
                </Button>
              </li>
            ))}
          </ul>
          <h3>Chosen actions</h3>
          <ul class="chosen-actions" aria-label="Chosen actions">
            {form.actions.length === 0 && <li>None yet.</li>}
            {form.actions.map((a) => (
              <li key={a}>
                <code>{a}</code>{' '}
                <Button
                  aria-label={`Remove ${a}`}
                  onClick={() => set({ actions: form.actions.filter((x) => x !== a) })}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          <CodeEditor
            label="Resource ARNs (one a line)"
            value={form.resources}
            onValue={(v) => set({ resources: v })}
            rows={3}
          />
          <h3>Context keys</h3>
          <ErrorBanner error={keys.error} />
          {form.context.map((row, i) => (
            <div key={i} class="context-row">
              <Field
                label={`Context key ${i + 1}`}
                value={row.key}
                onValue={(v) =>
                  set({ context: form.context.map((c, j) => (j === i ? { ...c, key: v } : c)) })
                }
              />
              <Select
                label={`Type of context key ${i + 1}`}
                value={row.type}
                options={[...CONTEXT_KEY_TYPES]}
                onValue={(v) =>
                  set({
                    context: form.context.map((c, j) => (j === i ? { ...c, type: v as ContextKeyType } : c)),
                  })
                }
              />
              <Field
                label={`Value of context key ${i + 1}`}
                value={row.values}
                onValue={(v) =>
                  set({ context: form.context.map((c, j) => (j === i ? { ...c, values: v } : c)) })
                }
                hint={row.type.endsWith('List') ? 'Values separated by commas.' : undefined}
              />
              <Button
                aria-label={`Remove context key ${i + 1}`}
                onClick={() => set({ context: form.context.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </div>
          ))}
          <Button
            onClick={() => set({ context: [...form.context, { key: '', type: 'string', values: '' }] })}
          >
            Add context key
          </Button>{' '}
          <Button disabled={keys.busy} onClick={loadContextKeys}>
            Add the context keys the policies use
          </Button>
          <Select
            label="Resource handling option"
            value={form.resourceHandlingOption}
            onValue={(v) => set({ resourceHandlingOption: v })}
            options={HANDLING.map((h) => ({ value: h, label: h || 'None' }))}
          />
          {formError && (
            <p role="alert" class="error-banner">
              {formError.message}
            </p>
          )}
          <Button kind="primary" disabled={run.busy} onClick={simulate}>
            Run simulation
          </Button>
        </section>
      </div>

      <section aria-labelledby="sim-results">
        <h2 id="sim-results">Results</h2>
        <ErrorBanner error={run.error} />
        {run.busy && <p role="status">Simulating…</p>}
        {outcomes && (
          <Table
            caption="Simulation results"
            rows={outcomes.map((o, i) => ({ ...o, i }))}
            rowKey={(o) => String(o.i)}
            selected={(o) => o.i === selected}
            columns={[
              { header: 'Action', cell: (o) => <code>{o.result.EvalActionName}</code> },
              { header: 'Resource', cell: (o) => <code>{o.result.EvalResourceName}</code> },
              {
                header: 'Decision',
                cell: (o) => (
                  <span class={`decision decision-${o.result.EvalDecision}`}>{o.result.EvalDecision}</span>
                ),
              },
              {
                header: 'Matched statements',
                cell: (o) => {
                  const ms = (o.result.MatchedStatements ?? []).map(normalizeStatement);
                  return ms.length === 0 ? (
                    'None'
                  ) : (
                    <Button
                      aria-label={`Show the statements of ${o.result.EvalActionName} on ${o.result.EvalResourceName}`}
                      onClick={() => setSelected(o.i)}
                    >
                      {ms
                        .map(
                          (m) =>
                            `${m.SourcePolicyId} (lines ${m.StartPosition?.Line}–${m.EndPosition?.Line})`,
                        )
                        .join(', ')}
                    </Button>
                  );
                },
              },
              {
                header: 'Missing context keys',
                cell: (o) => {
                  const missing = [
                    ...new Set([
                      ...(o.result.MissingContextValues ?? []),
                      ...(o.result.ResourceSpecificResults ?? []).flatMap(
                        (r) => r.MissingContextValues ?? [],
                      ),
                    ]),
                  ];
                  return missing.length ? missing.join(', ') : 'None';
                },
              },
              {
                header: 'Access denied text',
                cell: (o) => (o.denial ? <span class="denial">{o.denial}</span> : ''),
              },
            ]}
          />
        )}
      </section>
    </Page>
  );
}
