/**
 * What the journey API tests share: an app sending as news@example.com with its email channel
 * enabled, a segment of one endpoint, the `welcome` email template (campaign setup), a journey
 * that uses every activity type and every WriteJourneyRequest member, and a user with a policy.
 */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateJourneyCommand, type WriteJourneyRequest } from '@aws-sdk/client-pinpoint';
import { campaignApp, reader, verifiedIdentity, welcomeTemplate } from './pinpoint-campaigns-setup.js';
import type { Credentials, TestServer } from './support/server.js';

export { ACCOUNT } from './pinpoint-campaigns-setup.js';

export interface JourneyApp {
  appId: string;
  segmentId: string;
}

/** The identity and the template, once per server (the campaign tests' setup). */
export async function journeySetup(server: TestServer): Promise<void> {
  await verifiedIdentity(server);
  await welcomeTemplate(server);
}

/** An app with its email channel enabled and a segment of one endpoint. */
export const journeyApp = (server: TestServer, prefix: string): Promise<JourneyApp> =>
  campaignApp(server, undefined, [reader(prefix, 1)]);

/** A journey with every activity type and every member of WriteJourneyRequest. */
export function everyActivity(segmentId: string): WriteJourneyRequest {
  return {
    Name: 'onboarding-2030',
    StartActivity: 'welcome',
    StartCondition: { Description: 'everyone', SegmentStartCondition: { SegmentId: segmentId } },
    Activities: {
      welcome: {
        Description: 'the first mail',
        EMAIL: {
          MessageConfig: { FromAddress: 'news@example.com' },
          TemplateName: 'welcome',
          TemplateVersion: '1',
          NextActivity: 'wait1',
        },
      },
      wait1: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'opened' } },
      opened: {
        ConditionalSplit: {
          Condition: {
            Conditions: [
              {
                EventCondition: {
                  Dimensions: { EventType: { DimensionType: 'INCLUSIVE', Values: ['_email.open'] } },
                  MessageActivity: 'welcome',
                },
              },
            ],
            Operator: 'ALL',
          },
          EvaluationWaitTime: { WaitFor: 'PT1H' },
          TrueActivity: 'branches',
          FalseActivity: 'sms',
        },
      },
      branches: {
        MultiCondition: {
          Branches: [
            { Condition: { SegmentCondition: { SegmentId: segmentId } }, NextActivity: 'random' },
            {
              Condition: {
                SegmentDimensions: {
                  Demographic: { Platform: { DimensionType: 'INCLUSIVE', Values: ['ios'] } },
                },
              },
              NextActivity: 'push',
            },
          ],
          DefaultActivity: 'holdout',
          EvaluationWaitTime: { WaitUntil: '2030-02-01T00:00:00Z' },
        },
      },
      random: {
        RandomSplit: {
          Branches: [
            { Percentage: 60, NextActivity: 'custom' },
            { Percentage: 40, NextActivity: 'call' },
          ],
        },
      },
      holdout: { Holdout: { Percentage: 10, NextActivity: 'goodbye' } },
      goodbye: { EMAIL: { TemplateName: 'welcome' } },
      sms: {
        SMS: {
          MessageConfig: {
            MessageType: 'PROMOTIONAL',
            OriginationNumber: '+12065550100',
            SenderId: 'Pinpost',
            EntityId: 'entity',
            TemplateId: 'template',
          },
          TemplateName: 'sms-welcome',
          TemplateVersion: '2',
        },
      },
      push: { PUSH: { MessageConfig: { TimeToLive: '3600' }, TemplateName: 'push-welcome' } },
      custom: {
        CUSTOM: {
          DeliveryUri: 'https://hooks.example.com/journey',
          EndpointTypes: ['EMAIL', 'CUSTOM'],
          MessageConfig: { Data: '{"offer":"spring"}' },
          TemplateName: 'custom-welcome',
        },
      },
      call: { ContactCenter: { NextActivity: 'goodbye' } },
    },
    Limits: {
      DailyCap: 3,
      EndpointReentryCap: 2,
      EndpointReentryInterval: 'PT12H',
      MessagesPerSecond: 50,
      TimeframeCap: { Cap: 5, Days: 7 },
      TotalCap: 10,
    },
    LocalTime: true,
    QuietTime: { Start: '22:00', End: '07:00' },
    RefreshFrequency: 'PT1H',
    RefreshOnSegmentUpdate: true,
    Schedule: {
      StartTime: new Date('2030-01-01T00:00:00Z'),
      EndTime: new Date('2030-06-01T00:00:00Z'),
      Timezone: 'UTC+05:30',
    },
    WaitForQuietTime: true,
    SendingSchedule: true,
    OpenHours: {
      EMAIL: {
        MONDAY: [
          { StartTime: '08:00', EndTime: '12:00' },
          { StartTime: '13:00', EndTime: '20:00' },
        ],
      },
    },
    ClosedDays: {
      EMAIL: [
        { Name: 'new-year', StartDateTime: '2030-12-31T20:00:00Z', EndDateTime: '2031-01-02T08:00:00Z' },
      ],
    },
    JourneyChannelSettings: {
      ConnectCampaignArn: 'arn:aws:connect-campaigns:us-east-1:000000000000:campaign/abc',
      ConnectCampaignExecutionRoleArn: 'arn:aws:iam::000000000000:role/connect',
    },
    TimezoneEstimationMethods: ['PHONE_NUMBER', 'POSTAL_CODE'],
  };
}

/** A journey that can be activated: a segment entry, an email, a wait, another email. */
export function emailJourney(
  segmentId: string,
  extra: Partial<WriteJourneyRequest> = {},
): WriteJourneyRequest {
  return {
    Name: 'welcome-series',
    StartActivity: 'first',
    StartCondition: { SegmentStartCondition: { SegmentId: segmentId } },
    Activities: {
      first: { EMAIL: { TemplateName: 'welcome', NextActivity: 'pause' } },
      pause: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'second' } },
      second: { EMAIL: { TemplateName: 'welcome' } },
    },
    RefreshFrequency: 'PT1H',
    ...extra,
  };
}

export const createJourney = (
  server: TestServer,
  appId: string,
  w: WriteJourneyRequest,
  creds?: Credentials,
) => server.pinpoint(creds).send(new CreateJourneyCommand({ ApplicationId: appId, WriteJourneyRequest: w }));

/** An IAM user with `policy` (none when absent) and an access key. */
export async function user(server: TestServer, name: string, policy?: object): Promise<Credentials> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}
