/**
 * IAM's identity providers: OpenID Connect providers (keyed by their ARN,
 * arn:<partition>:iam::<acct>:oidc-provider/<host/path>, API_CreateOpenIDConnectProvider.html) and
 * SAML providers (keyed by their name, arn:<partition>:iam::<acct>:saml-provider/<name>,
 * API_CreateSAMLProvider.html). Lists and tags are JSON on their row: IAM reads and replaces them
 * whole. Names and ARNs compare without case, as IAM's names do.
 */
import type { Database, Migration } from '../../store/index.js';
import type { Tag } from './model.js';
import { date, insertUnique, iso, parseTags, tagsText } from './store-shared.js';

export const identityProviderMigrations: readonly Migration[] = [
  {
    context: 'iam-identity-providers',
    version: 1,
    name: 'OpenID Connect and SAML providers',
    up: `
CREATE TABLE iam_oidc_providers (
  account_id TEXT NOT NULL,
  arn_key TEXT NOT NULL,
  arn TEXT NOT NULL,
  url TEXT NOT NULL,
  client_ids TEXT NOT NULL,
  thumbprints TEXT NOT NULL,
  create_date TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, arn_key)
);
CREATE TABLE iam_saml_providers (
  account_id TEXT NOT NULL,
  name_key TEXT NOT NULL,
  arn TEXT NOT NULL,
  uuid TEXT NOT NULL,
  metadata TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  create_date TEXT NOT NULL,
  encryption_mode TEXT,
  private_keys TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, name_key)
);`,
  },
  {
    context: 'iam-identity-providers',
    version: 2,
    name: 'outbound web identity federation',
    // One row per account once enabled: its issuer id (the issuer URL's last segment) and the
    // private keys its tokens are signed with (PKCS#8 PEM), kept while disabled so the issuer and
    // keys stay the same when it is enabled again.
    up: `
CREATE TABLE iam_outbound_federation (
  account_id TEXT PRIMARY KEY,
  issuer_id TEXT NOT NULL UNIQUE,
  enabled INTEGER NOT NULL,
  rsa_key TEXT NOT NULL,
  ec_key TEXT NOT NULL
);`,
  },
];

export interface OidcProvider {
  Arn: string;
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: Date;
  Tags: Tag[];
}

/** A SAML provider's private key (assertion decryption); the PEM is never shown. */
export interface SamlPrivateKey {
  KeyId: string;
  Timestamp: Date;
  pem: string;
}

export interface SamlProvider {
  Arn: string;
  SAMLProviderUUID: string;
  SAMLMetadataDocument: string;
  ValidUntil: Date;
  CreateDate: Date;
  AssertionEncryptionMode?: string;
  privateKeys: SamlPrivateKey[];
  Tags: Tag[];
}

interface OidcRow {
  arn: string;
  url: string;
  client_ids: string;
  thumbprints: string;
  create_date: string;
  tags: string;
}

interface SamlRow {
  arn: string;
  uuid: string;
  metadata: string;
  valid_until: string;
  create_date: string;
  encryption_mode: string | null;
  private_keys: string;
  tags: string;
}

const toOidc = (r: OidcRow): OidcProvider => ({
  Arn: r.arn,
  Url: r.url,
  ClientIDList: JSON.parse(r.client_ids) as string[],
  ThumbprintList: JSON.parse(r.thumbprints) as string[],
  CreateDate: date(r.create_date),
  Tags: parseTags(r.tags),
});

function toSaml(r: SamlRow): SamlProvider {
  const keys = JSON.parse(r.private_keys) as { KeyId: string; Timestamp: string; pem: string }[];
  const p: SamlProvider = {
    Arn: r.arn,
    SAMLProviderUUID: r.uuid,
    SAMLMetadataDocument: r.metadata,
    ValidUntil: date(r.valid_until),
    CreateDate: date(r.create_date),
    privateKeys: keys.map((k) => ({ ...k, Timestamp: date(k.Timestamp) })),
    Tags: parseTags(r.tags),
  };
  if (r.encryption_mode !== null) p.AssertionEncryptionMode = r.encryption_mode;
  return p;
}

const keyOf = (s: string) => s.toLowerCase();
const OIDC_COLUMNS = 'arn, url, client_ids, thumbprints, create_date, tags';
const SAML_COLUMNS = 'arn, uuid, metadata, valid_until, create_date, encryption_mode, private_keys, tags';

export class OidcProviderRepo {
  constructor(private readonly db: Database) {}

  async create(account: string, p: OidcProvider): Promise<void> {
    await insertUnique(
      this.db,
      'oidc-provider',
      p.Arn,
      `INSERT INTO iam_oidc_providers (account_id, arn_key, ${OIDC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        account,
        keyOf(p.Arn),
        p.Arn,
        p.Url,
        JSON.stringify(p.ClientIDList),
        JSON.stringify(p.ThumbprintList),
        iso(p.CreateDate),
        tagsText(p.Tags),
      ],
    );
  }

  async get(account: string, arn: string): Promise<OidcProvider | undefined> {
    const r = await this.db.get<OidcRow>(
      `SELECT ${OIDC_COLUMNS} FROM iam_oidc_providers WHERE account_id = ? AND arn_key = ?`,
      [account, keyOf(arn)],
    );
    return r && toOidc(r);
  }

  async list(account: string): Promise<OidcProvider[]> {
    const rows = await this.db.all<OidcRow>(
      `SELECT ${OIDC_COLUMNS} FROM iam_oidc_providers WHERE account_id = ? ORDER BY arn_key`,
      [account],
    );
    return rows.map(toOidc);
  }

  count(account: string): Promise<number> {
    return this.db
      .get<{ n: number }>('SELECT count(*) AS n FROM iam_oidc_providers WHERE account_id = ?', [account])
      .then((r) => Number(r?.n ?? 0));
  }

  /** Replaces the client ids, thumbprints or tags given. */
  async update(
    account: string,
    arn: string,
    change: { ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] },
  ): Promise<void> {
    const columns: [string, string | undefined][] = [
      ['client_ids', change.ClientIDList && JSON.stringify(change.ClientIDList)],
      ['thumbprints', change.ThumbprintList && JSON.stringify(change.ThumbprintList)],
      ['tags', change.Tags && tagsText(change.Tags)],
    ];
    const given = columns.filter((c): c is [string, string] => c[1] !== undefined);
    const sets = given.map(([column]) => `${column} = ?`);
    const values = given.map(([, value]) => value);
    if (sets.length === 0) return;
    await this.db.run(
      `UPDATE iam_oidc_providers SET ${sets.join(', ')} WHERE account_id = ? AND arn_key = ?`,
      [...values, account, keyOf(arn)],
    );
  }

  async delete(account: string, arn: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM iam_oidc_providers WHERE account_id = ? AND arn_key = ?', [
      account,
      keyOf(arn),
    ]);
    return r.changes > 0;
  }
}

export class SamlProviderRepo {
  constructor(private readonly db: Database) {}

  async create(account: string, name: string, p: SamlProvider): Promise<void> {
    await insertUnique(
      this.db,
      'saml-provider',
      name,
      `INSERT INTO iam_saml_providers (account_id, name_key, ${SAML_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        account,
        keyOf(name),
        p.Arn,
        p.SAMLProviderUUID,
        p.SAMLMetadataDocument,
        iso(p.ValidUntil),
        iso(p.CreateDate),
        p.AssertionEncryptionMode ?? null,
        keysText(p.privateKeys),
        tagsText(p.Tags),
      ],
    );
  }

  async get(account: string, name: string): Promise<SamlProvider | undefined> {
    const r = await this.db.get<SamlRow>(
      `SELECT ${SAML_COLUMNS} FROM iam_saml_providers WHERE account_id = ? AND name_key = ?`,
      [account, keyOf(name)],
    );
    return r && toSaml(r);
  }

  async list(account: string): Promise<SamlProvider[]> {
    const rows = await this.db.all<SamlRow>(
      `SELECT ${SAML_COLUMNS} FROM iam_saml_providers WHERE account_id = ? ORDER BY name_key`,
      [account],
    );
    return rows.map(toSaml);
  }

  count(account: string): Promise<number> {
    return this.db
      .get<{ n: number }>('SELECT count(*) AS n FROM iam_saml_providers WHERE account_id = ?', [account])
      .then((r) => Number(r?.n ?? 0));
  }

  /** Writes the provider's changeable fields back (metadata, validity, keys, mode, tags). */
  async save(account: string, name: string, p: SamlProvider): Promise<void> {
    await this.db.run(
      `UPDATE iam_saml_providers SET metadata = ?, valid_until = ?, encryption_mode = ?, private_keys = ?, tags = ?
       WHERE account_id = ? AND name_key = ?`,
      [
        p.SAMLMetadataDocument,
        iso(p.ValidUntil),
        p.AssertionEncryptionMode ?? null,
        keysText(p.privateKeys),
        tagsText(p.Tags),
        account,
        keyOf(name),
      ],
    );
  }

  async delete(account: string, name: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM iam_saml_providers WHERE account_id = ? AND name_key = ?', [
      account,
      keyOf(name),
    ]);
    return r.changes > 0;
  }
}

const keysText = (keys: readonly SamlPrivateKey[]) =>
  JSON.stringify(keys.map((k) => ({ KeyId: k.KeyId, Timestamp: iso(k.Timestamp), pem: k.pem })));

/** Both repositories over one database (the IAM store's). */
export class IdentityProviderStore {
  readonly oidc: OidcProviderRepo;
  readonly saml: SamlProviderRepo;
  constructor(db: Database) {
    this.oidc = new OidcProviderRepo(db);
    this.saml = new SamlProviderRepo(db);
  }
}
