/**
 * How email templates are stored. Templates belong to the account and region, not to an app, so
 * they live under the app id `''`: one `template` document per name (the template itself: its ARN,
 * tags, active version and the highest version number ever given) and one `template-version`
 * document per version, keyed `<name>/<zero-padded version>` so versions list in number order.
 */
import type { PinpointStore, Scope } from '../store.js';

/** The app id templates are stored under (store.ts, "Templates belong to the account"). */
export const NO_APP = '';

export interface MessageHeader {
  Name: string;
  Value: string;
}

/** The content of one version (EmailTemplateRequest without its deprecated `tags`). */
export interface EmailVersionContent {
  Subject?: string;
  HtmlPart?: string;
  TextPart?: string;
  DefaultSubstitutions?: string;
  TemplateDescription?: string;
  RecommenderId?: string;
  Headers?: MessageHeader[];
}

export interface VersionDoc extends EmailVersionContent {
  /** The version's identifier: an integer, as a string ('1', '2', …). */
  Version: string;
  CreationDate: string;
  LastModifiedDate: string;
}

export interface TemplateDoc {
  TemplateName: string;
  TemplateType: 'EMAIL';
  Arn: string;
  CreationDate: string;
  /** Any change to the template or to one of its versions. */
  LastModifiedDate: string;
  /** The version messages use when they name none. */
  ActiveVersion: string;
  /** The highest version number given so far: numbers are never reused (message-templates-versioning.html). */
  LastVersionNumber: number;
  /** Every taggable Pinpoint document keeps its tags here (store.ts), for TagResource by ARN. */
  tags: Record<string, string>;
}

export class TemplateDocuments {
  constructor(readonly store: PinpointStore) {}

  async template(scope: Scope, name: string): Promise<TemplateDoc | undefined> {
    return (await this.store.get<TemplateDoc>(scope, NO_APP, 'template', name))?.doc;
  }

  putTemplate(scope: Scope, doc: TemplateDoc): Promise<void> {
    return this.store.put(scope, NO_APP, 'template', doc.TemplateName, doc);
  }

  async version(scope: Scope, name: string, version: string): Promise<VersionDoc | undefined> {
    if (!/^[1-9]\d{0,9}$/.test(version)) return undefined;
    return this.store.getVersion<VersionDoc>(scope, NO_APP, 'template-version', name, Number(version));
  }

  putVersion(scope: Scope, name: string, doc: VersionDoc): Promise<void> {
    return this.store.putVersion(scope, NO_APP, 'template-version', name, Number(doc.Version), doc);
  }

  async deleteVersion(scope: Scope, name: string, version: string): Promise<void> {
    await this.store.deleteVersion(scope, NO_APP, 'template-version', name, Number(version));
  }

  /** Every version of a template, oldest first. */
  versions(scope: Scope, name: string): Promise<VersionDoc[]> {
    return this.store.versions<VersionDoc>(scope, NO_APP, 'template-version', name);
  }

  /** Deletes a template and all its versions. */
  async deleteTemplate(scope: Scope, name: string): Promise<void> {
    await this.store.deleteVersions(scope, NO_APP, 'template-version', name);
    await this.store.delete(scope, NO_APP, 'template', name);
  }

  /** Templates whose names start with `prefix` ('' for all), in name order. */
  async templates(scope: Scope, prefix: string): Promise<TemplateDoc[]> {
    return (await this.store.listPrefix<TemplateDoc>(scope, NO_APP, 'template', prefix)).map((r) => r.doc);
  }

  count(scope: Scope): Promise<number> {
    return this.store.count(scope, NO_APP, 'template');
  }
}
