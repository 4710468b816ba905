/**
 * A direct message (SendMessages, SendUsersMessages) to its recipients: everything that can refuse
 * the whole request does so before the first send (the template, the content compiling, each
 * recipient's overrides), so bad input sends nothing; then one session for the app (the channel's
 * role, assumed with the app's ARN as aws:SourceArn) and one SES send per recipient.
 *
 * "DUPLICATE - The endpoint address is a duplicate of another endpoint address. Amazon Pinpoint
 * won't attempt to send the message again" (MessageResult.DeliveryStatus): a second recipient with
 * an address already sent to in the request is answered so, not sent (the text is Pinpost's).
 */
import { notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pinpointArn } from '../input.js';
import type { PinpointContext, Scope, SendOutcome } from '../ports.js';
import { contentOf, mergeSubstitutions, renderers, type Render } from './compose.js';
import type { DirectEmail } from './message-request.js';
import type { MessagingOrchestrator } from './orchestrator.js';
import { failedOutcome, refusedOutcome } from './outcomes.js';
import type { Recipient } from './recipients.js';
import type { MessagingEmail } from './ses-input.js';

export interface DirectSendDeps {
  c: PinpointContext;
  orchestrator: MessagingOrchestrator;
}

/** The outcome of each recipient, in order. */
export async function sendDirect(
  { c, orchestrator }: DirectSendDeps,
  scope: Scope,
  appId: string,
  email: DirectEmail,
  recipients: Recipient[],
): Promise<SendOutcome[]> {
  const renders = await prepareRenders(c, scope, email, recipients);
  const sendable = recipients.some((r) => !r.refused);
  const opened = sendable
    ? await orchestrator.open(scope, appId, pinpointArn(scope, `apps/${appId}`))
    : undefined;
  const seen = new Set<string>();
  const outcomes: SendOutcome[] = [];
  for (const [i, r] of recipients.entries()) {
    if (r.refused) {
      outcomes.push(r.refused);
      continue;
    }
    if (!opened!.ok) {
      outcomes.push(opened!.outcome);
      continue;
    }
    const address = r.address!;
    if (seen.has(address.toLowerCase())) {
      outcomes.push(
        refusedOutcome('DUPLICATE', `${address} is a duplicate of another recipient of this request`),
      );
      continue;
    }
    seen.add(address.toLowerCase());
    const message = messageFor(appId, email, r, renders[i]);
    outcomes.push(message instanceof Error ? failedOutcome(message) : await opened!.session.send(message));
  }
  return outcomes;
}

/** Compiles what every recipient will get; throws (nothing sent) when any of it is bad input. */
async function prepareRenders(
  c: PinpointContext,
  scope: Scope,
  email: DirectEmail,
  recipients: Recipient[],
): Promise<(Render | undefined)[]> {
  if (email.raw) return recipients.map(() => undefined);
  let template;
  if (email.template) {
    template = await c.ports.templates.email(scope, email.template.name, email.template.version);
    // A template (or version) that does not exist: NotFoundException, as for Get/UpdateEmailTemplate.
    if (!template) throw notFound(RESOURCE_NOT_FOUND);
  }
  const renderFor = renderers(c.ports.templates, contentOf(email, template));
  return recipients.map((r) => (r.refused ? undefined : renderFor(r.config)));
}

function messageFor(
  appId: string,
  email: DirectEmail,
  r: Recipient,
  render: Render | undefined,
): MessagingEmail | Error {
  const base = {
    to: r.address!,
    fromAddress: email.fromAddress,
    headers: email.headers,
    replyTo: email.replyTo,
    feedbackAddress: email.feedbackAddress,
    attribution: { appId, endpointId: r.endpointId, userId: r.userId },
  };
  if (!render) return { ...base, subject: '', raw: email.raw };
  try {
    const rendered = render({
      endpoint: r.endpoint,
      address: r.address!,
      substitutions: mergeSubstitutions(email.substitutions, r.config.substitutions),
    });
    return { ...base, subject: rendered.subject, html: rendered.html, text: rendered.text };
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
