/** SES v2 on the wire: restJson1 under `/v2/email/`, signing name `ses`, errors `{"message"}`. */
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';

export function sesV2Service(operations: OperationSpec[]): ServiceDefinition {
  return {
    signingName: 'ses',
    id: 'sesv2',
    model: 'sesv2',
    protocol: 'restJson',
    pathPrefix: '/v2/',
    jsonErrorShape: 'message',
    operations,
  };
}
