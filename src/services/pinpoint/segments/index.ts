/**
 * Pinpoint's segments part: segments and their versions, segment groups, import jobs, and the
 * SegmentResolver port that campaigns read a segment's endpoints through. Import jobs run as jobs of
 * the one job mechanism (import-runner.ts); a segment's new version schedules the passes of the
 * journeys that refresh on it.
 */
import { pinpointArn } from '../input.js';
import type { PinpointContext, PinpointPart, Scope, SegmentResolver } from '../ports.js';
import { assumeAsPinpoint } from '../service-role.js';
import { segmentVersioned } from '../journeys/run/schedule.js';
import { exportJobOperations } from './export-job-operations.js';
import { registerExportRunner } from './export-runner.js';
import { importJobOperations } from './import-job-operations.js';
import { ImportRunner } from './import-runner.js';
import { SegmentMembers } from './members.js';
import { createResolver } from './resolver.js';
import { segmentOperations } from './segment-operations.js';

export { segmentMigrations } from './members.js';

export function createSegments(c: PinpointContext): PinpointPart & { resolver: SegmentResolver } {
  const members = new SegmentMembers(c.db);
  const deps = {
    store: c.store,
    members,
    clock: c.clock,
    versioned: (scope: Scope, appId: string, segmentId: string) =>
      segmentVersioned(c, scope, appId, segmentId),
  };
  const runner = new ImportRunner({
    ...deps,
    egress: () => c.egress,
    // The job's role, as Pinpoint assumes it for the app (aws:SourceArn = the app's ARN, as for the
    // orchestration role); the session name says which job read (AWS documents none).
    assumeRole: async ({ scope, appId, jobId, roleArn }) => {
      await assumeAsPinpoint(c, {
        scope,
        roleArn,
        sessionName: `pinpoint-import-${jobId}`,
        sourceArn: pinpointArn(scope, `apps/${appId}`),
      });
    },
  });
  runner.register(c.jobs);
  const resolver = createResolver(deps);
  registerExportRunner(
    {
      ...deps,
      segments: resolver,
      importRoot: () => c.egress.imports.dir,
      assumeRole: async ({ scope, appId, jobId, roleArn }) => {
        await assumeAsPinpoint(c, {
          scope,
          roleArn,
          sessionName: `pinpoint-export-${jobId}`,
          sourceArn: pinpointArn(scope, `apps/${appId}`),
        });
      },
    },
    c.jobs,
  );
  return {
    operations: [
      ...segmentOperations(deps),
      ...importJobOperations({ ...deps, jobs: c.jobs }),
      ...exportJobOperations({ ...deps, jobs: c.jobs }),
    ],
    resolver,
  };
}
