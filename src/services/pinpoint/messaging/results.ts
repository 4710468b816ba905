/** SendOutcome → the wire's MessageResult and EndpointMessageResult (pinpoint/2016-12-01). */
import type { SendOutcome } from '../ports.js';

export const messageResult = (o: SendOutcome) => ({
  DeliveryStatus: o.deliveryStatus,
  MessageId: o.messageId,
  StatusCode: o.statusCode,
  StatusMessage: o.statusMessage,
});

export const endpointMessageResult = (o: SendOutcome, address: string | undefined) => ({
  Address: address,
  ...messageResult(o),
});
