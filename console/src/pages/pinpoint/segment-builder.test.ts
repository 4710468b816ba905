import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dimensionsOf, operatorsFor, type Criterion } from './segment-builder.js';

const c = (kind: Criterion['kind'], operator: string, values: string, name = ''): Criterion => ({
  kind,
  name,
  operator,
  values,
});

test('criteria become SegmentDimensions members (SetDimension, AttributeDimension, MetricDimension)', () => {
  assert.deepEqual(
    dimensionsOf([
      c('Channel', 'INCLUSIVE', 'EMAIL'),
      c('Platform', 'EXCLUSIVE', 'ios, android'),
      c('Country', 'INCLUSIVE', 'PT'),
      c('Attribute', 'CONTAINS', 'music', 'Interest'),
      c('UserAttribute', 'INCLUSIVE', 'Ana,Bo', 'FirstName'),
      c('Metric', 'GREATER_THAN', '2', 'visits'),
    ]),
    {
      Demographic: {
        Channel: { DimensionType: 'INCLUSIVE', Values: ['EMAIL'] },
        Platform: { DimensionType: 'EXCLUSIVE', Values: ['ios', 'android'] },
      },
      Location: { Country: { DimensionType: 'INCLUSIVE', Values: ['PT'] } },
      Attributes: { Interest: { AttributeType: 'CONTAINS', Values: ['music'] } },
      UserAttributes: { FirstName: { AttributeType: 'INCLUSIVE', Values: ['Ana', 'Bo'] } },
      Metrics: { visits: { ComparisonOperator: 'GREATER_THAN', Value: 2 } },
    },
  );
});

test('a criterion not filled in yet is left out', () => {
  assert.deepEqual(dimensionsOf([c('Country', 'INCLUSIVE', ' , '), c('Attribute', 'INCLUSIVE', 'x')]), {});
});

test('a metric needs a number', () => {
  assert.throws(() => dimensionsOf([c('Metric', 'EQUAL', 'many', 'visits')]), {
    message: 'The metric `visits` needs a number',
  });
});

test('each kind offers the model’s operators', () => {
  assert.deepEqual(operatorsFor('Country'), ['INCLUSIVE', 'EXCLUSIVE']);
  assert.ok(operatorsFor('Attribute').includes('BETWEEN'));
  assert.ok(operatorsFor('Metric').includes('LESS_THAN_OR_EQUAL'));
});
