/** What each wire protocol (awsQuery, restJson1) provides to the pipeline. */
import type { RawResponse, RequestContext } from './context.js';
import type { AwsError } from './errors.js';
import type { OperationSpec, ServiceDefinition } from './operation.js';

export interface Decoded {
  operation: OperationSpec;
  /** The request's members as the wire holds them, before the model types them. */
  raw: Record<string, unknown>;
}

export interface ProtocolCodec {
  /** Finds the operation and decodes its input; throws AwsError (unknown action or route). */
  decode(ctx: RequestContext, service: ServiceDefinition): Decoded;
  /** The success response. */
  encode(
    ctx: RequestContext,
    service: ServiceDefinition,
    operation: OperationSpec,
    output: unknown,
  ): RawResponse;
  /** The error response in the service's shape. */
  encodeError(ctx: RequestContext, service: ServiceDefinition, error: AwsError): RawResponse;
}
