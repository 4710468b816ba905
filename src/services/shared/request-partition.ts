/**
 * The partition a request is in: its region's (a request signed for us-gov-west-1 is in aws-us-gov,
 * cn-north-1 in aws-cn). Authentication has checked that it is the caller's account's partition.
 */
import { partitionIdOfRegion } from '../../iam/policy/partitions.js';

export function requestPartition(ctx: { region?: string }): string {
  return partitionIdOfRegion(ctx.region ?? 'us-east-1');
}
