/**
 * Finding a template and its versions, or the NotFoundException Pinpoint answers for a missing
 * resource (the text other missing Pinpoint resources get, errors.ts).
 */
import { notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import type { Scope } from '../store.js';
import type { TemplateDeps } from './access.js';
import type { TemplateDoc, VersionDoc } from './documents.js';

/** The template, or NotFoundException; `forUpdate`: locked until the commit (documents.ts). */
export async function requireTemplate(
  deps: TemplateDeps,
  scope: Scope,
  name: string,
  forUpdate = false,
): Promise<TemplateDoc> {
  const t = forUpdate
    ? await deps.docs.templateForUpdate(scope, name)
    : await deps.docs.template(scope, name);
  if (!t) throw notFound(RESOURCE_NOT_FOUND);
  return t;
}

/** The version, or NotFoundException. */
export async function requireVersion(
  deps: TemplateDeps,
  scope: Scope,
  name: string,
  version: string,
): Promise<VersionDoc> {
  const v = await deps.docs.version(scope, name, version);
  if (!v) throw notFound(RESOURCE_NOT_FOUND);
  return v;
}

/** The most recent existing version (the highest number still there). */
export async function latestVersion(
  deps: TemplateDeps,
  scope: Scope,
  name: string,
): Promise<VersionDoc | undefined> {
  const all = await deps.docs.versions(scope, name);
  return all[all.length - 1];
}
