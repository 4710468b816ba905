/**
 * Rendering a template for one message: every kind of message variable
 * (userguide/message-templates-personalizing.html, "Supported attributes"), defaults and
 * substitutions, list attributes (message-template-helpers.html, "Using variables with message
 * template helpers"), escaping, and templates that cannot be used.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointDoc } from '../ports.js';
import { parseTemplate } from './parse.js';
import { compileEmail, renderEmail, TemplateError } from './render.js';

const checkSource = (part: string, source: string) => parseTemplate(part, source).helpers;

const endpoint: EndpointDoc = {
  Id: 'ep-1',
  CohortId: '42',
  CreationDate: '2026-01-02T03:04:05.678Z',
  Address: 'hana@example.com',
  ChannelType: 'EMAIL',
  EndpointStatus: 'ACTIVE',
  OptOut: 'NONE',
  EffectiveDate: '2026-02-03T04:05:06.789Z',
  RequestId: 'req-9',
  Demographic: { Locale: 'ja_JP', Timezone: 'Asia/Tokyo', Platform: 'ios', AppVersion: '1.2' },
  Location: {
    City: 'Los Angeles',
    Country: 'US',
    Region: 'CA',
    PostalCode: '90001',
    Latitude: 34.0522,
    Longitude: -118.2437,
  },
  Attributes: { Interests: ['mail', 'ses'], 'Favorite Color': ['teal'] },
  Metrics: { visits: 3, spend: 12.5 },
  User: { UserId: 'user-1', UserAttributes: { FirstName: ['Hana'], LastName: ['Santos'] } },
};

const text = (
  TextPart: string,
  vars: Parameters<typeof renderEmail>[1] = { address: 'hana@example.com', endpoint },
) => renderEmail({ TextPart }, vars).text;

describe('message variables', () => {
  it('standard endpoint attributes', () => {
    assert.equal(
      text(
        '{{Address}}|{{Id}}|{{ChannelType}}|{{EndpointStatus}}|{{OptOut}}|{{EffectiveDate}}|{{CreationDate}}|{{RequestId}}',
      ),
      'hana@example.com|ep-1|EMAIL|ACTIVE|NONE|2026-02-03T04:05:06.789Z|2026-01-02T03:04:05.678Z|req-9',
    );
  });

  it('Demographic.* and Location.*, latitude and longitude rounded to one decimal place', () => {
    assert.equal(
      text(
        '{{Demographic.Locale}} {{Demographic.Timezone}} {{Demographic.Platform}} {{Demographic.AppVersion}}',
      ),
      'ja_JP Asia/Tokyo ios 1.2',
    );
    assert.equal(
      text(
        '{{Location.City}}, {{Location.Region}} {{Location.PostalCode}} {{Location.Country}} ({{Location.Latitude}}, {{Location.Longitude}})',
      ),
      'Los Angeles, CA 90001 US (34.1, -118.2)',
    );
  });

  it('Attributes.*, Metrics.*, User.UserId and User.UserAttributes.*; lists render joined, .[n] picks one', () => {
    assert.equal(text('{{Attributes.Interests}} / {{Attributes.Interests.[1]}}'), 'mail,ses / ses');
    assert.equal(text('{{Attributes.[Favorite Color].[0]}}'), 'teal');
    assert.equal(text('{{Metrics.visits}} {{Metrics.spend}}'), '3 12.5');
    assert.equal(
      text('{{User.UserId}}: {{User.UserAttributes.FirstName}} {{User.UserAttributes.LastName.[0]}}'),
      'user-1: Hana Santos',
    );
  });

  it('the address the message goes to when there is no endpoint; a missing variable renders nothing', () => {
    assert.equal(
      text('to {{Address}}{{User.UserAttributes.FirstName}}.', { address: 'x@example.com' }),
      'to x@example.com.',
    );
  });

  it('variable names that would reach a prototype are ignored', () => {
    const out = renderEmail(
      {
        TextPart: '[{{polluted}}]',
        DefaultSubstitutions: '{"__proto__.polluted":"yes","constructor.x":"y"}',
      },
      { address: 'a@example.com', substitutions: { '__proto__.polluted': ['yes'] } },
    );
    assert.equal(out.text, '[]');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('the endpoint document is never changed by rendering', () => {
    const before = JSON.stringify(endpoint);
    renderEmail(
      { TextPart: '{{User.UserAttributes.Nick}}', DefaultSubstitutions: '{"User.UserAttributes.Nick":"n"}' },
      { address: 'a@example.com', endpoint, substitutions: { 'Attributes.Interests': ['x'] } },
    );
    assert.equal(JSON.stringify(endpoint), before);
  });
});

describe('DefaultSubstitutions and Substitutions', () => {
  const content = {
    Subject: 'Hi {{User.UserAttributes.FirstName}}, your {{User.UserAttributes.Activity}} record',
    DefaultSubstitutions: JSON.stringify({
      'User.UserAttributes.FirstName': 'friend',
      'User.UserAttributes.Activity': 'running',
      Coupon: 'WELCOME',
    }),
  };

  it('defaults fill only variables the recipient has no value for', () => {
    assert.equal(
      renderEmail(content, { address: 'a@example.com', endpoint }).subject,
      'Hi Hana, your running record',
    );
    assert.equal(
      renderEmail(content, { address: 'a@example.com' }).subject,
      'Hi friend, your running record',
    );
  });

  it('an empty attribute list counts as no value', () => {
    const bare = { ...endpoint, User: { UserAttributes: { FirstName: [] } } };
    assert.equal(
      renderEmail(content, { address: 'a@example.com', endpoint: bare }).subject,
      'Hi friend, your running record',
    );
  });

  it("the message's substitutions win over the endpoint's values and the defaults", () => {
    const out = renderEmail(
      { ...content, TextPart: '{{Coupon}}' },
      {
        address: 'a@example.com',
        endpoint,
        substitutions: { 'User.UserAttributes.FirstName': ['Sofia'], Coupon: ['VIP'] },
      },
    );
    assert.equal(out.subject, 'Hi Sofia, your running record');
    assert.equal(out.text, 'VIP');
  });
});

describe('parts and escaping', () => {
  it('the HTML part escapes values; the subject and text part do not', () => {
    const out = renderEmail(
      { Subject: '{{x}}', HtmlPart: '<p>{{x}}</p>', TextPart: '{{x}}' },
      { address: 'a@example.com', substitutions: { x: ['<b>&'] } },
    );
    assert.deepEqual(out, { subject: '<b>&', html: '<p>&lt;b&gt;&amp;</p>', text: '<b>&' });
  });

  it('a part the template lacks is absent; a missing subject is empty', () => {
    assert.deepEqual(renderEmail({ HtmlPart: 'h' }, { address: 'a@example.com' }), {
      subject: '',
      html: 'h',
      text: undefined,
    });
  });

  it('each, if and inline partials (message-template-helpers.html, "Default helpers", "Inline partials")', () => {
    assert.equal(
      text('{{#each Attributes.Interests}}<{{@index}}:{{this}}>{{else}}none{{/each}}'),
      '<0:mail><1:ses>',
    );
    assert.equal(text('{{#if User.UserAttributes.Nick.[0]}}yes{{else}}Hello,{{/if}}'), 'Hello,');
    assert.equal(
      text(
        '{{#* inline "fullName"}}{{User.UserAttributes.FirstName.[0]}} {{User.UserAttributes.LastName.[0]}}{{/inline}}Hello {{> fullName}}',
      ),
      'Hello Hana Santos',
    );
  });

  it('header values are templates too, not escaped, at most 870 characters once rendered (MessageHeader.Value)', () => {
    const content = { Subject: 's', Headers: [{ Name: 'X-User', Value: '{{User.UserId}} <{{Address}}>' }] };
    assert.deepEqual(renderEmail(content, { address: 'a@example.com', endpoint }).headers, [
      { Name: 'X-User', Value: 'user-1 <a@example.com>' },
    ]);
    assert.equal(renderEmail({ Subject: 's' }, { address: 'a@example.com' }).headers, undefined);
    const long = { Headers: [{ Name: 'X-Long', Value: '{{x}}' }] };
    assert.equal(
      renderEmail(long, { address: 'a@example.com', substitutions: { x: ['y'.repeat(870)] } }).headers?.[0]
        .Value.length,
      870,
    );
    assert.throws(
      () => renderEmail(long, { address: 'a@example.com', substitutions: { x: ['y'.repeat(871)] } }),
      /The value of the header X-Long is longer than 870 characters for a@example.com/,
    );
    assert.throws(
      () => compileEmail({ Headers: [{ Name: 'X-Bad', Value: '{{#if}}' }] }),
      /The value of the header X-Bad isn't a valid template/,
    );
  });

  it('compiles once and renders for many recipients', () => {
    const render = compileEmail({ Subject: 'Hi {{User.UserAttributes.FirstName}}' });
    const names = ['A', 'B', 'C'].map(
      (n) =>
        render({
          address: `${n}@example.com`,
          endpoint: { ...endpoint, User: { UserAttributes: { FirstName: [n] } } },
        }).subject,
    );
    assert.deepEqual(names, ['Hi A', 'Hi B', 'Hi C']);
  });
});

describe('templates that cannot be used', () => {
  it('a syntax error is a TemplateError naming the part', () => {
    assert.throws(
      () => compileEmail({ HtmlPart: '<p>{{#if x}}unclosed</p>' }),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError);
        assert.match(e.message, /^The HtmlPart isn't a valid template: /);
        return true;
      },
    );
  });

  it('a helper that does not exist is found when compiling, not when the first message renders', () => {
    assert.throws(
      () => checkSource('Subject', '{{frobnicate User.UserId}}'),
      /The Subject uses a helper that doesn't exist: frobnicate/,
    );
    assert.throws(() => checkSource('TextPart', '{{upper (shout x)}}'), /helper that doesn't exist: shout/);
    // A plain variable and a section over a value are not helper calls.
    checkSource('TextPart', '{{Attributes.x}} {{#Attributes.list}}{{this}}{{/Attributes.list}}');
  });

  it('DefaultSubstitutions that are not a JSON object', () => {
    assert.throws(
      () => compileEmail({ TextPart: 'x', DefaultSubstitutions: '[1]' }),
      /DefaultSubstitutions must be a JSON object/,
    );
    assert.throws(
      () => compileEmail({ TextPart: 'x', DefaultSubstitutions: '{' }),
      /DefaultSubstitutions must be a JSON object/,
    );
  });

  it('a helper failing for one recipient is a TemplateError naming the part and the address', () => {
    const render = compileEmail({ TextPart: '{{add Metrics.visits 1}}' });
    assert.equal(render({ address: 'a@example.com', endpoint }).text, '4');
    assert.throws(
      () => render({ address: 'b@example.com' }),
      /The TextPart could not be rendered for b@example.com: add: '' is not a number/,
    );
  });
});
