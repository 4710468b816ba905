/**
 * restJson1 bindings come from the model (issue 14): the codec routes an operation by its model's
 * `http` trait and places its output by the output shape (src/wire/model/http-binding.ts,
 * encode-output.ts). The `http`/`output` each operation still declares must say the same, so that
 * scripts/drop-declared-bindings.mjs can delete them; the only routes the models do not have are
 * the SDK's second routes for two SES v2 list operations (registered again under the route the
 * current @aws-sdk/client-sesv2 sends).
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createRuntime, type Runtime } from '../src/services/runtime.js';
import { httpBindingFromModel, outputBindingFromModel } from '../src/wire/model/http-binding.js';
import { loadModelSync } from '../src/wire/model/load.js';
import { testData } from './support/database.js';

/** `service operation` → `METHOD path` of a route the model does not have. */
const SDK_ROUTES: Record<string, string> = {
  'sesv2 ListConfigurationSets': 'POST /v2/email/list-configuration-sets',
  'sesv2 ListEmailIdentities': 'POST /v2/email/list-identities',
};

let runtime: Runtime;
before(async () => {
  runtime = await createRuntime({ data: testData(), region: 'us-east-1' });
});
after(() => runtime.close());

it('every declared http/output binding of every registered restJson1 operation equals its model', () => {
  const mismatches: string[] = [];
  const others: Record<string, string> = {};
  let compared = 0;
  for (const service of runtime.services) {
    if (service.protocol !== 'restJson' || !service.model) continue;
    const view = loadModelSync(service.model);
    for (const op of service.operations) {
      assert.ok(view.operation(op.name), `${service.model} ${op.name} is in the model`);
      const key = `${service.model} ${op.name}`;
      if (op.http) {
        compared++;
        const model = httpBindingFromModel(view, op.name);
        if (model && op.http.path !== model.path) others[key] = `${op.http.method} ${op.http.path}`;
        else if (!isDeepStrictEqual(op.http, model)) {
          mismatches.push(`${key} http: declared ${JSON.stringify(op.http)}, model ${JSON.stringify(model)}`);
        }
      }
      if (op.output) {
        compared++;
        const model = outputBindingFromModel(view, op.name);
        if (!isDeepStrictEqual(op.output, model)) {
          mismatches.push(
            `${key} output: declared ${JSON.stringify(op.output)}, model ${JSON.stringify(model)}`,
          );
        }
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.deepEqual(others, SDK_ROUTES);
  // Those left after scripts/drop-declared-bindings.mjs: specs built by shared helpers (template
  // and channel types, job reads), SES v2's second list routes (117 when it ran).
  assert.ok(compared > 100, `compared ${compared} declarations`);
});

it('every operation of the restJson1 models has a route and output binding in the model', () => {
  for (const name of ['sesv2', 'pinpoint'] as const) {
    const view = loadModelSync(name);
    for (const op of view.operationNames()) {
      assert.ok(httpBindingFromModel(view, op), `${name} ${op} has an http trait`);
    }
  }
  const pinpoint = loadModelSync('pinpoint');
  assert.deepEqual(outputBindingFromModel(pinpoint, 'GetApp'), { payload: 'ApplicationResponse' });
  assert.deepEqual(httpBindingFromModel(pinpoint, 'CreateApp'), {
    method: 'POST',
    path: '/v1/apps',
    successCode: 201,
    payload: 'CreateApplicationRequest',
  });
  assert.deepEqual(httpBindingFromModel(pinpoint, 'GetApps'), {
    method: 'GET',
    path: '/v1/apps',
    query: { PageSize: 'page-size', Token: 'token' },
  });
});
