/** Scales for the inline SVG chart: pure functions (unit tested), no DOM. */

export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

/** A "nice" upper bound for an axis (1, 2, 2.5, 5 × 10ⁿ) at or above `max`; 1 for an empty axis. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Ticks from 0 to niceMax(max), `count` intervals. */
export function ticks(max: number, count = 4): number[] {
  const top = niceMax(max);
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

export interface Extent {
  minX: number;
  maxX: number;
  maxY: number;
}

export function extent(series: Series[]): Extent {
  let minX = Infinity;
  let maxX = -Infinity;
  let maxY = 0;
  for (const s of series)
    for (const p of s.points) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
  if (minX === Infinity) return { minX: 0, maxX: 1, maxY: 1 };
  if (minX === maxX) maxX = minX + 1;
  return { minX, maxX, maxY: niceMax(maxY) };
}

/** The SVG path (`M x y L …`) of a series in a `width`×`height` plot area. */
export function linePath(points: Series['points'], e: Extent, width: number, height: number): string {
  return points
    .map((p, i) => {
      const x = ((p.x - e.minX) / (e.maxX - e.minX)) * width;
      const y = height - (p.y / e.maxY) * height;
      return `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
    })
    .join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
