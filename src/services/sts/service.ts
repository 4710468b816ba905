/**
 * STS on the wire: awsQuery, signing name `sts`, XML namespace and version from the STS model
 * (sts/2011-06-15).
 */
import type { ServiceDefinition } from '../../wire/operation.js';
import type { IamDeps } from '../iam/deps.js';

export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsDeps extends IamDeps {
  region: string;
}

export function stsService(_deps: StsDeps): ServiceDefinition {
  return {
    signingName: 'sts',
    id: 'sts',
    protocol: 'query',
    xmlNamespace: STS_XML_NAMESPACE,
    version: '2011-06-15',
    operations: [],
  };
}
