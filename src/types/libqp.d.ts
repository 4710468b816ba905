/** libqp (quoted-printable, the codec nodemailer and mailparser use); the package ships no types. */
declare module 'libqp' {
  /** Encodes bytes or a UTF-8 string as quoted-printable, without soft line breaks. */
  export function encode(value: Buffer | string): string;
  /** Decodes quoted-printable text to bytes. */
  export function decode(value: string): Buffer;
  /** Adds soft line breaks so no line is longer than `lineLength` (76 by default). */
  export function wrap(value: string, lineLength?: number): string;
}
