import { randomBytes } from 'node:crypto';
import { decodeMarker, pageSize, toPage, type Database, type Page } from '../../store/index.js';
import { ID_ALPHABET } from './ids.js';
import type { Tag } from './model.js';
import {
  count,
  date,
  insertUnique,
  iso,
  nameKey,
  parseTags,
  partitionOfAccount,
  pathPrefixFilter,
  tagsText,
  type ListOptions,
} from './store-shared.js';

export interface ServerCertificate {
  Path: string;
  ServerCertificateName: string;
  ServerCertificateId: string;
  Arn: string;
  UploadDate: Date;
  Expiration: Date;
  CertificateBody: string;
  CertificateChain?: string;
  Tags: Tag[];
}

interface Row {
  server_certificate_id: string;
  server_certificate_name: string;
  name_key: string;
  path: string;
  arn: string;
  upload_date: string;
  expiration: string;
  certificate_body: string;
  certificate_chain: string | null;
  tags: string;
}

const COLUMNS =
  'server_certificate_id, server_certificate_name, name_key, path, arn, upload_date, expiration, certificate_body, certificate_chain, tags';

/** Server certificate ids start `ASCA` (reference_identifiers.html, unique ID prefixes). */
export function newServerCertificateId(): string {
  let s = 'ASCA';
  for (const b of randomBytes(17)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

const toCertificate = (r: Row): ServerCertificate => ({
  Path: r.path,
  ServerCertificateName: r.server_certificate_name,
  ServerCertificateId: r.server_certificate_id,
  Arn: r.arn,
  UploadDate: date(r.upload_date),
  Expiration: date(r.expiration),
  CertificateBody: r.certificate_body,
  ...(r.certificate_chain !== null ? { CertificateChain: r.certificate_chain } : {}),
  Tags: parseTags(r.tags),
});

const arnOf = (partition: string, account: string, path: string, name: string) =>
  `arn:${partition}:iam::${account}:server-certificate${path}${name}`;

/** Server certificates, by name without regard to case; renaming keeps the id. */
export class ServerCertificateRepo {
  constructor(private readonly db: Database) {}

  async create(
    accountId: string,
    c: Omit<ServerCertificate, 'ServerCertificateId' | 'Arn' | 'Tags'> & { Tags?: Tag[] },
  ): Promise<ServerCertificate> {
    const partition = await partitionOfAccount(this.db, accountId);
    await insertUnique(
      this.db,
      'server certificate',
      c.ServerCertificateName,
      `INSERT INTO iam_server_certificates (${COLUMNS}, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        newServerCertificateId(),
        c.ServerCertificateName,
        nameKey(c.ServerCertificateName),
        c.Path,
        arnOf(partition, accountId, c.Path, c.ServerCertificateName),
        iso(c.UploadDate),
        iso(c.Expiration),
        c.CertificateBody,
        c.CertificateChain ?? null,
        tagsText(c.Tags),
        accountId,
      ],
    );
    return (await this.get(accountId, c.ServerCertificateName))!;
  }

  async get(accountId: string, name: string): Promise<ServerCertificate | undefined> {
    const r = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM iam_server_certificates WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(name)],
    );
    return r && toCertificate(r);
  }

  async list(accountId: string, opts: ListOptions = {}): Promise<Page<ServerCertificate>> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM iam_server_certificates WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toCertificate);
  }

  /** UpdateServerCertificate: a new name and/or path, and with them a new ARN. */
  async rename(accountId: string, id: string, name: string, path: string): Promise<void> {
    const partition = await partitionOfAccount(this.db, accountId);
    await this.db.run(
      'UPDATE iam_server_certificates SET server_certificate_name = ?, name_key = ?, path = ?, arn = ? WHERE server_certificate_id = ?',
      [name, nameKey(name), path, arnOf(partition, accountId, path, name), id],
    );
  }

  async setTags(id: string, tags: readonly Tag[]): Promise<void> {
    await this.db.run('UPDATE iam_server_certificates SET tags = ? WHERE server_certificate_id = ?', [
      tagsText(tags),
      id,
    ]);
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM iam_server_certificates WHERE server_certificate_id = ?', [id]);
  }

  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_server_certificates WHERE account_id = ?', [
      accountId,
    ]);
  }
}
