/**
 * The checks SES makes before it accepts a send, in the order it reports them: every sender address
 * belongs to the identity named for it (senders.ts), account sending enabled, the configuration set
 * (exists, sending enabled), verified identities (the Source, the raw From header, the feedback
 * address and, in the sandbox, every recipient except the mailbox simulator's —
 * request-production-access.html), then what happens to each recipient: the mailbox simulator's
 * scenario, the suppression list (sending-email-suppression-list.html: a suppressed recipient is
 * accepted, not delivered, and bounces with bounceSubType OnAccountSuppressionList), or delivery.
 */
import type {
  AccountSendingRecord,
  ConfigSetRecord,
  IdentityRecord,
  SesScope,
  SuppressionReason,
} from '../ports.js';
import type { SesControl } from '../control/index.js';
import { simulatorScenario, type SimulatorScenario } from './addresses.js';
import * as e from './errors.js';
import { recipientsOf, type SendRequest } from './request.js';
import { identityOfArn, misaligned } from './senders.js';

export interface CheckedSend {
  account: AccountSendingRecord;
  /** The Source's identity. */
  identity: IdentityRecord;
  /** The identity that signs (DKIM): the From header's, which is the Source's unless raw content names another. */
  signer: IdentityRecord;
  configSet?: ConfigSetRecord;
  simulated: { address: string; scenario: SimulatorScenario }[];
  suppressed: string[];
  deliver: string[];
}

type Ports = Pick<SesControl, 'identities' | 'configSets' | 'account' | 'suppression'>;

export async function checkSend(control: Ports, req: SendRequest): Promise<CheckedSend> {
  const { scope, api } = req;
  const wrong = misaligned(req.senders);
  if (wrong) throw e.notAligned(api, wrong.address.raw, wrong.identityArn);
  const account = await control.account.get(scope);
  if (!account.sendingEnabled) throw e.accountPaused(api);
  const identities: (IdentityRecord | undefined)[] = [];
  for (const s of req.senders)
    identities.push(await identityOfArn(control.identities, scope.region, s.identityArn));
  const identity = identities[0];
  const configSetName = req.configurationSetName ?? identity?.configurationSetName;
  let configSet: ConfigSetRecord | undefined;
  if (configSetName !== undefined) {
    configSet = await control.configSets.get(scope, configSetName);
    if (!configSet) throw e.configSetNotFound(api, configSetName);
    if (!configSet.sendingEnabled) throw e.configSetPaused(api, configSetName);
  }
  const failed: string[] = [];
  req.senders.forEach(({ role, address }, i) => {
    if (identities[i]?.verified) return;
    const named = role !== 'return-path' && address.raw !== address.address;
    failed.push(...(named ? [address.raw, address.address] : [address.address]));
  });
  const recipients = recipientsOf(req);
  if (!account.productionAccessEnabled) {
    for (const r of recipients) {
      if (!simulatorScenario(r) && !(await control.identities.identityForAddress(scope, r))?.verified)
        failed.push(r);
    }
  }
  if (failed.length > 0 || !identity) throw e.notVerified(scope.region, [...new Set(failed)]);
  const from = req.senders.findIndex((s) => s.role === 'from');
  const signer = (from >= 0 ? identities[from] : undefined) ?? identity;
  return {
    account,
    identity,
    signer,
    configSet,
    ...(await classify(control, scope, account, configSet, recipients)),
  };
}

async function classify(
  control: Ports,
  scope: SesScope,
  account: AccountSendingRecord,
  configSet: ConfigSetRecord | undefined,
  recipients: string[],
): Promise<Pick<CheckedSend, 'simulated' | 'suppressed' | 'deliver'>> {
  // A configuration set's SuppressionOptions override the account's list settings.
  const reasons: SuppressionReason[] = configSet?.suppressedReasons ?? account.suppressedReasons;
  const out: Pick<CheckedSend, 'simulated' | 'suppressed' | 'deliver'> = {
    simulated: [],
    suppressed: [],
    deliver: [],
  };
  for (const address of recipients) {
    const scenario = simulatorScenario(address);
    if (scenario) {
      out.simulated.push({ address, scenario });
      continue;
    }
    const entry = await control.suppression.find(scope, address);
    if (entry && reasons.includes(entry.reason)) out.suppressed.push(address);
    else out.deliver.push(address);
  }
  return out;
}
