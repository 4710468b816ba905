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
import type { ControlDeps } from './deps.js';
import { domainOf, getIdentity, identityKey } from './identities.js';
import { sesArn } from './input.js';
import type { IdentityDoc } from './model.js';
import { findTemplate, templateRecord } from './templates.js';

function record(deps: ControlDeps, scope: SesScope, doc: IdentityDoc): IdentityRecord {
  // An address signs with its domain's key when the domain is an identity that signs (DKIM is a
  // domain's: dg/send-email-authentication-dkim.html), unless the address turned signing off in v1.
  const own = doc.type === 'DOMAIN' ? doc : getIdentity(deps, scope, domainOf(doc.name))?.doc;
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
 * Every send looks identities up several times (its ARN, its configuration set, the checks, the
 * identity policies), each a query and a JSON document with a PEM key to parse. Records are kept
 * while the store's generation stays put, frozen because callers share them, and neither served
 * nor kept inside a transaction, whose writes may yet roll back.
 */
function identityCache(
  deps: ControlDeps,
  load: (scope: SesScope, identity: string) => IdentityRecord | undefined,
) {
  const MAX = 10_000;
  let generation = -1;
  const records = new Map<string, IdentityRecord | null>();
  return (scope: SesScope, identity: string): IdentityRecord | undefined => {
    if (deps.store.db.inTransaction) return load(scope, identity);
    if (generation !== deps.store.generation || records.size >= MAX) {
      records.clear();
      generation = deps.store.generation;
    }
    const key = `${scope.account}\0${scope.region}\0${identityKey(identity)}`;
    let r = records.get(key);
    if (r === undefined) {
      r = load(scope, identity) ?? null;
      if (r) Object.freeze(Object.freeze(r).policies);
      if (r?.dkim) Object.freeze(r.dkim);
      records.set(key, r);
    }
    return r ?? undefined;
  };
}

export function identityPort(deps: ControlDeps): IdentityPort {
  const find = identityCache(deps, (scope, identity) => {
    const doc = getIdentity(deps, scope, identity)?.doc;
    return doc ? record(deps, scope, doc) : undefined;
  });
  return {
    find,
    identityForAddress(scope, address) {
      // The address itself when verified or at least known, otherwise its domain
      // (dg/creating-identities.html: a verified domain covers every address in it).
      const own = find(scope, address);
      if (own?.verified) return own;
      const domain = address.includes('@') ? find(scope, domainOf(address)) : undefined;
      return domain?.verified ? domain : (own ?? domain);
    },
  };
}

export function templatePort(deps: ControlDeps): TemplatePort {
  return {
    get(scope, name) {
      const doc = findTemplate(deps, scope, name)?.doc;
      return doc ? templateRecord(doc) : undefined;
    },
  };
}

export function configSetPort(deps: ControlDeps): ConfigSetPort {
  return {
    get(scope, name) {
      const doc = findConfigSet(deps, scope, name)?.doc;
      return doc ? configSetRecord(sesArn(scope, 'configuration-set', name), doc) : undefined;
    },
  };
}

export function accountPort(deps: ControlDeps): AccountPort {
  return { get: (scope) => accountRecord(getAccount(deps, scope)) };
}
