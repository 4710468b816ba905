/**
 * ListPoliciesGrantingServiceAccess, GenerateServiceLastAccessedDetails,
 * GetServiceLastAccessedDetails and GetServiceLastAccessedDetailsWithEntities (API_<Op>.html).
 *
 * The services a report lists are those among Pinpost's (service-access.ts) that the entity's
 * permissions policies allow ("For each service that the resource could access using permissions
 * policies, the operation returns details about the most recent access attempt. If there was no
 * attempt, the service is listed without details", API_GetServiceLastAccessedDetails.html). The
 * attempts are those Pinpost recorded when it authorized a user or a role session
 * (service-access-recorder.ts), allowed or denied alike ("includes all attempts … not just the
 * successful ones"); the root user and federated users are not reported, as in AWS.
 *
 * A report completes at once: it reads only stored policies and records, a bounded amount per
 * entity, with nothing to wait for; it is kept as a job (JobStatus COMPLETED) that the two Get
 * operations read back page by page, so it is the data as it was when generated, as in AWS. The
 * job mechanism (src/jobs) would add a lease and retries for work that needs none.
 *
 * Authorization (Service Authorization Reference, IAM): GenerateServiceLastAccessedDetails on the
 * entity's ARN (user, group, role or policy), ListPoliciesGrantingServiceAccess on the entity's ARN
 * (user, group or role), the two Get operations on `*` (no resource type).
 */
import { randomUUID } from 'node:crypto';
import { encodeMarker, decodeMarker } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type {
  EntityDetails,
  GenerateServiceLastAccessedDetailsResponse,
  GetServiceLastAccessedDetailsResponse,
  GetServiceLastAccessedDetailsWithEntitiesResponse,
  InputOf,
  ListPoliciesGrantingServiceAccessEntry,
  ListPoliciesGrantingServiceAccessResponse,
  ServiceLastAccessed,
} from '../../../wire/model/types/iam.js';
import type { IamDeps } from '../deps.js';
import { noSuchEntity } from '../errors.js';
import { accountOf } from '../handlers/user-entities.js';
import type { ServiceAccessRecord } from '../store-reports.js';
import type { IamStore } from '../store.js';
import { reportsOf } from './credential-report-operations.js';
import {
  entityPolicies,
  grantsAction,
  grantsService,
  PINPOST_SERVICES,
  resolveEntity,
  type EntityType,
  type ResolvedEntity,
} from './service-access.js';

/** An entity a report covers (EntityInfo), with its last attempt at one service. */
interface ReportEntity {
  Arn: string;
  Name: string;
  Type: 'USER' | 'ROLE';
  Id: string;
  Path: string;
}

interface ReportService {
  ServiceName: string;
  ServiceNamespace: string;
  /** Per entity: the last attempt at the service (ISO) and where, when there was one. */
  entities: { entity: ReportEntity; last?: string; region?: string }[];
  /** ACTION_LEVEL: per action attempted, the last attempt. */
  actions?: { ActionName: string; entity: string; last: string; region: string }[];
}

const DEFAULT_MAX_ITEMS = 100;

/** Pages a sorted list by position (the marker is the index to continue from). */
function pageOf<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker ? Number(decodeMarker(marker)) || 0 : 0;
  const size = maxItems ?? DEFAULT_MAX_ITEMS;
  const page = items.slice(start, start + size);
  const more = start + size < items.length;
  return { page, IsTruncated: more, ...(more ? { Marker: encodeMarker(String(start + size)) } : {}) };
}

/** The users and roles whose attempts a report on the entity counts. */
async function reportEntities(store: IamStore, account: string, e: ResolvedEntity): Promise<ReportEntity[]> {
  const user = (u: { UserName: string; UserId: string; Arn: string; Path: string }): ReportEntity => ({
    Arn: u.Arn,
    Name: u.UserName,
    Type: 'USER',
    Id: u.UserId,
    Path: u.Path,
  });
  const role = (r: { RoleName: string; RoleId: string; Arn: string; Path: string }): ReportEntity => ({
    Arn: r.Arn,
    Name: r.RoleName,
    Type: 'ROLE',
    Id: r.RoleId,
    Path: r.Path,
  });
  const members = async (groupName: string) =>
    (await store.groups.members(account, groupName, { maxItems: 1000 })).items.map(user);
  switch (e.kind) {
    case 'user':
      return [user(e.user)];
    case 'role':
      return [role(e.role)];
    case 'group':
      return members(e.group.GroupName);
    case 'policy': {
      const attached = await store.attachments.entitiesForPolicy(account, e.arn);
      const out: ReportEntity[] = [];
      for (const u of attached.PolicyUsers) {
        const found = await store.users.getById(u.UserId);
        if (found) out.push(user(found.user));
      }
      for (const r of attached.PolicyRoles) {
        const found = await store.roles.getById(r.RoleId);
        if (found) out.push(role(found.role));
      }
      for (const g of attached.PolicyGroups) out.push(...(await members(g.GroupName)));
      const seen = new Set<string>();
      return out.filter((x) => !seen.has(x.Arn) && seen.add(x.Arn));
    }
  }
}

const latest = <T extends { LastAuthenticated: Date }>(records: readonly T[]): T | undefined =>
  records.reduce<T | undefined>(
    (a, r) => (!a || r.LastAuthenticated > a.LastAuthenticated ? r : a),
    undefined,
  );

function buildReport(
  policies: readonly string[],
  entities: readonly ReportEntity[],
  records: readonly ServiceAccessRecord[],
  actionLevel: boolean,
): ReportService[] {
  const out: ReportService[] = [];
  for (const s of PINPOST_SERVICES) {
    if (!policies.some((text) => grantsService(text, s.namespace))) continue;
    const prefix = `${s.namespace}:`;
    const ofService = records.filter((r) => r.Action.toLowerCase().startsWith(prefix));
    const service: ReportService = {
      ServiceName: s.name,
      ServiceNamespace: s.namespace,
      entities: entities.map((entity) => {
        const last = latest(ofService.filter((r) => r.PrincipalArn === entity.Arn));
        return last
          ? { entity, last: last.LastAuthenticated.toISOString(), region: last.Region }
          : { entity };
      }),
    };
    if (actionLevel) {
      const byAction = new Map<string, ServiceAccessRecord[]>();
      for (const r of ofService) byAction.set(r.Action, [...(byAction.get(r.Action) ?? []), r]);
      service.actions = [...byAction.entries()]
        .filter(([action]) => policies.some((text) => grantsAction(text, action)))
        .map(([action, rs]) => {
          const last = latest(rs)!;
          return {
            ActionName: action.slice(prefix.length),
            entity: last.PrincipalArn,
            last: last.LastAuthenticated.toISOString(),
            region: last.Region,
          };
        })
        .sort((a, b) => a.ActionName.localeCompare(b.ActionName, 'en'));
    }
    out.push(service);
  }
  return out;
}

function serviceOutput(s: ReportService): ServiceLastAccessed {
  const attempted = s.entities.filter((e) => e.last !== undefined);
  const out: ServiceLastAccessed = {
    ServiceName: s.ServiceName,
    ServiceNamespace: s.ServiceNamespace,
    TotalAuthenticatedEntities: attempted.length,
  };
  const last = attempted.reduce<(typeof attempted)[number] | undefined>(
    (a, e) => (!a || e.last! > a.last! ? e : a),
    undefined,
  );
  if (last) {
    out.LastAuthenticated = new Date(last.last!);
    out.LastAuthenticatedEntity = last.entity.Arn;
    out.LastAuthenticatedRegion = last.region;
  }
  if (s.actions)
    out.TrackedActionsLastAccessed = s.actions.map((a) => ({
      ActionName: a.ActionName,
      LastAccessedEntity: a.entity,
      LastAccessedTime: new Date(a.last),
      LastAccessedRegion: a.region,
    }));
  return out;
}

// Pinpost's wording: IAM's text for an unknown job id was not found.
const noSuchJob = (id: string) => noSuchEntity(`No service last accessed report exists with job id ${id}.`);

export function serviceAccessOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const reports = reportsOf(store);

  const listGranting = defineOperation<
    InputOf<'ListPoliciesGrantingServiceAccess'>,
    ListPoliciesGrantingServiceAccessResponse
  >({
    name: 'ListPoliciesGrantingServiceAccess',
    action: 'iam:ListPoliciesGrantingServiceAccess',
    resources: (i) => [i.Arn],
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const entity = await resolveEntity(store, account, i.Arn, false);
      const policies = await entityPolicies(store, account, entity);
      const entries: ListPoliciesGrantingServiceAccessEntry[] = i.ServiceNamespaces.map((ns) => ({
        ServiceNamespace: ns,
        Policies: policies.filter((p) => grantsService(p.text, ns)).map(({ text: _text, ...p }) => p),
      }));
      const { page, ...rest } = pageOf(entries, i.Marker, undefined);
      return { PoliciesGrantingServiceAccess: page, ...rest };
    },
  });

  const generate = defineOperation<
    InputOf<'GenerateServiceLastAccessedDetails'>,
    GenerateServiceLastAccessedDetailsResponse
  >({
    name: 'GenerateServiceLastAccessedDetails',
    action: 'iam:GenerateServiceLastAccessedDetails',
    resources: (i) => [i.Arn],
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await deps.accessRecorder?.flush();
      const entity = await resolveEntity(store, account, i.Arn, true);
      const policies = (await entityPolicies(store, account, entity)).map((p) => p.text);
      const entities = await reportEntities(store, account, entity);
      const records = await reports.accessOf(
        account,
        entities.map((e) => e.Arn),
      );
      const granularity = i.Granularity ?? 'SERVICE_LEVEL';
      const report = buildReport(policies, entities, records, granularity === 'ACTION_LEVEL');
      const now = store.clock();
      const JobId = randomUUID();
      await reports.addJob(account, {
        JobId,
        Arn: i.Arn,
        Granularity: granularity,
        CreationDate: now,
        CompletionDate: now,
        Report: JSON.stringify(report),
      });
      return { JobId };
    },
  });

  const requireJob = async (account: string, id: string) => {
    const job = await reports.job(account, id);
    if (!job) throw noSuchJob(id);
    return { job, services: JSON.parse(job.Report) as ReportService[] };
  };

  const getDetails = defineOperation<
    InputOf<'GetServiceLastAccessedDetails'>,
    GetServiceLastAccessedDetailsResponse
  >({
    name: 'GetServiceLastAccessedDetails',
    action: 'iam:GetServiceLastAccessedDetails',
    resources: () => ['*'],
    async handler(i, ctx) {
      const { job, services } = await requireJob(accountOf(ctx), i.JobId);
      const { page, ...rest } = pageOf(services, i.Marker, i.MaxItems);
      return {
        JobStatus: 'COMPLETED',
        JobType: job.Granularity,
        JobCreationDate: job.CreationDate,
        ServicesLastAccessed: page.map(serviceOutput),
        JobCompletionDate: job.CompletionDate,
        ...rest,
      };
    },
  });

  const getWithEntities = defineOperation<
    InputOf<'GetServiceLastAccessedDetailsWithEntities'>,
    GetServiceLastAccessedDetailsWithEntitiesResponse
  >({
    name: 'GetServiceLastAccessedDetailsWithEntities',
    action: 'iam:GetServiceLastAccessedDetailsWithEntities',
    resources: () => ['*'],
    async handler(i, ctx) {
      const { job, services } = await requireJob(accountOf(ctx), i.JobId);
      const service = services.find((s) => s.ServiceNamespace === i.ServiceNamespace.toLowerCase());
      // "By default, the list of associated entities is sorted by date, with the most recent
      // access listed first" — those never attempted after, by name.
      const sorted = [...(service?.entities ?? [])].sort(
        (a, b) =>
          (b.last ?? '').localeCompare(a.last ?? '') || a.entity.Name.localeCompare(b.entity.Name, 'en'),
      );
      const details: EntityDetails[] = sorted.map((e) => ({
        EntityInfo: {
          Arn: e.entity.Arn,
          Name: e.entity.Name,
          Type: e.entity.Type satisfies EntityType,
          Id: e.entity.Id,
          Path: e.entity.Path,
        },
        ...(e.last ? { LastAuthenticated: new Date(e.last) } : {}),
      }));
      const { page, ...rest } = pageOf(details, i.Marker, i.MaxItems);
      return {
        JobStatus: 'COMPLETED',
        JobCreationDate: job.CreationDate,
        JobCompletionDate: job.CompletionDate,
        EntityDetailsList: page,
        ...rest,
      };
    },
  });

  return [listGranting, generate, getDetails, getWithEntities];
}
