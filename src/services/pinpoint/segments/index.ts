/**
 * Pinpoint's segments part: segments and their versions, segment groups, import jobs, and the
 * SegmentResolver port that campaigns read a segment's endpoints through.
 */
import type { PinpointContext, PinpointPart, SegmentResolver } from '../ports.js';
import { importJobOperations } from './import-job-operations.js';
import { ImportRunner } from './import-runner.js';
import { SegmentMembers } from './members.js';
import { createResolver } from './resolver.js';
import { segmentOperations } from './segment-operations.js';

export { segmentMigrations } from './members.js';

export function createSegments(c: PinpointContext): PinpointPart & { resolver: SegmentResolver } {
  const members = new SegmentMembers(c.db);
  const deps = { store: c.store, partition: c.partition, members, clock: c.clock };
  const runner = new ImportRunner(deps);
  return {
    operations: [...segmentOperations(deps), ...importJobOperations({ ...deps, runner })],
    resolver: createResolver(deps),
    // Jobs a previous run left unfinished run again from the start (import-runner.ts).
    start: () => runner.resume(),
    stop: () => runner.stop(),
  };
}
