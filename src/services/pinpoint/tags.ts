/** Placeholder until TagResource, UntagResource and ListTagsForResource land. */
import type { OperationSpec } from '../../wire/operation.js';
import type { PinpointContext } from './ports.js';

export function tagOperations(_c: PinpointContext): OperationSpec[] {
  return [];
}
