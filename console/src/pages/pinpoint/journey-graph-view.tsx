/**
 * The journey's activity graph as inline SVG: a box per activity (its id, kind and execution
 * metrics), an arrow per path labelled with its meaning. Laid out by journey-graph.ts.
 */
import { layoutJourney, metricLines, NODE_HEIGHT, NODE_WIDTH, type GraphActivity } from './journey-graph.js';

interface Props {
  activities: Record<string, GraphActivity>;
  start?: string;
  /** GetJourneyExecutionActivityMetrics' Metrics per activity id. */
  metrics: Record<string, Record<string, string> | undefined>;
}

const PAD = 16;

export function JourneyGraphView({ activities, start, metrics }: Props) {
  const g = layoutJourney(activities, start);
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  const width = g.width + 2 * PAD;
  const height = g.height + 2 * PAD;
  return (
    <figure class="journey-graph">
      <figcaption>Activities</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label={`Journey graph: ${g.nodes.length} activities, ${g.edges.length} paths`}
      >
        <defs>
          <marker
            id="journey-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" class="journey-arrowhead" />
          </marker>
        </defs>
        <g transform={`translate(${PAD},${PAD})`}>
          {g.edges.map((e, i) => {
            const a = at.get(e.from)!;
            const b = at.get(e.to)!;
            const x1 = a.x + NODE_WIDTH;
            const y1 = a.y + NODE_HEIGHT / 2;
            const x2 = b.x;
            const y2 = b.y + NODE_HEIGHT / 2;
            const mx = (x1 + x2) / 2;
            return (
              <g key={i} class="journey-edge" data-from={e.from} data-to={e.to}>
                <path
                  d={`M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`}
                  fill="none"
                  marker-end="url(#journey-arrow)"
                />
                {e.label && (
                  <text x={mx} y={(y1 + y2) / 2 - 4} text-anchor="middle" class="journey-edge-label">
                    {e.label}
                  </text>
                )}
              </g>
            );
          })}
          {g.nodes.map((n) => {
            const lines = metricLines(metrics[n.id]);
            return (
              <g key={n.id} transform={`translate(${n.x},${n.y})`} class="journey-node" data-activity={n.id}>
                <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
                <text x={8} y={16} class="journey-node-title">
                  {n.id}
                </text>
                <text x={8} y={30} class="journey-node-kind">
                  {n.kind}
                </text>
                <text x={8} y={46} class="journey-node-metrics">
                  {lines.slice(0, 2).join(' · ') || 'no metrics yet'}
                </text>
                <title>{[`${n.id} (${n.kind})`, ...lines].join('\n')}</title>
              </g>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}
