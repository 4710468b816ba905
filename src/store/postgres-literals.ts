/**
 * A statement with its parameters written into it as literals, for the simple query protocol,
 * which carries several statements in one message but no parameters (postgres.ts sends a
 * transaction's queued writes that way). Every value becomes a quoted literal of unknown type, as
 * an untyped parameter is: the server gives it its type from where it stands, as it does `$n`.
 *
 * Quoting follows the server's rule for escape strings (`E'…'`: a quote and a backslash are each
 * doubled), which holds whatever `standard_conforming_strings` says; a NUL cannot be sent in a
 * query text at all, and is refused as the server refuses it in a parameter.
 */
import type { Params, SqlValue } from './dialect.js';

/** The error PostgreSQL gives a text value holding NUL (SQLSTATE 22021). */
class NulInText extends Error {
  readonly code = '22021';
  constructor() {
    super('invalid byte sequence for encoding "UTF8": 0x00');
  }
}

function literal(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return `'${String(value)}'`;
  if (typeof value !== 'string') throw new TypeError(`a parameter of type \`${typeof value}\``);
  if (value.includes('\0')) throw new NulInText();
  if (!value.includes('\\') && !value.includes("'")) return `'${value}'`;
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `sql` with each portable `?` placeholder replaced by its parameter, in order. */
export function withLiterals(sql: string, params: Params): string {
  let n = 0;
  const text = sql.replace(/\?/g, () => literal(params[n++]));
  if (n !== params.length)
    throw new Error(`a statement with ${n} placeholders was given ${params.length} parameters`);
  return text;
}
