/**
 * SES's control plane: identities, templates, configuration sets and event destinations, account
 * settings, the suppression list, contact lists, tags — v1 (awsQuery) and v2 (restJson1)
 * operations over one store, and the ports sending reads.
 */
import type { InternalRoute } from '../../../server/internal-routes.js';
import type { Database } from '../../../store/index.js';
import type { OperationSpec } from '../../../wire/operation.js';
import type { MimePort, OutboxPort, SesScope } from '../ports.js';
import type { AccountPort, ConfigSetPort, IdentityPort, SuppressionPort, TemplatePort } from '../ports.js';
import type { ControlDeps } from './deps.js';
import { accountPort, configSetPort, identityPort, templatePort } from './ports.js';
import { ControlStore } from './store.js';
import { suppressionPort } from './suppression.js';
import { v1ConfigSetOperations } from './v1-configsets.js';
import { v1ConfigSetOptionOperations } from './v1-configset-options.js';
import { v1CustomVerificationOperations } from './v1-custom-verification.js';
import { v1IdentityOperations } from './v1-identities.js';
import { v1NotificationOperations } from './v1-notifications.js';
import { v1PolicyAccountOperations } from './v1-policies-account.js';
import { v1ReceiptFilterOperations } from './v1-receipt-filters.js';
import { v1ReceiptRuleOperations } from './v1-receipt-rules.js';
import { v1TemplateOperations } from './v1-templates.js';
import { v2AccountOperations } from './v2-account.js';
import { v2ConfigSetOperations } from './v2-configsets.js';
import { v2ContactListOperations } from './v2-contact-lists.js';
import { v2ContactOperations } from './v2-contacts.js';
import { v2CustomVerificationOperations } from './v2-custom-verification.js';
import { v2DedicatedIpOperations } from './v2-dedicated-ips.js';
import { endpointSendCheck, v2MultiRegionEndpointOperations } from './v2-multi-region-endpoints.js';
import { tenantSendCheck, v2TenantOperations } from './v2-tenants.js';
import { v2VdmOperations } from './v2-vdm.js';
import { v2ReputationOperations } from './v2-reputation.js';
import { registerImportRunner, v2ImportJobOperations } from './v2-import-jobs.js';
import { registerExportRunner, v2ExportJobOperations } from './v2-export-jobs.js';
import type { Jobs } from '../../../jobs/index.js';
import type { Egress } from '../../../net/index.js';
import { v2EventDestinationOperations } from './v2-event-destinations.js';
import { v2IdentityOperations } from './v2-identities.js';
import { v2IdentityAttributeOperations } from './v2-identity-attributes.js';
import { v2IdentityPolicyOperations } from './v2-identity-policies.js';
import { v2SuppressionOperations } from './v2-suppression.js';
import { v2TagOperations } from './v2-tags.js';
import { v2TemplateOperations } from './v2-templates.js';
import * as verification from './verification.js';
import type { ReceiptState } from '../receiving/engine.js';
import type { IdentityDoc } from './model.js';
import { activeRuleSet } from './receipt-rules.js';
import { listFilters } from './v1-receipt-filters.js';

import { PRODUCTION_QUOTA } from './account.js';
export { sesControlMigrations } from './migrations.js';
export { renderTemplate, parseTemplateData, RenderError, type Rendered } from './render.js';
export { VERIFY_PATH } from './verification.js';

export interface SesControlOptions {
  /** New accounts start in the sandbox. */
  sandbox: boolean;
  /** The production quota; 50,000 per 24 hours at 14 per second when not given. */
  productionQuota?: { max24HourSend: number; maxSendRate: number };
  verification: 'instant' | 'email';
  /** For `email` verification: where the verification mail goes. */
  mail?: { mime: MimePort; outbox: OutboxPort };
  /** Base URL of the verification link (default http://127.0.0.1:4566, the default listen address). */
  publicUrl?: () => string;
  /** The store's clock (tests move it to expire verification links). */
  now?: () => Date;
  /** The folder standing in for S3 (--import-root), where receipt rules' S3 actions write. */
  importRoot?: string;
  /** The one job mechanism and guarded egress: SES v2 import jobs run only when both are given. */
  jobs?: Jobs;
  egress?: Egress;
}

export interface SesControl {
  identities: IdentityPort;
  templates: TemplatePort;
  configSets: ConfigSetPort;
  account: AccountPort;
  suppression: SuppressionPort;
  v1Operations(): OperationSpec[];
  v2Operations(): OperationSpec[];
}

/**
 * What a control plane was built from, for the functions below. Kept beside the object rather than
 * on the SesControl interface, so that the interface other parts fake in their tests stays the seam
 * ports.ts describes.
 */
const built = new WeakMap<
  SesControl,
  { deps: ControlDeps; setCounter(count: (scope: SesScope) => Promise<number>): void }
>();

function depsOf(control: SesControl) {
  const b = built.get(control);
  if (!b) throw new Error('not a control plane made by createSesControl');
  return b;
}

export function createSesControl(db: Database, options: SesControlOptions): SesControl {
  let counter: (scope: SesScope) => Promise<number> = () => Promise.resolve(0);
  const deps: ControlDeps = {
    store: new ControlStore(db, options.now),
    sandbox: options.sandbox,
    productionQuota: options.productionQuota ?? PRODUCTION_QUOTA,
    verification: options.verification,
    mail: options.mail,
    publicUrl: options.publicUrl ?? (() => 'http://127.0.0.1:4566'),
    sentLast24Hours: (scope) => counter(scope),
    importRoot: options.importRoot,
  };
  const control: SesControl = {
    identities: identityPort(deps),
    templates: templatePort(deps),
    configSets: configSetPort(deps),
    account: accountPort(deps),
    suppression: suppressionPort(deps),
    v1Operations: () => [
      ...v1IdentityOperations(deps),
      ...v1TemplateOperations(deps),
      ...v1ConfigSetOperations(deps),
      ...v1ConfigSetOptionOperations(deps),
      ...v1PolicyAccountOperations(deps),
      ...v1NotificationOperations(deps),
      ...v1ReceiptRuleOperations(deps),
      ...v1ReceiptFilterOperations(deps),
      ...v1CustomVerificationOperations(deps),
    ],
    v2Operations: () => [
      ...v2IdentityOperations(deps),
      ...v2IdentityAttributeOperations(deps),
      ...v2IdentityPolicyOperations(deps),
      ...v2ConfigSetOperations(deps),
      ...v2EventDestinationOperations(deps),
      ...v2TemplateOperations(deps),
      ...v2AccountOperations(deps),
      ...v2SuppressionOperations(deps),
      ...v2TagOperations(deps),
      ...v2ContactListOperations(deps),
      ...v2ContactOperations(deps),
      ...v2CustomVerificationOperations(deps),
      ...v2DedicatedIpOperations(deps),
      ...v2TenantOperations(deps),
      ...v2MultiRegionEndpointOperations(deps),
      ...v2VdmOperations(deps),
      ...v2ReputationOperations(deps),
      ...(options.jobs && options.egress ? v2ImportJobOperations(deps, options.jobs) : []),
      ...(options.jobs && options.importRoot ? v2ExportJobOperations(deps, options.jobs) : []),
    ],
  };
  if (options.jobs && options.egress) registerImportRunner(deps, options.jobs, options.egress);
  if (options.jobs && options.importRoot) registerExportRunner(deps, options.jobs, options.importRoot);
  built.set(control, {
    deps,
    setCounter: (count) => {
      counter = count;
    },
  });
  return control;
}

/** Verifies the identity a verification link's token names; undefined when unknown or expired. */
export function verifyByToken(
  control: SesControl,
  token: string,
): Promise<{ scope: SesScope; identity: string } | undefined> {
  return verification.verifyByToken(depsOf(control).deps, token);
}

/** `GET /_pinpost/ses/verify?token=…`, the page a verification link opens; register with the server's routes. */
export function verificationRoutes(control: SesControl): InternalRoute[] {
  return verification.verificationRoutes(depsOf(control).deps);
}

/** Lets sending supply GetAccount's SendQuota.SentLast24Hours (0 until it does). */
export function useSendCounter(control: SesControl, count: (scope: SesScope) => Promise<number>): void {
  depsOf(control).setCounter(count);
}

/** What receiving reads of an account: the active receipt rule set, IP filters, verified domains. */
export async function receiptState(control: SesControl, scope: SesScope): Promise<ReceiptState> {
  const deps = depsOf(control).deps;
  const identities = await deps.store.list<IdentityDoc>(scope, 'identity');
  const verifiedDomains = new Set(
    identities
      .filter((r) => r.doc.type === 'DOMAIN' && r.doc.verificationStatus === 'SUCCESS')
      .map((r) => r.doc.name.toLowerCase()),
  );
  return {
    ruleSet: await activeRuleSet(deps, scope),
    filters: await listFilters(deps, scope),
    verifiedDomains,
  };
}

/**
 * SES v2 SendEmail's TenantName and EndpointId: an unknown tenant or endpoint is refused, and a
 * tenant's send must use only resources associated with it (v2-tenants.ts, v2-multi-region-endpoints.ts).
 */
export async function checkSendTarget(
  control: SesControl,
  req: { scope: SesScope; identityArn?: string; configurationSetName?: string; content: { kind: string } },
  target: { tenantName?: string; endpointId?: string },
): Promise<void> {
  if (target.endpointId === undefined && target.tenantName === undefined) return;
  const { deps } = depsOf(control);
  if (target.endpointId !== undefined) await endpointSendCheck(deps, req.scope, target.endpointId);
  if (target.tenantName === undefined) return;
  const content = req.content as { kind: string; name?: string };
  await tenantSendCheck(deps, req.scope, target.tenantName, {
    identityArn: req.identityArn,
    configurationSetName: req.configurationSetName,
    templateName: content.kind === 'templateRef' ? content.name : undefined,
  });
}
