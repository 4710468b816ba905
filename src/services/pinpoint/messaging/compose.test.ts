import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EmailTemplateSource } from '../ports.js';
import { compileContent, contentOf, mergeSubstitutions, renderers, withOverrides } from './compose.js';

test('recipient substitutions win over the message’s, key by key', () => {
  assert.deepEqual(mergeSubstitutions({ name: ['All'], city: ['Tokyo'] }, { name: ['Hana'] }), {
    name: ['Hana'],
    city: ['Tokyo'],
  });
  assert.equal(mergeSubstitutions(undefined, undefined), undefined);
});

test('inline parts win over the template’s, part by part; the template’s defaults stay', () => {
  const content = contentOf(
    { subject: 'Inline subject' },
    { Subject: 'T subject', HtmlPart: '<p>T</p>', TextPart: 'T', DefaultSubstitutions: '{"a":"b"}' },
  );
  assert.deepEqual(content, {
    Subject: 'Inline subject',
    HtmlPart: '<p>T</p>',
    TextPart: 'T',
    DefaultSubstitutions: '{"a":"b"}',
  });
});

test('TitleOverride replaces the subject; BodyOverride the HTML part, else the text part', () => {
  const both = { Subject: 's', HtmlPart: 'h', TextPart: 't' };
  assert.deepEqual(withOverrides(both, { titleOverride: 'S', bodyOverride: 'B' }), {
    Subject: 'S',
    HtmlPart: 'B',
    TextPart: 't',
  });
  assert.deepEqual(withOverrides({ Subject: 's', TextPart: 't' }, { bodyOverride: 'B' }), {
    Subject: 's',
    TextPart: 'B',
  });
});

const engine = (calls: string[]): EmailTemplateSource => ({
  email: () => Promise.resolve(undefined),
  compile: (c) => {
    calls.push(c.Subject ?? '');
    return (vars) => ({ subject: `${c.Subject}:${vars.substitutions?.['name']?.[0] ?? ''}` });
  },
});

test('content without {{ is used as written, without the template engine', () => {
  const calls: string[] = [];
  const render = compileContent(engine(calls), { Subject: 'Plain', HtmlPart: '<p>x</p>' });
  assert.deepEqual(render({ address: 'a@example.net' }), {
    subject: 'Plain',
    html: '<p>x</p>',
    text: undefined,
  });
  assert.deepEqual(calls, []);
});

test('content with variables is compiled once, and again only for a recipient that overrides it', () => {
  const calls: string[] = [];
  const renderFor = renderers(engine(calls), { Subject: 'Hi {{name}}' });
  const shared = renderFor({});
  assert.equal(renderFor({ substitutions: { name: ['x'] } }), shared);
  assert.equal(shared({ address: 'a', substitutions: { name: ['Hana'] } }).subject, 'Hi {{name}}:Hana');
  renderFor({ titleOverride: 'Yo {{name}}' });
  assert.deepEqual(calls, ['Hi {{name}}', 'Yo {{name}}']);
});
