/** Identity providers: OpenID Connect and SAML, each in its own file. */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { oidcProviderOperations } from './oidc-provider-operations.js';
import { samlProviderOperations } from './saml-provider-operations.js';

export function identityProviderOperations(deps: IamDeps): OperationSpec[] {
  return [...oidcProviderOperations(deps), ...samlProviderOperations(deps)];
}
