import { useId, useRef } from 'preact/hooks';

export interface LineMarker {
  /** 1-based line. */
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

interface Props {
  label: string;
  value: string;
  onValue?: (value: string) => void;
  markers?: LineMarker[];
  rows?: number;
  readOnly?: boolean;
  /** Lines to highlight (e.g. the statement a simulation matched), 1-based. */
  highlight?: number[];
}

/**
 * A plain textarea with line numbers beside it and markers at lines (an error or a finding): no
 * editor library, so it stays small and every keyboard and screen reader works as with a textarea.
 */
export function CodeEditor({
  label,
  value,
  onValue,
  markers = [],
  rows = 16,
  readOnly,
  highlight = [],
}: Props) {
  const id = useId();
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n').length;
  const byLine = new Map<number, LineMarker[]>();
  for (const m of markers) byLine.set(m.line, [...(byLine.get(m.line) ?? []), m]);
  const marked = new Set(highlight);
  return (
    <div class="code-editor">
      <label for={id}>{label}</label>
      <div class="code-frame">
        <div class="code-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => {
            const n = i + 1;
            const ms = byLine.get(n);
            const cls = ms
              ? `marker marker-${ms[0].severity}`
              : marked.has(n)
                ? 'marker marker-highlight'
                : '';
            return (
              <div key={n} class={cls} title={ms?.map((m) => m.message).join('\n')} data-line={n}>
                {n}
              </div>
            );
          })}
        </div>
        <textarea
          id={id}
          value={value}
          rows={rows}
          spellcheck={false}
          readOnly={readOnly}
          wrap="off"
          aria-describedby={markers.length ? `${id}-markers` : undefined}
          aria-invalid={markers.some((m) => m.severity === 'error') || undefined}
          onInput={(e) => onValue?.(e.currentTarget.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {markers.length > 0 && (
        <ul id={`${id}-markers`} class="code-markers">
          {markers.map((m, i) => (
            <li key={i} class={`marker-${m.severity}`} data-line={m.line}>
              Line {m.line}: {m.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
