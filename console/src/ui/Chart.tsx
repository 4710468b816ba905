import { extent, linePath, ticks, type Series } from './chart-scale.js';

export type { Series } from './chart-scale.js';

interface Props {
  title: string;
  series: Series[];
  kind?: 'line' | 'bar';
  /** Formats an x value for the axis (a time, a day). */
  formatX?: (x: number) => string;
  width?: number;
  height?: number;
}

const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)'];

/** An inline SVG line or bar chart with a legend and a data table for screen readers. */
export function Chart({ title, series, kind = 'line', formatX = String, width = 640, height = 220 }: Props) {
  const pad = { l: 44, r: 12, t: 12, b: 28 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const e = extent(series);
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const band = xs.length ? w / xs.length : w;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <g transform={`translate(${pad.l},${pad.t})`}>
          {ticks(e.maxY).map((t) => {
            const y = h - (t / e.maxY) * h;
            return (
              <g key={t}>
                <line x1={0} x2={w} y1={y} y2={y} class="grid" />
                <text x={-6} y={y + 4} text-anchor="end" class="axis">
                  {t}
                </text>
              </g>
            );
          })}
          {kind === 'line'
            ? series.map((s, i) => (
                <path
                  key={s.name}
                  d={linePath(s.points, e, w, h)}
                  fill="none"
                  stroke={COLORS[i % COLORS.length]}
                  stroke-width={2}
                />
              ))
            : series.map((s, i) =>
                s.points.map((p) => {
                  const slot = xs.indexOf(p.x);
                  const bw = band / (series.length + 1);
                  const bh = (p.y / e.maxY) * h;
                  return (
                    <rect
                      key={`${s.name}-${p.x}`}
                      x={slot * band + i * bw + bw / 2}
                      y={h - bh}
                      width={bw}
                      height={bh}
                      fill={COLORS[i % COLORS.length]}
                    />
                  );
                }),
              )}
          {xs.length > 0 && (
            <>
              <text x={0} y={h + 20} class="axis">
                {formatX(xs[0])}
              </text>
              <text x={w} y={h + 20} text-anchor="end" class="axis">
                {formatX(xs[xs.length - 1])}
              </text>
            </>
          )}
        </g>
      </svg>
      <ul class="legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <span class="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">x</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {xs.map((x) => (
            <tr key={x}>
              <th scope="row">{formatX(x)}</th>
              {series.map((s) => (
                <td key={s.name}>{s.points.find((p) => p.x === x)?.y ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
