/**
 * Where an import job reads from. Pinpoint reads S3Url from Amazon S3: "The URL should be in the
 * following format: s3://bucket-name/folder-name/file-name. The location can end with the key for
 * an individual object or a prefix that qualifies multiple objects", every object under a prefix,
 * subfolders included, and only the files of the job's Format (pinpoint/2016-12-01
 * ImportJobRequest.S3Url and .Format). Pinpost reads `s3://bucket/key` from `<import root>/bucket/key`
 * (src/net/import-root.ts). As an extension it also reads one http(s) URL, through the guarded
 * egress path (src/net/http.ts). Nothing else is a location: no local path, no `file:` URL.
 *
 * Each file is one "piece" of the job (ImportJobResponse.TotalPieces). A job reads at most 1 GB
 * ("Each import job can transfer up to 1 GB of data", developerguide/audience-define-import.html),
 * counted as the bytes arrive.
 */
import { EgressError, httpUrl, parseS3Url, type ByteBudget, type Egress } from '../../../net/index.js';
import { badRequest } from '../errors.js';

export type Format = 'CSV' | 'JSON';

export interface Piece {
  /** How failures name the file: its key under the location, or the URL. */
  name: string;
  /** The file's bytes, counted against the job's budget; stops on `signal`. */
  read(budget: ByteBudget, signal: AbortSignal): AsyncGenerator<Buffer>;
}

export const MAX_JOB_BYTES = 1024 ** 3;
/** Pinpost's bounds: files per job, the wait for an http(s) source's next byte, redirects. */
const MAX_PIECES = 10_000;
const IDLE_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;

const EXTENSIONS: Record<Format, RegExp> = {
  CSV: /\.csv$/i,
  JSON: /\.(json|jsonl|ndjson)$/i,
};

/**
 * Checks an S3Url when the job is created. BadRequestException as for any invalid request value
 * (apps-application-id-jobs-import.html: 400, "The request contains a syntax error"); the text is
 * Pinpost's, built on the format the API reference gives.
 */
export function checkLocation(url: string): void {
  if (parseS3Url(url) || httpUrl(url)) return;
  throw badRequest(
    `Invalid S3Url: ${url}. The URL should be in the following format: s3://bucket-name/folder-name/file-name`,
  );
}

/** The pieces at a location; rejects with an EgressError, whose message becomes the job's failure. */
export async function piecesAt(
  egress: Egress,
  url: string,
  format: Format,
  signal: AbortSignal,
): Promise<Piece[]> {
  const location = parseS3Url(url);
  if (location) {
    const objects = await egress.imports.objects(location, {
      accept: (name) => EXTENSIONS[format].test(name),
      maxObjects: MAX_PIECES,
      signal,
    });
    if (objects.length === 0) throw new EgressError('no-object', `No ${format} files under ${url}`);
    return objects;
  }
  return [
    {
      name: url,
      async *read(budget, readSignal) {
        const res = await egress.request(
          url,
          {},
          { idleTimeoutMs: IDLE_TIMEOUT_MS, maxRedirects: MAX_REDIRECTS, budget, signal: readSignal },
        );
        if (res.status < 200 || res.status >= 300) {
          res.discard();
          throw new EgressError('status', `The URL answered HTTP ${res.status}`);
        }
        yield* res.body();
      },
    },
  ];
}
