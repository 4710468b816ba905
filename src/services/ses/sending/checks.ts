/**
 * The checks SES makes before it accepts a send, in the order it reports them: account sending
 * enabled, the configuration set (exists, sending enabled), verified identities (the sender, the
 * feedback address and, in the sandbox, every recipient except the mailbox simulator's —
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
import { parseIdentityArn } from './authz.js';
import * as e from './errors.js';
import { recipientsOf, type SendRequest } from './request.js';

export interface CheckedSend {
  account: AccountSendingRecord;
  identity: IdentityRecord;
  configSet?: ConfigSetRecord;
  simulated: { address: string; scenario: SimulatorScenario }[];
  suppressed: string[];
  deliver: string[];
}

type Ports = Pick<SesControl, 'identities' | 'configSets' | 'account' | 'suppression'>;

export function checkSend(control: Ports, req: SendRequest): CheckedSend {
  const { scope, api } = req;
  const account = control.account.get(scope);
  if (!account.sendingEnabled) throw e.accountPaused(api);
  const identity = sendingIdentity(control, req);
  const configSetName = req.configurationSetName ?? identity?.configurationSetName;
  let configSet: ConfigSetRecord | undefined;
  if (configSetName !== undefined) {
    configSet = control.configSets.get(scope, configSetName);
    if (!configSet) throw e.configSetNotFound(api, configSetName);
    if (!configSet.sendingEnabled) throw e.configSetPaused(api, configSetName);
  }
  const failed: string[] = [];
  if (!identity?.verified) {
    failed.push(
      ...(req.from.raw !== req.from.address ? [req.from.raw, req.from.address] : [req.from.address]),
    );
  }
  if (req.feedbackAddress && !control.identities.identityForAddress(scope, req.feedbackAddress)?.verified) {
    failed.push(req.feedbackAddress);
  }
  const recipients = recipientsOf(req);
  if (!account.productionAccessEnabled) {
    for (const r of recipients) {
      if (!simulatorScenario(r) && !control.identities.identityForAddress(scope, r)?.verified) failed.push(r);
    }
  }
  if (failed.length > 0 || !identity) throw e.notVerified(scope.region, [...new Set(failed)]);
  return { account, identity, configSet, ...classify(control, scope, account, configSet, recipients) };
}

/** The identity authorizing the From address: the *Arn parameter's (another account's) or the sender's own. */
function sendingIdentity(control: Ports, req: SendRequest): IdentityRecord | undefined {
  const parsed = parseIdentityArn(req.identityArn);
  if (parsed && parsed.scope.account !== req.scope.account)
    return control.identities.find(parsed.scope, parsed.identity);
  return control.identities.identityForAddress(req.scope, req.from.address);
}

function classify(
  control: Ports,
  scope: SesScope,
  account: AccountSendingRecord,
  configSet: ConfigSetRecord | undefined,
  recipients: string[],
): Pick<CheckedSend, 'simulated' | 'suppressed' | 'deliver'> {
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
    const entry = control.suppression.find(scope, address);
    if (entry && reasons.includes(entry.reason)) out.suppressed.push(address);
    else out.deliver.push(address);
  }
  return out;
}
