/**
 * Outbound web identity federation of an account (API_EnableOutboundWebIdentityFederation.html):
 * whether it is enabled, the account's issuer id and the keys GetWebIdentityToken signs with — an
 * RSA key for RS256 and a P-384 key for ES384 — made when it is first enabled.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Database } from '../../store/index.js';

export interface OutboundFederation {
  accountId: string;
  issuerId: string;
  enabled: boolean;
  rsaKey: string;
  ecKey: string;
}

interface Row {
  account_id: string;
  issuer_id: string;
  enabled: number;
  rsa_key: string;
  ec_key: string;
}

const toState = (r: Row): OutboundFederation => ({
  accountId: r.account_id,
  issuerId: r.issuer_id,
  enabled: Number(r.enabled) === 1,
  rsaKey: r.rsa_key,
  ecKey: r.ec_key,
});

const pkcs8 = { type: 'pkcs8', format: 'pem' } as const;

export class OutboundFederationRepo {
  constructor(private readonly db: Database) {}

  async get(accountId: string): Promise<OutboundFederation | undefined> {
    const r = await this.db.get<Row>('SELECT * FROM iam_outbound_federation WHERE account_id = ?', [
      accountId,
    ]);
    return r && toState(r);
  }

  async byIssuer(issuerId: string): Promise<OutboundFederation | undefined> {
    const r = await this.db.get<Row>('SELECT * FROM iam_outbound_federation WHERE issuer_id = ?', [issuerId]);
    return r && toState(r);
  }

  /** Enables it, making the issuer and keys the first time. */
  async enable(accountId: string): Promise<OutboundFederation> {
    const existing = await this.get(accountId);
    if (existing) {
      await this.db.run('UPDATE iam_outbound_federation SET enabled = 1 WHERE account_id = ?', [accountId]);
      return { ...existing, enabled: true };
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export(pkcs8) as string;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export(pkcs8) as string;
    const state = { accountId, issuerId: randomUUID(), enabled: true, rsaKey: rsa, ecKey: ec };
    await this.db.run(
      'INSERT INTO iam_outbound_federation (account_id, issuer_id, enabled, rsa_key, ec_key) VALUES (?, ?, 1, ?, ?)',
      [accountId, state.issuerId, rsa, ec],
    );
    return state;
  }

  async disable(accountId: string): Promise<void> {
    await this.db.run('UPDATE iam_outbound_federation SET enabled = 0 WHERE account_id = ?', [accountId]);
  }
}
