import { internalError, internalFetch } from '../../aws/internal.js';

/** Downloads a signed internal route's answer as a file (a plain link cannot be signed). */
export async function downloadSigned(path: string, filename: string): Promise<void> {
  const res = await internalFetch(path);
  if (!res.ok) throw await internalError(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
