/**
 * An error as the console shows it: AWS's code and message (what the SDK parsed from the answer),
 * e.g. `AccessDenied: User: arn:aws:iam::… is not authorized to perform: …`.
 */
export interface ShownError {
  code: string;
  message: string;
}

export function shownError(err: unknown): ShownError {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown; Code?: unknown; Error?: { Code?: unknown } };
    const code =
      typeof e.Code === 'string'
        ? e.Code
        : typeof e.Error?.Code === 'string'
          ? e.Error.Code
          : typeof e.name === 'string'
            ? e.name
            : 'Error';
    const message = typeof e.message === 'string' ? e.message : String(err);
    return { code, message };
  }
  return { code: 'Error', message: String(err) };
}

export function awsErrorText(err: unknown): string {
  const { code, message } = shownError(err);
  return message ? `${code}: ${message}` : code;
}
