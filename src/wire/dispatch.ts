/**
 * Which service a request is for. One endpoint serves every service, so the service comes from the
 * SigV4 credential scope (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`, header or presigned
 * query) and, for `ses`, the path: `/v2/…` is SES v2, anything else SES v1.
 *
 * A request with no credentials still needs a service to shape its MissingAuthenticationToken
 * error. AWS has one host per service; we choose as those hosts would have answered: `/v2/email/…`
 * → SES v2, `/v1/…` → Pinpoint, otherwise an awsQuery request whose `Version` names IAM
 * (2010-05-08), STS (2011-06-15) or SES (2010-12-01), and STS when nothing tells (the most common
 * unsigned call is an STS one, and STS's error shape is the generic awsQuery one).
 */
import type { ServiceDefinition } from './operation.js';
import { KNOWN_SERVICES } from './known-services.js';
import { scopeService } from './sigv4-parse.js';

export interface DispatchInput {
  path: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Reads `Version` from the query or form body, only needed for unsigned requests. */
  queryVersion: () => string | undefined;
}

export class Dispatcher {
  private readonly bySigningName = new Map<string, ServiceDefinition[]>();

  constructor(registered: readonly ServiceDefinition[]) {
    // Registered services first so they win over the stand-ins of the same name and prefix.
    for (const s of [...registered, ...KNOWN_SERVICES]) {
      const list = this.bySigningName.get(s.signingName) ?? [];
      if (!list.some((o) => (o.pathPrefix ?? '') === (s.pathPrefix ?? ''))) list.push(s);
      this.bySigningName.set(s.signingName, list);
    }
  }

  dispatch(input: DispatchInput): ServiceDefinition {
    const { service } = scopeService(input.headers, input.query);
    if (service) return this.pick(service, input.path);
    return this.unsigned(input);
  }

  private pick(signingName: string, path: string): ServiceDefinition {
    const list = this.bySigningName.get(signingName);
    if (!list) return standIn(signingName);
    let best: ServiceDefinition | undefined;
    for (const s of list) {
      if (s.pathPrefix && path.startsWith(s.pathPrefix)) {
        if (!best?.pathPrefix || s.pathPrefix.length > best.pathPrefix.length) best = s;
      } else if (!s.pathPrefix && !best) {
        best = s;
      }
    }
    return best ?? list.find((s) => !s.pathPrefix) ?? list[0];
  }

  private unsigned(input: DispatchInput): ServiceDefinition {
    if (input.path.startsWith('/v2/email/')) return this.pick('ses', input.path);
    if (input.path.startsWith('/v1/')) return this.pick('mobiletargeting', input.path);
    const version = input.queryVersion();
    const byVersion = KNOWN_SERVICES.find((s) => s.protocol === 'query' && s.version === version);
    return this.pick(byVersion?.signingName ?? 'sts', '/');
  }
}

/** A service nobody registered nor knows: answer in the generic awsQuery shape. */
function standIn(signingName: string): ServiceDefinition {
  return { id: signingName, signingName, protocol: 'query', operations: [] };
}
