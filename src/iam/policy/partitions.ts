/**
 * AWS partitions and their regions. Facts are read from botocore's `data/partitions.json` and
 * `data/endpoints.json` (botocore as installed here, 2026); nothing is copied from them.
 * A partition is a group of regions with its own IAM: an ARN's partition must be the account's.
 */

export interface Partition {
  id: string;
  name: string;
  /** DNS suffix of the partition's endpoints (`amazonaws.com`, `amazonaws.com.cn`, …). */
  dnsSuffix: string;
  /** The pattern every region of the partition follows, including regions launched later. */
  regionRegex: RegExp;
  regions: readonly string[];
}

export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    name: 'AWS Standard',
    dnsSuffix: 'amazonaws.com',
    regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    regions: [
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'mx-central-1',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ],
  },
  {
    id: 'aws-cn',
    name: 'AWS China',
    dnsSuffix: 'amazonaws.com.cn',
    regionRegex: /^cn-\w+-\d+$/,
    regions: ['cn-north-1', 'cn-northwest-1'],
  },
  {
    id: 'aws-us-gov',
    name: 'AWS GovCloud (US)',
    dnsSuffix: 'amazonaws.com',
    regionRegex: /^us-gov-\w+-\d+$/,
    regions: ['us-gov-east-1', 'us-gov-west-1'],
  },
  {
    id: 'aws-iso',
    name: 'AWS ISO (US)',
    dnsSuffix: 'c2s.ic.gov',
    regionRegex: /^us-iso-\w+-\d+$/,
    regions: ['us-iso-east-1', 'us-iso-west-1'],
  },
  {
    id: 'aws-iso-b',
    name: 'AWS ISOB (US)',
    dnsSuffix: 'sc2s.sgov.gov',
    regionRegex: /^us-isob-\w+-\d+$/,
    regions: ['us-isob-east-1', 'us-isob-west-1'],
  },
  {
    id: 'aws-iso-e',
    name: 'AWS ISOE (Europe)',
    dnsSuffix: 'cloud.adc-e.uk',
    regionRegex: /^eu-isoe-\w+-\d+$/,
    regions: ['eu-isoe-west-1'],
  },
  {
    id: 'aws-iso-f',
    name: 'AWS ISOF',
    dnsSuffix: 'csp.hci.ic.gov',
    regionRegex: /^us-isof-\w+-\d+$/,
    regions: ['us-isof-east-1', 'us-isof-south-1'],
  },
  {
    id: 'aws-eusc',
    name: 'AWS EUSC',
    dnsSuffix: 'amazonaws.eu',
    regionRegex: /^eusc-(de)-\w+-\d+$/,
    regions: ['eusc-de-east-1'],
  },
];

const BY_ID = new Map(PARTITIONS.map((p) => [p.id, p]));

export function isPartition(id: string): boolean {
  return BY_ID.has(id);
}

export function partitionById(id: string): Partition | undefined {
  return BY_ID.get(id);
}

/**
 * The partition a region belongs to: a listed region first, else the first partition whose
 * regionRegex matches (botocore resolves unknown regions the same way). Undefined when none does.
 */
export function partitionOfRegion(region: string): Partition | undefined {
  const listed = PARTITIONS.find((p) => p.regions.includes(region));
  if (listed) return listed;
  // `aws`'s pattern also matches `us-gov-west-1` and `us-iso-east-1`, so try the narrower ones first.
  const narrowFirst = [...PARTITIONS.slice(1), PARTITIONS[0]];
  return narrowFirst.find((p) => p.regionRegex.test(region));
}

/**
 * The service principal a service acts as in policies (reference_policies_elements_principal.html,
 * "AWS service principals": `service-name.amazonaws.com`). The suffix is `amazonaws.com` in every
 * partition, not the partition's dnsSuffix: IAM in aws-cn refuses `eks.amazonaws.com.cn` with
 * `Invalid principal in policy: "SERVICE":"eks.amazonaws.com.cn"` (reported from CreateRole,
 * 2023, github.com search "Invalid principal in policy: \"SERVICE\"") and
 * `"SERVICE":"monitoring.rds.amazonaws.com.cn"` (terraform-aws-modules/terraform-aws-rds-aurora#437,
 * 2024: "monitoring.rds.amazonaws.com" works there). Earlier it was the other way round
 * (kubernetes/kops#27, 2016: cn-north-1 refused `"SERVICE":"ec2.amazonaws.com"`). For the ISO
 * partitions no source says otherwise; we rely on the same rule.
 */
export function servicePrincipalName(service: string, partition = 'aws'): string {
  if (!isPartition(partition)) throw new Error(`unknown partition ${partition}`);
  return `${service}.amazonaws.com`;
}

const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const SERVICE_PRINCIPAL = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*\\.amazonaws\\.com$`);

/**
 * Whether a name has the form of a service principal. IAM also refuses well-formed names of
 * services it does not know (`nope.amazonaws.com`); Pinpost has no list of every AWS service
 * principal, so it checks the form only.
 */
export function isServicePrincipal(name: string): boolean {
  return SERVICE_PRINCIPAL.test(name);
}

/** The id of the partition a request signed for `region` is in; `aws` for a region of none. */
export function partitionIdOfRegion(region: string): string {
  return partitionOfRegion(region)?.id ?? 'aws';
}
