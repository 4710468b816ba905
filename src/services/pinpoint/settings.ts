/** Placeholder until Get/UpdateApplicationSettings land. */
import type { OperationSpec } from '../../wire/operation.js';
import type { PinpointContext } from './ports.js';

export function settingsOperations(_c: PinpointContext): OperationSpec[] {
  return [];
}
