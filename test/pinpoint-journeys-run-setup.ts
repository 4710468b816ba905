/**
 * What the journey engine tests share: a server on the manual clock with the seed's role, an app
 * of `n` email endpoints under it, templates, the mailbox as it is when an advance returns, opening
 * a message through its tracking pixel, and the journey's metrics.
 */
import assert from 'node:assert/strict';
import {
  CreateEmailTemplateCommand,
  CreateJourneyCommand,
  GetJourneyCommand,
  GetJourneyExecutionActivityMetricsCommand,
  GetJourneyExecutionMetricsCommand,
  GetJourneyRunsCommand,
  UpdateJourneyStateCommand,
  type EndpointBatchItem,
  type State as JourneyState,
  type WriteJourneyRequest,
} from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, type Mail } from './pinpoint-campaigns-setup.js';
import type { TestServer } from './support/server.js';

export async function template(server: TestServer, name: string, subject: string): Promise<void> {
  await server.pinpoint().send(
    new CreateEmailTemplateCommand({
      TemplateName: name,
      EmailTemplateRequest: {
        Subject: `${subject} {{User.UserAttributes.FirstName}}`,
        HtmlPart: `<html><body><p>${subject}, {{User.UserAttributes.FirstName}}.</p></body></html>`,
      },
    }),
  );
}

/** An app under `roleArn` with endpoints `<prefix>-1` … `<prefix>-n` (<prefix>i@example.org). */
export function app(
  server: TestServer,
  roleArn: string | undefined,
  prefix: string,
  n: number,
  extra: (i: number) => Partial<EndpointBatchItem> = () => ({}),
) {
  return campaignApp(
    server,
    roleArn,
    Array.from({ length: n }, (_, i) => reader(prefix, i + 1, extra(i + 1))),
  );
}

export async function journey(server: TestServer, appId: string, w: WriteJourneyRequest): Promise<string> {
  const out = await server
    .pinpoint()
    .send(new CreateJourneyCommand({ ApplicationId: appId, WriteJourneyRequest: w }));
  return out.JourneyResponse!.Id!;
}

/** The mailbox as it is now: an advance has already delivered everything due. */
export async function mails(server: TestServer, address?: string): Promise<Mail[]> {
  const res = await fetch(`${server.url}/_aws/ses`);
  const all = ((await res.json()) as { messages: Mail[] }).messages;
  return address ? all.filter((m) => m.Destination.ToAddresses.includes(address)) : all;
}

export const subjects = async (server: TestServer, address: string) =>
  (await mails(server, address)).map((m) => m.Subject);

/** Opens a captured message the way a mail client does: it loads the open-tracking pixel. */
export async function open(server: TestServer, mail: Mail): Promise<void> {
  const html = mail.Body.html_part ?? '';
  const pixel = /<img src="([^"]*\/_pinpost\/t\/o\/[^"]*)"/.exec(html)?.[1];
  assert.ok(pixel, 'the message has an open pixel');
  const u = new URL(pixel);
  const res = await fetch(`${server.url}${u.pathname}${u.search}`);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
}

export async function journeyMetrics(server: TestServer, appId: string, journeyId: string) {
  const out = await server
    .pinpoint()
    .send(new GetJourneyExecutionMetricsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  return out.JourneyExecutionMetricsResponse!.Metrics ?? {};
}

export async function activityMetrics(
  server: TestServer,
  appId: string,
  journeyId: string,
  activity: string,
) {
  const out = await server.pinpoint().send(
    new GetJourneyExecutionActivityMetricsCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      JourneyActivityId: activity,
    }),
  );
  return out.JourneyExecutionActivityMetricsResponse!.Metrics ?? {};
}

export async function state(server: TestServer, appId: string, journeyId: string) {
  const out = await server
    .pinpoint()
    .send(new GetJourneyCommand({ ApplicationId: appId, JourneyId: journeyId }));
  return out.JourneyResponse!.State;
}

/** An event as the route shows it: the record Pinpoint streams. */
export interface StoredEvent {
  event_type: string;
  client: { client_id?: string };
  attributes: Record<string, string>;
}

/** The app's events (Pinpost's route), newest first. */
export async function events(server: TestServer, appId: string, type?: string): Promise<StoredEvent[]> {
  const q = new URLSearchParams({ app: appId, limit: '1000', ...(type ? { type } : {}) });
  const res = await fetch(`${server.url}/_pinpost/pinpoint/events?${q}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: StoredEvent[] }).events;
}

/** EMAIL → Wait 1 day → yes/no split on `_email.open` of the first → one of two EMAILs. */
export function openedSplit(
  segmentId: string,
  extra: Partial<WriteJourneyRequest> = {},
): WriteJourneyRequest {
  return {
    Name: 'welcome-then-split',
    State: 'ACTIVE',
    StartActivity: 'welcome',
    StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
    Activities: {
      welcome: {
        EMAIL: {
          TemplateName: 'j-welcome',
          MessageConfig: { FromAddress: 'news@example.com' },
          NextActivity: 'day',
        },
      },
      day: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'opened' } },
      opened: {
        ConditionalSplit: {
          Condition: {
            Conditions: [
              {
                EventCondition: {
                  MessageActivity: 'welcome',
                  Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['_email.open'] } },
                },
              },
            ],
            Operator: 'ALL',
          },
          TrueActivity: 'thanks',
          FalseActivity: 'reminder',
        },
      },
      thanks: { EMAIL: { TemplateName: 'j-thanks' } },
      reminder: { EMAIL: { TemplateName: 'j-reminder' } },
    },
    ...extra,
  };
}

/** EMAIL `first` → Wait 1 day → EMAIL `second` (templates j-welcome and j-thanks). */
export function twoMails(segmentId: string, extra: Partial<WriteJourneyRequest> = {}): WriteJourneyRequest {
  return {
    Name: 'two-mails',
    State: 'ACTIVE',
    StartActivity: 'first',
    StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
    Activities: {
      first: { EMAIL: { TemplateName: 'j-welcome', NextActivity: 'day' } },
      day: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'second' } },
      second: { EMAIL: { TemplateName: 'j-thanks' } },
    },
    ...extra,
  };
}

export async function runs(server: TestServer, appId: string, journeyId: string) {
  const out = await server
    .pinpoint()
    .send(new GetJourneyRunsCommand({ ApplicationId: appId, JourneyId: journeyId }));
  return out.JourneyRunsResponse!.Item ?? [];
}

export async function setState(server: TestServer, appId: string, journeyId: string, State: JourneyState) {
  await server.pinpoint().send(
    new UpdateJourneyStateCommand({
      ApplicationId: appId,
      JourneyId: journeyId,
      JourneyStateRequest: { State },
    }),
  );
}
