/** Placeholder until the segments part lands: segments, versions, groups, import jobs. */
import type { Migration } from '../../../store/index.js';
import type { PinpointContext, PinpointPart, SegmentResolver } from '../ports.js';

export const segmentMigrations: readonly Migration[] = [];

export function createSegments(_c: PinpointContext): PinpointPart & { resolver: SegmentResolver } {
  return { operations: [], resolver: { members: () => undefined, latestVersion: () => undefined } };
}
