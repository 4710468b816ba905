/**
 * The segment builder's criteria and the SegmentDimensions they make (pinpoint/2016-12-01
 * SegmentDimensions, SetDimension, AttributeDimension, MetricDimension): each criterion is one
 * dimension; all of them must match (userguide/segments-building.html). Values are typed comma
 * separated.
 */

export type CriterionKind = 'Channel' | 'Platform' | 'Country' | 'Attribute' | 'UserAttribute' | 'Metric';

export interface Criterion {
  kind: CriterionKind;
  /** The attribute's or metric's name (Attribute, UserAttribute, Metric). */
  name: string;
  /** DimensionType, AttributeType or ComparisonOperator. */
  operator: string;
  /** Comma-separated values; a number for a metric. */
  values: string;
}

export const KINDS: CriterionKind[] = [
  'Channel',
  'Platform',
  'Country',
  'Attribute',
  'UserAttribute',
  'Metric',
];

/** The operators each kind takes, as the model names them. */
export function operatorsFor(kind: CriterionKind): string[] {
  if (kind === 'Attribute' || kind === 'UserAttribute')
    return ['INCLUSIVE', 'EXCLUSIVE', 'CONTAINS', 'BEFORE', 'AFTER', 'ON', 'BETWEEN'];
  if (kind === 'Metric')
    return ['GREATER_THAN', 'LESS_THAN', 'GREATER_THAN_OR_EQUAL', 'LESS_THAN_OR_EQUAL', 'EQUAL'];
  return ['INCLUSIVE', 'EXCLUSIVE'];
}

export const needsName = (kind: CriterionKind) =>
  kind === 'Attribute' || kind === 'UserAttribute' || kind === 'Metric';

export const splitValues = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export type Dimensions = Record<string, unknown>;

/**
 * The criteria as SegmentDimensions; a criterion not filled in yet (no values, or no name where
 * one is needed) is left out, so the count follows what is complete. Throws for a metric value
 * that is not a number.
 */
export function dimensionsOf(criteria: Criterion[]): Dimensions {
  const out: Record<string, Record<string, unknown>> = {};
  const group = (k: string) => (out[k] ??= {});
  for (const c of criteria) {
    const values = splitValues(c.values);
    const name = c.name.trim();
    if (values.length === 0 || (needsName(c.kind) && name === '')) continue;
    switch (c.kind) {
      case 'Channel':
      case 'Platform':
        group('Demographic')[c.kind] = { DimensionType: c.operator, Values: values };
        break;
      case 'Country':
        group('Location').Country = { DimensionType: c.operator, Values: values };
        break;
      case 'Attribute':
        group('Attributes')[name] = { AttributeType: c.operator, Values: values };
        break;
      case 'UserAttribute':
        group('UserAttributes')[name] = { AttributeType: c.operator, Values: values };
        break;
      case 'Metric': {
        const value = Number(values[0]);
        if (!Number.isFinite(value)) throw new Error(`The metric \`${name}\` needs a number`);
        group('Metrics')[name] = { ComparisonOperator: c.operator, Value: value };
        break;
      }
    }
  }
  return out;
}
