/** The part of libmime (mailparser's own MIME word codec) Pinpost uses; the package ships no types. */
declare module 'libmime' {
  interface Libmime {
    /** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`) in a header value. */
    decodeWords(value: string): string;
  }
  const libmime: Libmime;
  export default libmime;
}
