/**
 * The pipeline's auth step: who is calling, under `--iam`, or AWS's authentication error. Split in
 * two so the checks that need no body run before it is read (checkBeforeBody, from
 * Pipeline.admit) and the signature, which covers the body, after (authenticate). Also the
 * cross-site rule, which depends on the same `--iam` mode.
 */
import { partitionOfRegion } from '../iam/policy/partitions.js';
import {
  crossSiteRefused,
  invalidClientTokenId,
  missingAuthenticationToken,
  signatureDoesNotMatch,
} from './auth-errors.js';
import type { RequestContext } from './context.js';
import type { CredentialResolver } from './credentials.js';
import { AwsError } from './errors.js';
import type { IamMode, Protocol, ServiceDefinition } from './operation.js';
import { rootPrincipal, type Principal } from './principal.js';
import { hasAuth, parseSigV4, type SigV4Params } from './sigv4-parse.js';
import { checkCredentials, isKnownRegion, wrongRegion, type ScopeRules } from './sigv4-checks.js';

export interface AuthenticationOptions {
  iamMode: IamMode;
  credentials: CredentialResolver;
  /** Account for `--iam off` requests whose key is not a 12-digit account id. */
  defaultAccount: string;
  /** Told of each authentication error before it is thrown (metrics). */
  onFailure?: (err: AwsError) => void;
}

// The verifier (and @smithy/signature-v4 with it) loads on first use: start-up does not pay for it.
let verifier: Promise<typeof import('./sigv4.js')> | undefined;
const loadVerifier = () => (verifier ??= import('./sigv4.js'));

export type Authentication = ReturnType<typeof createAuthentication>;

export function createAuthentication(options: AuthenticationOptions) {
  const { iamMode, credentials } = options;

  /** STS ignores X-Amz-Expires (sigv4-checks.ts); the other services honour it. */
  const rulesFor = (service: ServiceDefinition): ScopeRules => ({
    protocol: service.protocol,
    honourExpires: service.signingName !== 'sts',
  });

  /** The parsed signature, or AWS's error; MissingAuthenticationToken when there is none. */
  function signatureOf(ctx: RequestContext, protocol: Protocol): SigV4Params {
    const { headers } = ctx.request;
    if (!hasAuth(headers, ctx.query)) throw missingAuthenticationToken(protocol);
    const params = parseSigV4(headers, ctx.query, protocol);
    if (params instanceof AwsError) throw params;
    return params;
  }

  /**
   * A page of another site (RawRequest.foreignOrigin) may send only what it cannot forge: a request
   * signed in the Authorization header, and nothing under `--iam off`, where signatures are unchecked.
   */
  function refuseCrossSite(request: { foreignOrigin?: string; headers: Record<string, string> }): void {
    if (request.foreignOrigin === undefined) return;
    if (iamMode === 'off' || request.headers['authorization'] === undefined) {
      throw crossSiteRefused(request.foreignOrigin, iamMode === 'off');
    }
  }

  /** Everything but the signature: MissingAuthenticationToken, malformed or expired, unknown key. */
  async function checkBeforeBody(ctx: RequestContext, service: ServiceDefinition): Promise<void> {
    if (iamMode === 'off') return;
    // An unsigned request may be for an operation AWS runs unsigned: that is in the body.
    if (!isSigned(ctx) && service.operations.some((o) => o.bodyPrincipal)) return;
    try {
      await checkCredentials(signatureOf(ctx, service.protocol), credentials, ctx, rulesFor(service));
    } catch (err) {
      throw failed(err);
    }
  }

  /** `authenticate`, telling `onFailure` of its errors (without one, no extra frame per request). */
  async function observed(ctx: RequestContext, rules: ScopeRules): Promise<Principal> {
    try {
      return await authenticate(ctx, rules);
    } catch (err) {
      throw failed(err);
    }
  }

  function failed(err: unknown): unknown {
    if (options.onFailure && err instanceof AwsError) options.onFailure(err);
    return err;
  }

  /** auth: who is calling, or AWS's authentication error. Sets ctx.sigv4 and ctx.credentials. */
  async function authenticate(ctx: RequestContext, rules: ScopeRules): Promise<Principal> {
    if (iamMode === 'off') return offModePrincipal(ctx, rules.protocol);
    const params = signatureOf(ctx, rules.protocol);
    ctx.sigv4 = params;
    const { verifySigV4 } = await loadVerifier();
    const creds = await verifySigV4(ctx.request, ctx.query, params, credentials, ctx, rules);
    ctx.credentials = creds;
    refuseOtherPartition(creds.principal, params.region);
    return creds.principal;
  }

  /**
   * An account lives in one partition ("Each AWS account is scoped to one partition", AWS on
   * re:Post): its keys are unknown to the IAM of another ("Accounts and credentials for other Amazon
   * Regions will not work for services operating in the China (Beijing) and China (Ningxia)
   * Regions", docs.amazonaws.cn general-info.html), answered as an unknown key.
   */
  function refuseOtherPartition(principal: Principal, region: string): void {
    if (principal.kind === 'Service') return;
    const partition = principal.arn.slice(4, principal.arn.indexOf(':', 4));
    if (partitionOfRegion(region)?.id !== partition) throw invalidClientTokenId();
  }

  /**
   * `--iam off`: any credentials; known keys keep their principal, a 12-digit key names an account.
   * The scope's region is still an address, not a credential: an unknown one is refused.
   */
  async function offModePrincipal(ctx: RequestContext, protocol: Protocol): Promise<Principal> {
    const params = hasAuth(ctx.request.headers, ctx.query)
      ? parseSigV4(ctx.request.headers, ctx.query, protocol)
      : undefined;
    if (!params || params instanceof AwsError) return rootPrincipal(options.defaultAccount);
    if (!isKnownRegion(params.region)) throw signatureDoesNotMatch(wrongRegion(params.region));
    ctx.sigv4 = params;
    const known = await credentials.resolve(params.accessKeyId);
    if (known) return known.principal;
    const account = /^\d{12}$/.test(params.accessKeyId) ? params.accessKeyId : options.defaultAccount;
    return rootPrincipal(account, partitionOfRegion(params.region)?.id);
  }

  /** Whether the request carries a signature (header or query); `--iam off` treats all as signed. */
  function isSigned(ctx: RequestContext): boolean {
    return iamMode === 'off' || hasAuth(ctx.request.headers, ctx.query);
  }

  return {
    rulesFor,
    isSigned,
    refuseCrossSite,
    checkBeforeBody,
    authenticate: options.onFailure ? observed : authenticate,
  };
}
