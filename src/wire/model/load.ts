/**
 * Reads a vendored model once per process. The `models/` folder is found by walking up from this
 * module, so the same code works from src/ (tsx), dist/ (tsc) and the bundle in dist/cli/chunks/, and
 * in the published package (`files` ships models/ beside dist/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_VERSIONS, type ModelName } from './catalog.js';
import { ServiceView } from './lookup.js';
import type { ServiceModel } from './shapes.js';

let modelsDir: string | undefined;

/** The nearest `models/` above this module that holds the IAM model. */
export function findModelsDir(): string {
  if (modelsDir) return modelsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'models');
    if (existsSync(join(candidate, 'iam', MODEL_VERSIONS.iam, 'service-2.json')))
      return (modelsDir = candidate);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no models/ folder above \`${fileURLToPath(import.meta.url)}\``);
    dir = up;
  }
}

/**
 * A vendored model's file. Nothing from a request reaches it: `name` is one of the catalog's fixed
 * keys (a service names its model in code, `ServiceDefinition.model`), and the folder is the
 * package's own `models/`, so this read needs no guard of src/net/.
 */
export function modelPath(name: ModelName): string {
  return join(findModelsDir(), name, MODEL_VERSIONS[name], 'service-2.json');
}

const loaded = new Map<ModelName, Promise<ServiceView>>();
const ready = new Map<ModelName, ServiceView>();

/** The model, read and indexed on first use; later calls share it. */
export function loadModel(name: ModelName): ServiceView | Promise<ServiceView> {
  const view = ready.get(name);
  if (view) return view;
  let pending = loaded.get(name);
  if (!pending) {
    pending = readFile(modelPath(name), 'utf8').then((text) => {
      const v = new ServiceView(name, JSON.parse(text) as ServiceModel);
      ready.set(name, v);
      return v;
    });
    loaded.set(name, pending);
  }
  return pending;
}

/** Synchronous read, for scripts and tests. */
export function loadModelSync(name: ModelName): ServiceView {
  let view = ready.get(name);
  if (!view) {
    view = new ServiceView(name, JSON.parse(readFileSync(modelPath(name), 'utf8')) as ServiceModel);
    ready.set(name, view);
  }
  return view;
}
