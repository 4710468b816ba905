/**
 * A mail's HTML as the document of a sandboxed iframe (`sandbox=""`: no script, no form, no
 * same-origin, no popups). The document gets its own Content-Security-Policy on top of the
 * console's (a srcdoc document inherits the console's and a <meta> policy can only narrow it): no
 * script, no connection, images only from `data:` until the user asks for remote images. Remote
 * image addresses are also rewritten out of `src`/`srcset`/`background` (kept in `data-pinpost-src`),
 * so a blocked image is not even attempted and the page can say how many there are.
 */

export interface MailDocument {
  srcdoc: string;
  /** Remote images left out (0 once remote images are allowed). */
  blockedImages: number;
}

const REMOTE = /^\s*(https?:)?\/\//i;

function policy(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data:${remoteImages ? ' http: https:' : ''}`,
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Rewrites remote image references in `<img>`/`background` attributes; counts them. */
export function blockRemoteImages(html: string): { html: string; blocked: number } {
  let blocked = 0;
  const out = html.replace(/<(img|image|td|table|body|input)\b[^>]*>/gi, (tag) =>
    tag.replace(
      /(\s)(src|srcset|background)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi,
      (whole, space: string, name: string, _q, dq?: string, sq?: string, bare?: string) => {
        const value = dq ?? sq ?? bare ?? '';
        const remote =
          name.toLowerCase() === 'srcset'
            ? value.split(',').some((part) => REMOTE.test(part))
            : REMOTE.test(value);
        if (!remote) return whole;
        blocked++;
        return `${space}data-pinpost-${name.toLowerCase()}="${escapeAttr(value)}"`;
      },
    ),
  );
  return { html: out, blocked };
}

export function mailDocument(html: string, remoteImages: boolean): MailDocument {
  const { html: body, blocked } = remoteImages ? { html, blocked: 0 } : blockRemoteImages(html);
  const head =
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(policy(remoteImages))}">` +
    '<meta name="referrer" content="no-referrer">';
  return {
    srcdoc: `<!doctype html><html><head>${head}</head><body>${body}</body></html>`,
    blockedImages: blocked,
  };
}
