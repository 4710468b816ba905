/**
 * One line of an import CSV (userguide/segments-importing.html, "Segment files"): values separated
 * by commas; "To include a comma or double quote in a value, enclose the value in double quotes"
 * (a quote inside a quoted value is doubled). The file "can't contain line breaks or tabs" inside
 * values, so a line is a record.
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted value');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i < line.length && line[i] !== ',') throw new Error('text after a quoted value');
      out.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) return out;
    i++; // the comma
  }
}
