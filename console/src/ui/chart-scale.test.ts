import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extent, linePath, niceMax, ticks } from './chart-scale.js';

it('rounds an axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
  assert.deepEqual(
    [0, 0.7, 1, 3, 7, 12, 24, 26, 480, 5001].map(niceMax),
    [1, 1, 1, 5, 10, 20, 25, 50, 500, 10000],
  );
  assert.deepEqual(ticks(7), [0, 2.5, 5, 7.5, 10]);
});

it('scales series into the plot area (y grows down in SVG)', () => {
  const series = [
    {
      name: 'sends',
      points: [
        { x: 0, y: 0 },
        { x: 5, y: 10 },
        { x: 10, y: 5 },
      ],
    },
  ];
  const e = extent(series);
  assert.deepEqual(e, { minX: 0, maxX: 10, maxY: 10 });
  assert.equal(linePath(series[0].points, e, 100, 50), 'M0 50 L50 0 L100 25');
  assert.deepEqual(extent([]), { minX: 0, maxX: 1, maxY: 1 });
});
