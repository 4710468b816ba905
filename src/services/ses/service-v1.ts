/** SES v1 on the wire: awsQuery, signing name `ses`, namespace and version of ses/2010-12-01. */
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';

export const SES_V1_XML_NAMESPACE = 'http://ses.amazonaws.com/doc/2010-12-01/';

export function sesV1Service(operations: OperationSpec[]): ServiceDefinition {
  return {
    signingName: 'ses',
    id: 'ses',
    model: 'ses',
    protocol: 'query',
    xmlNamespace: SES_V1_XML_NAMESPACE,
    version: '2010-12-01',
    // SES's query API words denials its own way, with backtick-quote pairs around each name.
    accessDeniedMessage: (d) =>
      `User \`${d.principalArn}' is not authorized to perform \`${d.action}' on resource \`${d.resource}'`,
    operations,
  };
}
