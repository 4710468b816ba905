import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderLimits } from '../../render-limits.js';
import { parseTemplateData, renderTemplate } from './template.js';

const LIMITS = renderLimits(10_485_760);

describe('renderTemplate', () => {
  it('escapes HTML parts only', () => {
    const r = renderTemplate(
      { TemplateName: 't', Subject: '{{a}}', Html: '{{a}}', Text: '{{a}}' },
      { a: '<&>' },
      LIMITS,
    );
    assert.deepEqual(r, { ok: true, rendered: { subject: '<&>', html: '&lt;&amp;&gt;', text: '<&>' } });
  });

  it('reports a missing attribute as SES words it', () => {
    const r = renderTemplate(
      { TemplateName: 't', Subject: 'x', Text: '{{user.name}}' },
      { user: {} },
      LIMITS,
    );
    assert.deepEqual(r, {
      ok: false,
      errorMessage: "Attribute 'name' is not present in the rendering data.",
    });
  });
});

describe('parseTemplateData', () => {
  it('accepts a JSON object only', () => {
    assert.deepEqual(parseTemplateData('{"a":1}'), { a: 1 });
    assert.equal(parseTemplateData('[1]'), undefined);
    assert.equal(parseTemplateData('nope'), undefined);
  });
});
