/**
 * STS on the wire: awsQuery, signing name `sts`, XML namespace and version from the STS model
 * (sts/2011-06-15). Registers the roles' trust policies with the authorizer, which is how
 * sts:AssumeRole is decided.
 */
import type { ServiceDefinition } from '../../wire/operation.js';
import { trustPolicyProvider } from '../iam/authz/trust-provider.js';
import { getAccessKeyInfoOperation } from './access-key-info.js';
import { assumeRoleOperation } from './assume-role.js';
import { getCallerIdentityOperation } from './caller-identity.js';
import type { StsDeps } from './deps.js';
import { decodeAuthorizationMessageOperation } from './decode-authorization-message.js';
import { getWebIdentityTokenOperation } from './web-identity-token-issue.js';
import { getFederationTokenOperation } from './federation-token.js';
import { gatedStsOperations } from './gated-operations.js';
import { ASSUME_ROLE_WITH_SAML, assumeRoleWithSamlOperation, samlDenied } from './saml.js';
import { getSessionTokenOperation } from './session-token.js';
import {
  ASSUME_ROLE_WITH_WEB_IDENTITY,
  assumeRoleWithWebIdentityOperation,
  webIdentityDenied,
} from './web-identity.js';

export type { StsDeps } from './deps.js';

export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Authorizers already given the trust-policy provider (one registration per authorizer). */
const registered = new WeakSet<object>();

export function stsService(deps: StsDeps): ServiceDefinition {
  if (!registered.has(deps.authorizer)) {
    deps.authorizer.addResourcePolicyProvider(trustPolicyProvider(deps.store));
    registered.add(deps.authorizer);
  }
  return {
    signingName: 'sts',
    id: 'sts',
    model: 'sts',
    protocol: 'query',
    xmlNamespace: STS_XML_NAMESPACE,
    version: '2011-06-15',
    operations: [
      assumeRoleOperation(deps),
      getCallerIdentityOperation(),
      getSessionTokenOperation(deps),
      getAccessKeyInfoOperation(deps),
      assumeRoleWithWebIdentityOperation(deps),
      getFederationTokenOperation(deps),
      decodeAuthorizationMessageOperation(),
      getWebIdentityTokenOperation(deps),
      assumeRoleWithSamlOperation(deps),
      ...gatedStsOperations(),
    ],
    // STS words a web identity's refusal without naming a caller (web-identity.ts), also when what
    // is refused is the sts:TagSession or sts:SetSourceIdentity its token asked for; the web
    // identity's principal ARN is its provider's.
    // A SAML-federated caller's refusal is worded the same way (troubleshoot_saml.html).
    accessDeniedMessage: (d) =>
      d.action === ASSUME_ROLE_WITH_SAML || /^arn:[^:]+:iam::\d{12}:saml-provider\//.test(d.principalArn)
        ? samlDenied().message
        : d.action === ASSUME_ROLE_WITH_WEB_IDENTITY ||
            /^arn:[^:]+:iam::\d{12}:oidc-provider\//.test(d.principalArn)
          ? webIdentityDenied().message
          : undefined,
  };
}
