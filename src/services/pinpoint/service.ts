/** Pinpoint on the wire: restJson1 under `/v1/`, errors `{"Message","RequestID"}` (pinpoint/2016-12-01). */
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';

export function pinpointService(operations: OperationSpec[]): ServiceDefinition {
  return {
    signingName: 'mobiletargeting',
    id: 'pinpoint',
    model: 'pinpoint',
    protocol: 'restJson',
    jsonErrorShape: 'Message+RequestID',
    operations,
  };
}
