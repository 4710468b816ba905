/**
 * The ports sending reads (ports.ts of SES): identities, templates, configuration sets, account,
 * suppression list — all answered from the control plane's store.
 */
import type {
  AccountPort,
  ConfigSetPort,
  IdentityPort,
  IdentityRecord,
  SesScope,
  TemplatePort,
} from '../ports.js';
import { accountRecord, getAccount } from './account.js';
import { configSetRecord, findConfigSet } from './configsets.js';
import { requestGeneration } from '../../../store/generations.js';
import type { ControlDeps } from './deps.js';
import { domainOf, getIdentity, identityKey } from './identities.js';
import { sesArn } from './input.js';
import type { IdentityDoc } from './model.js';
import { findTemplate, templateRecord } from './templates.js';

async function record(deps: ControlDeps, scope: SesScope, doc: IdentityDoc): Promise<IdentityRecord> {
  // An address signs with its domain's key when the domain is an identity that signs (DKIM is a
  // domain's: dg/send-email-authentication-dkim.html), unless the address turned signing off in v1.
  const own = doc.type === 'DOMAIN' ? doc : (await getIdentity(deps, scope, domainOf(doc.name)))?.doc;
  const d = own?.dkim;
  const dkim =
    own && d?.signingEnabled && d.privateKeyPem && d.selector
      ? { domain: own.name.toLowerCase(), selector: d.selector, privateKeyPem: d.privateKeyPem }
      : undefined;
  return {
    identity: doc.name,
    type: doc.type,
    arn: sesArn(scope, 'identity', doc.name),
    verified: doc.verificationStatus === 'SUCCESS',
    dkim,
    mailFromDomain: doc.mailFrom?.domain,
    configurationSetName: doc.configurationSetName,
    policies: { ...doc.policies },
  };
}

/**
 * Every send looks identities and the account up several times (its ARN, its configuration set,
 * the checks, the identity policies), each a query and a JSON document (with a PEM key to parse).
 * Records are kept while the `ses-control` generation (every process's writes, read once a request:
 * src/store/generations.ts) and this process's own write count stay put; frozen because callers
 * share them; neither served nor kept inside a transaction, whose writes may yet roll back. A
 * record loaded while either moved is not kept (it may predate the write).
 */
export function generationCache<R extends object>(
  deps: ControlDeps,
  load: (scope: SesScope, key: string) => Promise<R | undefined>,
  freeze: (r: R) => void,
) {
  const MAX = 10_000;
  let generation = '';
  const records = new Map<string, R | null>();
  return async (scope: SesScope, key: string): Promise<R | undefined> => {
    const { db } = deps.store;
    if (db.inTransaction) return load(scope, key);
    // Read before the load: whatever the load sees is at least as new as this number says.
    const shared = await requestGeneration(db, 'ses-control');
    const loadedAt = `${shared}/${deps.store.generation}`;
    if (generation !== loadedAt || records.size >= MAX) {
      records.clear();
      generation = loadedAt;
    }
    const at = `${scope.account}\0${scope.region}\0${key}`;
    const hit = records.get(at);
    if (hit !== undefined) return hit ?? undefined;
    const r = (await load(scope, key)) ?? null;
    if (r) freeze(r);
    if (loadedAt === generation && loadedAt === `${shared}/${deps.store.generation}`) records.set(at, r);
    return r ?? undefined;
  };
}

function identityCache(
  deps: ControlDeps,
  load: (scope: SesScope, identity: string) => Promise<IdentityRecord | undefined>,
) {
  const cached = generationCache(deps, load, (r) => {
    Object.freeze(Object.freeze(r).policies);
    if (r.dkim) Object.freeze(r.dkim);
  });
  return (scope: SesScope, identity: string) => cached(scope, identityKey(identity));
}

export function identityPort(deps: ControlDeps): IdentityPort {
  const find = identityCache(deps, async (scope, identity) => {
    const doc = (await getIdentity(deps, scope, identity))?.doc;
    return doc ? record(deps, scope, doc) : undefined;
  });
  return {
    find,
    async identityForAddress(scope, address) {
      // The address itself when verified or at least known, otherwise its domain
      // (dg/creating-identities.html: a verified domain covers every address in it).
      const own = await find(scope, address);
      if (own?.verified) return own;
      const domain = address.includes('@') ? await find(scope, domainOf(address)) : undefined;
      return domain?.verified ? domain : (own ?? domain);
    },
  };
}

export function templatePort(deps: ControlDeps): TemplatePort {
  return {
    async get(scope, name) {
      const doc = (await findTemplate(deps, scope, name))?.doc;
      return doc ? templateRecord(doc) : undefined;
    },
  };
}

export function configSetPort(deps: ControlDeps): ConfigSetPort {
  return {
    async get(scope, name) {
      const doc = (await findConfigSet(deps, scope, name))?.doc;
      return doc ? configSetRecord(sesArn(scope, 'configuration-set', name), doc) : undefined;
    },
  };
}

export function accountPort(deps: ControlDeps): AccountPort {
  const cached = generationCache(
    deps,
    async (scope) => accountRecord(await getAccount(deps, scope)),
    (r) => Object.freeze(Object.freeze(r).suppressedReasons),
  );
  return { get: async (scope) => (await cached(scope, ''))! };
}
