/**
 * Policy documents as the console shows and sends them. IAM returns documents URL-encoded
 * (API_GetRolePolicy.html: "The policy document … is URL-encoded compliant with RFC 3986"), the
 * SDK passes them on as they came; the editor shows them decoded and pretty-printed when they parse.
 */

/** A document as IAM returned it, decoded; left as it is when it is not percent-encoded. */
export function decodeDocument(doc: string | undefined): string {
  if (!doc) return '';
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

/** Pretty-printed with two spaces when it is JSON, else unchanged. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A decoded, pretty-printed document for the editor. */
export function shownDocument(doc: string | undefined): string {
  return pretty(decodeDocument(doc));
}

/** The seed's trust policy shape: a service principal with aws:SourceAccount (the confused deputy guard). */
export function serviceTrustPolicy(service: string, account: string): string {
  return pretty(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    }),
  );
}

export const EMPTY_IDENTITY_POLICY = pretty(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '', Resource: '*' }] }),
);
