/**
 * Amazon Resource Names (reference-arns.html in the IAM User Guide):
 * `arn:partition:service:region:account-id:resource`. Only the first five colons delimit fields;
 * the resource part may itself hold colons and slashes (`log-group:name:log-stream:x`,
 * `identity/example.com`), so everything after the fifth colon is kept whole.
 */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const FIELDS_BEFORE_RESOURCE = 5;

/** Splits an ARN into its fields, or undefined when the text is not `arn:` plus five more fields. */
export function parseArn(text: string): Arn | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < FIELDS_BEFORE_RESOURCE; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    fields.push(text.slice(start, colon));
    start = colon + 1;
  }
  if (fields[0] !== 'arn') return undefined;
  return {
    partition: fields[1],
    service: fields[2],
    region: fields[3],
    account: fields[4],
    resource: text.slice(start),
  };
}

export function formatArn(a: Arn): string {
  return `arn:${a.partition}:${a.service}:${a.region}:${a.account}:${a.resource}`;
}
