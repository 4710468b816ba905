/**
 * How email templates are stored. Templates belong to the account and region, not to an app, so
 * they live under the app id `''`: one `template` document per name (the template itself: its ARN,
 * tags, active version and the highest version number ever given) and one `template-version`
 * document per version, keyed `<name>/<zero-padded version>` so versions list in number order.
 * A name is unique per template type (its ARN is `templates/<name>/<type>`): email templates are
 * keyed by their name, the other types by `<TYPE>:<name>` (a name cannot contain `:`).
 */
import type { TemplateResponse } from '../../../wire/model/types/pinpoint.js';
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
  /** pinpoint/2016-12-01 TemplateType: EMAIL, SMS, VOICE, PUSH or INAPP. */
  TemplateType: TemplateType;
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

/** pinpoint/2016-12-01 TemplateType. */
export type TemplateType = TemplateResponse['TemplateType'];
export const TEMPLATE_TYPES: string[] = ['EMAIL', 'SMS', 'VOICE', 'PUSH', 'INAPP'] satisfies TemplateType[];

/** The store key of a template of a type (see above). */
export const templateKey = (type: string, name: string) => (type === 'EMAIL' ? name : `${type}:${name}`);

export class TemplateDocuments {
  constructor(
    readonly store: PinpointStore,
    readonly type = 'EMAIL',
  ) {}

  /** The documents of the templates of another type. */
  typed(type: string): TemplateDocuments {
    return new TemplateDocuments(this.store, type);
  }

  private key(name: string): string {
    return templateKey(this.type, name);
  }

  async template(scope: Scope, name: string): Promise<TemplateDoc | undefined> {
    return (await this.store.get<TemplateDoc>(scope, NO_APP, 'template', this.key(name)))?.doc;
  }

  /**
   * `template` inside a transaction that writes it back: locked until the commit, so concurrent
   * updates (a new version's number, the active version) apply one after the other (store.ts).
   */
  async templateForUpdate(scope: Scope, name: string): Promise<TemplateDoc | undefined> {
    return (await this.store.getForUpdate<TemplateDoc>(scope, NO_APP, 'template', this.key(name)))?.doc;
  }

  putTemplate(scope: Scope, doc: TemplateDoc): Promise<void> {
    return this.store.put(scope, NO_APP, 'template', this.key(doc.TemplateName), doc);
  }

  async version(scope: Scope, name: string, version: string): Promise<VersionDoc | undefined> {
    if (!/^[1-9]\d{0,9}$/.test(version)) return undefined;
    return this.store.getVersion<VersionDoc>(
      scope,
      NO_APP,
      'template-version',
      this.key(name),
      Number(version),
    );
  }

  putVersion(scope: Scope, name: string, doc: VersionDoc): Promise<void> {
    return this.store.putVersion(scope, NO_APP, 'template-version', this.key(name), Number(doc.Version), doc);
  }

  async deleteVersion(scope: Scope, name: string, version: string): Promise<void> {
    await this.store.deleteVersion(scope, NO_APP, 'template-version', this.key(name), Number(version));
  }

  /** Every version of a template, oldest first. */
  versions(scope: Scope, name: string): Promise<VersionDoc[]> {
    return this.store.versions<VersionDoc>(scope, NO_APP, 'template-version', this.key(name));
  }

  /** Deletes a template and all its versions. */
  async deleteTemplate(scope: Scope, name: string): Promise<void> {
    await this.store.deleteVersions(scope, NO_APP, 'template-version', this.key(name));
    await this.store.delete(scope, NO_APP, 'template', this.key(name));
  }

  /**
   * Templates of this type whose names start with `prefix` ('' for all), in name order. Email keys
   * are bare names, so a prefix also matches other types' `<TYPE>:` keys: those are left out.
   */
  async templates(scope: Scope, prefix: string): Promise<TemplateDoc[]> {
    const rows = await this.store.listPrefix<TemplateDoc>(scope, NO_APP, 'template', this.key(prefix));
    return rows.map((r) => r.doc).filter((t) => (t.TemplateType ?? 'EMAIL') === this.type);
  }

  /** Every template of the account, of any type. */
  count(scope: Scope): Promise<number> {
    return this.store.count(scope, NO_APP, 'template');
  }
}
