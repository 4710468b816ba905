/** Template rendering as SES does it (render.ts): Handlebars, missing attributes, bad data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplateData, RenderError, renderedMime, renderTemplate, syntaxError } from './render.js';

const template = {
  TemplateName: 't',
  Subject: 'Hi {{name}}',
  Text: '{{#each xs}}{{this}},{{/each}}{{#if missing}}x{{/if}}',
  Html: '<b>{{name}}</b>',
};

test('renders subject and text unescaped, HTML escaped; helpers read missing attributes as empty', () => {
  const out = renderTemplate(template, { name: '<Ann>', xs: [1, 2] });
  assert.deepEqual(out, { subject: 'Hi <Ann>', text: '1,2,', html: '<b>&lt;Ann&gt;</b>' });
});

test('a plain {{name}} absent from the data is MissingRenderingAttribute with SES’s text', () => {
  assert.throws(
    () => renderTemplate(template, { xs: [] }),
    (e: unknown) =>
      e instanceof RenderError &&
      e.failure.kind === 'missing-attribute' &&
      e.message === "Attribute 'name' is not present in the rendering data.",
  );
});

test('TemplateData must be a JSON object', () => {
  assert.deepEqual(parseTemplateData('{"a":1}'), { a: 1 });
  for (const bad of ['[1]', 'null', '"s"', '{']) {
    assert.throws(
      () => parseTemplateData(bad),
      (e: unknown) => e instanceof RenderError && e.failure.kind === 'invalid-data',
    );
  }
});

test('syntax errors are found before storing', () => {
  assert.equal(syntaxError('ok {{x}}'), undefined);
  assert.match(syntaxError('{{#if x}}') ?? '', /Parse error|Expecting/);
});

test('the rendered MIME message has the headers and one part per body', () => {
  const mime = renderedMime({ subject: 'S', text: 'é', html: '<p/>' }, new Date('2026-01-02T03:04:05Z'), 'B');
  assert.equal(
    mime,
    [
      'Date: Fri, 02 Jan 2026 03:04:05 +0000',
      'Subject: S',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; \r\n\tboundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'é',
      '--B',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: 7bit',
      '',
      '<p/>',
      '--B--',
    ].join('\r\n'),
  );
});
