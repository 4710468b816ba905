/**
 * SES open and click tracking end to end through @aws-sdk/client-sesv2: a configuration set whose
 * event destination captures OPEN and CLICK makes SES rewrite the HTML part (links through a
 * redirect, `ses:no-track` links left alone and the attribute removed, a 1×1 GIF for opens, one
 * set per message — faqs-metrics.html), and following them records Open and Click events with
 * SES's fields (event-publishing-retrieving-sns-contents.html: ipAddress, timestamp, userAgent;
 * link, linkTags). CustomRedirectDomain hosts the links (configure-custom-open-click-domains.html).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  CreateEmailIdentityCommand,
  SendEmailCommand,
  type EventType,
} from '@aws-sdk/client-sesv2';
import { SendEmailCommand as V1SendEmail, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { simpleParser } from 'mailparser';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const UA = 'Mozilla/5.0 (pinpost tracking test)';

const HTML =
  '<html><body><p>Hello</p>' +
  '<a href="https://shop.example.org/spring?utm=mail&amp;id=7" ses:tags="campaign:spring;slot:hero;">Shop</a> ' +
  '<a ses:no-track href="https://example.org/account">Account</a> ' +
  '<a href="mailto:help@example.org">Help</a>' +
  '</body></html>';
const TEXT = 'Hello, shop at https://shop.example.org/spring?utm=mail&id=7';

interface MailboxEvent {
  eventType: string;
  configurationSetName?: string;
  detail: Record<string, unknown>;
}

let server: TestServer;

before(async () => {
  server = await startTestServer();
  const c = server.sesv2();
  await c.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const set = async (name: string, types: EventType[], extra: object = {}, enabled = true) => {
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name, ...extra }));
    await c.send(
      new CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: name,
        EventDestinationName: 'engagement',
        EventDestination: {
          Enabled: enabled,
          MatchingEventTypes: types,
          SnsDestination: { TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:engagement` },
        },
      }),
    );
  };
  await set('tracked', ['SEND', 'OPEN', 'CLICK']);
  await set('sends-only', ['SEND', 'DELIVERY']);
  await set('disabled', ['OPEN', 'CLICK'], {}, false);
  await set('clicks-on-own-domain', ['CLICK'], {
    TrackingOptions: { CustomRedirectDomain: 'track.example.com' },
  });
  for (const [name, policy] of [
    ['https-required', 'REQUIRE'],
    ['https-open-only', 'REQUIRE_OPEN_ONLY'],
    ['https-optional', 'OPTIONAL'],
  ] as const) {
    await set(name, ['OPEN', 'CLICK'], {
      TrackingOptions: { CustomRedirectDomain: 'track.example.com', HttpsPolicy: policy },
    });
  }
});
after(() => server.close());

async function send(configurationSet: string | undefined, to = ['reader@example.net']): Promise<string> {
  const out = await server.sesv2().send(
    new SendEmailCommand({
      FromEmailAddress: 'news@example.com',
      Destination: { ToAddresses: to },
      ConfigurationSetName: configurationSet,
      Content: {
        Simple: { Subject: { Data: 'Spring' }, Body: { Html: { Data: HTML }, Text: { Data: TEXT } } },
      },
    }),
  );
  await server.runtime.mail.drain();
  return out.MessageId!;
}

async function delivered(id: string): Promise<{ raw: string; html: string; text: string }> {
  const res = await fetch(`${server.url}/_pinpost/mailbox/${encodeURIComponent(id)}.eml`);
  assert.equal(res.status, 200);
  const raw = await res.text();
  const parsed = await simpleParser(raw);
  return { raw, html: String(parsed.html), text: parsed.text ?? '' };
}

async function events(id: string): Promise<MailboxEvent[]> {
  const res = await fetch(`${server.url}/_pinpost/mailbox/${encodeURIComponent(id)}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: MailboxEvent[] }).events;
}

const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);
const pixels = (html: string) =>
  [...html.matchAll(/<img src="([^"]*\/_pinpost\/t\/o\/[^"]*)"/g)].map((m) => m[1]);

/** A tracking URL's path, requested on this server (links name the public URL or a custom domain). */
function onServer(url: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(url);
  return fetch(`${server.url}${u.pathname}${u.search}`, {
    redirect: 'manual',
    ...init,
    headers: { 'user-agent': UA },
  });
}

describe('a configuration set with an event destination for OPEN and CLICK', () => {
  let id: string;
  let mail: { raw: string; html: string; text: string };
  before(async () => {
    id = await send('tracked', ['a@example.net', 'b@example.net']);
    mail = await delivered(id);
  });

  it('rewrites tracked links, leaves ses:no-track and mailto: links, strips the ses: attributes', () => {
    const [shop, account, help] = hrefs(mail.html);
    // The link points at this server as it listens (its real port), not at a port it was not given.
    assert.equal(shop.slice(0, `${server.url}/_pinpost/t/c/`.length), `${server.url}/_pinpost/t/c/`);
    assert.match(shop.slice(server.url.length), /^\/_pinpost\/t\/c\/[A-Za-z0-9_-]+$/);
    assert.equal(account, 'https://example.org/account');
    assert.equal(help, 'mailto:help@example.org');
    assert.doesNotMatch(mail.html, /ses:no-track|ses:tags|shop\.example\.org/);
  });

  it('adds one open pixel for the message, whatever the number of recipients, before </body>', () => {
    const found = pixels(mail.html);
    assert.equal(found.length, 1);
    assert.match(mail.html, /<img src="[^"]+" alt="" width="1" height="1"[^>]*\/><\/body>/);
  });

  it('leaves the text part as written (SES tracks HTML only)', () => {
    assert.equal(mail.text.trim(), TEXT);
  });

  it('tokens carry no account, message id or link in the clear', () => {
    for (const url of [hrefs(mail.html)[0], pixels(mail.html)[0]]) {
      const token = url.slice(url.lastIndexOf('/') + 1);
      const bytes = Buffer.from(token, 'base64url').toString('latin1');
      for (const secret of [ACCOUNT, id, 'shop.example.org', 'us-east-1'])
        assert.equal(bytes.includes(secret) || url.includes(secret), false, secret);
    }
  });

  it('the click link answers 302 to the original link and records a Click event with its tags', async () => {
    const res = await onServer(hrefs(mail.html)[0]);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://shop.example.org/spring?utm=mail&id=7');
    const clicks = (await events(id)).filter((e) => e.eventType === 'CLICK');
    assert.equal(clicks.length, 1);
    assert.equal(clicks[0].configurationSetName, 'tracked');
    assert.equal(clicks[0].detail['eventType'], 'Click');
    assert.equal((clicks[0].detail['mail'] as { messageId: string }).messageId, id);
    const click = clicks[0].detail['click'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(click).sort(), ['ipAddress', 'link', 'linkTags', 'timestamp', 'userAgent']);
    assert.equal(click['ipAddress'], '127.0.0.1');
    assert.equal(click['userAgent'], UA);
    assert.equal(click['link'], 'https://shop.example.org/spring?utm=mail&id=7');
    assert.deepEqual(click['linkTags'], { campaign: ['spring'], slot: ['hero'] });
    assert.match(String(click['timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('the pixel answers a GIF and records an Open event; each open counts', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await onServer(pixels(mail.html)[0]);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/gif');
      assert.equal(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 6)
          .toString('latin1'),
        'GIF89a',
      );
    }
    const opens = (await events(id)).filter((e) => e.eventType === 'OPEN');
    assert.equal(opens.length, 2);
    assert.equal(opens[0].detail['eventType'], 'Open');
    const open = opens[0].detail['open'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(open).sort(), ['ipAddress', 'timestamp', 'userAgent']);
    assert.equal(open['ipAddress'], '127.0.0.1');
    assert.equal(open['userAgent'], UA);
  });

  it('HEAD (a link scanner) is answered but records nothing', async () => {
    const before = (await events(id)).length;
    const res = await onServer(hrefs(mail.html)[0], { method: 'HEAD' });
    assert.equal(res.status, 302);
    assert.equal((await events(id)).length, before);
  });
});

describe('no tracking', () => {
  for (const [label, set] of [
    ['without a configuration set', undefined],
    ['with a set whose destinations capture neither OPEN nor CLICK', 'sends-only'],
    ['with a disabled OPEN/CLICK destination', 'disabled'],
  ] as const) {
    it(`leaves the HTML as written ${label}`, async () => {
      const m = await delivered(await send(set));
      assert.equal(m.html, HTML);
      assert.doesNotMatch(m.raw, /_pinpost\/t\//);
    });
  }

  it('v1 SendEmail is tracked by the same configuration set', async () => {
    const out = await server.ses().send(
      new V1SendEmail({
        Source: 'news@example.com',
        Destination: { ToAddresses: ['reader@example.net'] },
        ConfigurationSetName: 'tracked',
        Message: { Subject: { Data: 'v1' }, Body: { Html: { Data: HTML } } },
      }),
    );
    await server.runtime.mail.drain();
    const m = await delivered(out.MessageId!);
    assert.equal(pixels(m.html).length, 1);
    assert.match(hrefs(m.html)[0], /\/_pinpost\/t\/c\//);
  });
});

describe('a CustomRedirectDomain', () => {
  it('hosts click links over the link’s own protocol; no pixel when OPEN is not captured', async () => {
    const id = await send('clicks-on-own-domain');
    const m = await delivered(id);
    const [shop, account] = hrefs(m.html);
    assert.match(shop, /^https:\/\/track\.example\.com\/_pinpost\/t\/c\/[A-Za-z0-9_-]+$/);
    assert.equal(account, 'https://example.org/account');
    assert.deepEqual(pixels(m.html), []);
    const res = await onServer(shop);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://shop.example.org/spring?utm=mail&id=7');
    assert.deepEqual(
      (await events(id)).map((e) => e.eventType).filter((t) => t === 'CLICK' || t === 'OPEN'),
      ['CLICK'],
    );
  });
});

// API_PutConfigurationSetTrackingOptions.html (v2): "If the value is OPTIONAL or HttpsPolicy is not
// specified, the open trackers use HTTP and click tracker use the original protocol of the link. If
// the value is REQUIRE, both open and click tracker uses HTTPS and if the value is REQUIRE_OPEN_ONLY
// open tracker uses HTTPS and link tracker is same as original protocol of the link."
describe('the HttpsPolicy of a CustomRedirectDomain', () => {
  const plainLink = '<html><body><a href="http://shop.example.org/plain">Shop</a></body></html>';
  async function schemes(configurationSet: string): Promise<{ open: string; click: string }> {
    const out = await server.sesv2().send(
      new SendEmailCommand({
        FromEmailAddress: 'news@example.com',
        Destination: { ToAddresses: ['reader@example.net'] },
        ConfigurationSetName: configurationSet,
        Content: { Simple: { Subject: { Data: 'Plain' }, Body: { Html: { Data: plainLink } } } },
      }),
    );
    await server.runtime.mail.drain();
    const m = await delivered(out.MessageId!);
    const [click] = hrefs(m.html);
    const [open] = pixels(m.html);
    assert.match(click, /^https?:\/\/track\.example\.com\/_pinpost\/t\/c\//);
    return { open: new URL(open).protocol, click: new URL(click).protocol };
  }

  it('REQUIRE: the open and the click trackers over HTTPS, even for an http link', async () => {
    assert.deepEqual(await schemes('https-required'), { open: 'https:', click: 'https:' });
  });
  it('REQUIRE_OPEN_ONLY: the open tracker over HTTPS, the click tracker over the link’s protocol', async () => {
    assert.deepEqual(await schemes('https-open-only'), { open: 'https:', click: 'http:' });
  });
  it('OPTIONAL: the open tracker over HTTP, the click tracker over the link’s protocol', async () => {
    assert.deepEqual(await schemes('https-optional'), { open: 'http:', click: 'http:' });
  });
});

// faqs-metrics.html: open and click tracking applies to email sent through the SES API or the SMTP
// interface alike, so the HTML inside a raw message is tracked too.
describe('a raw message (SendRawEmail) through a set that tracks OPEN and CLICK', () => {
  it('gets the pixel and tracked links in its HTML part; its text part is untouched', async () => {
    const raw = [
      'From: news@example.com',
      'To: reader@example.net',
      'Subject: Raw spring',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      TEXT,
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      HTML.replace(/=/g, '=3D'),
      '--alt--',
      '',
    ].join('\r\n');
    const out = await server
      .ses()
      .send(
        new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) }, ConfigurationSetName: 'tracked' }),
      );
    await server.runtime.mail.drain();
    const m = await delivered(out.MessageId!);
    const [shop] = hrefs(m.html);
    assert.match(shop, /\/_pinpost\/t\/c\/[A-Za-z0-9_-]+$/);
    assert.equal(pixels(m.html).length, 1);
    assert.equal(m.text.trim(), TEXT);
    const res = await onServer(pixels(m.html)[0]);
    assert.equal(res.status, 200);
    assert.ok((await events(out.MessageId!)).some((e) => e.eventType === 'OPEN'));
  });
});

describe('bad tokens', () => {
  it('are 404 and record nothing: unknown, tampered, or an open token on the click path', async () => {
    const id = await send('tracked');
    const m = await delivered(id);
    const click = new URL(hrefs(m.html)[0]).pathname;
    const open = new URL(pixels(m.html)[0]).pathname;
    const token = click.slice(click.lastIndexOf('/') + 1);
    const tampered = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    const before = await events(id);
    for (const path of [
      '/_pinpost/t/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `/_pinpost/t/c/${tampered}`,
      `/_pinpost/t/c/${open.slice(open.lastIndexOf('/') + 1)}`,
      `/_pinpost/t/x/${token}`,
      '/_pinpost/t/c/not%20a%20token',
    ]) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 404, path);
    }
    assert.deepEqual(await events(id), before);
  });
});
