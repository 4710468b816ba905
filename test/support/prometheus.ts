/**
 * A strict reader of Prometheus' text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): every line is
 * a `# HELP`, a `# TYPE`, a sample or empty, or the parse fails naming the line. Samples keep
 * their labels as a map, so a test asks for exact label sets, never a loose pattern.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseExposition(text: string): Exposition {
  const out: Exposition = { types: new Map(), help: new Map(), samples: [] };
  text.split('\n').forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) fail('unknown type');
        if (out.types.has(name)) fail('second TYPE');
        out.types.set(name, rest);
      } else out.help.set(name, rest);
      return;
    }
    if (line.startsWith('#')) return;
    let rest = line;
    const name = NAME.exec(rest)?.[0] ?? fail('no metric name');
    rest = rest.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      while (!rest.startsWith('}')) {
        const label = LABEL_NAME.exec(rest)?.[0] ?? fail('bad label name');
        rest = rest.slice(label.length);
        if (!rest.startsWith('="')) fail('expected ="');
        rest = rest.slice(2);
        let value = '';
        for (;;) {
          const c = rest[0] ?? fail('unterminated label value');
          rest = rest.slice(1);
          if (c === '"') break;
          if (c === '\\') {
            const e = rest[0];
            rest = rest.slice(1);
            value += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : fail('bad escape');
          } else value += c;
        }
        if (label in labels) fail('label twice');
        labels[label] = value;
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (!rest.startsWith('}')) fail('expected , or }');
      }
      rest = rest.slice(1);
    }
    const m = /^ (\S+)( -?\d+)?$/.exec(rest) ?? fail('bad value');
    // Prometheus reads values with Go's strconv.ParseFloat, where `NaN` and `Inf` are case-blind
    // (prom-client writes `Nan`).
    const special = m[1].toLowerCase();
    const value =
      special === '+inf' ? Infinity : special === '-inf' ? -Infinity : special === 'nan' ? NaN : Number(m[1]);
    if (Number.isNaN(value) && special !== 'nan') fail('value is not a number');
    out.samples.push({ name, labels, value });
  });
  return out;
}

/** The samples of `name` whose labels include `labels`. */
export function samples(e: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return e.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/**
 * The value of the one sample of `name` with exactly `labels`; undefined when there is none (a
 * labelled counter not yet counted has no sample).
 */
export function value(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const keys = Object.keys(labels).sort().join(',');
  const found = samples(e, name, labels).filter((s) => Object.keys(s.labels).sort().join(',') === keys);
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} has ${found.length} samples`);
  return found[0]?.value;
}
