/**
 * The policy documents the custom checks read. The members themselves arrive decoded and checked
 * by the model (service.ts names the Access Analyzer model; wire/model/validate-request.ts).
 */
import { parsePolicy } from '../../iam/policy/parse.js';
import type { PolicyDocument } from '../../iam/policy/types.js';
import { invalidParameter, validationException } from './errors.js';

/**
 * A policy the custom checks can read. Their model lists InvalidParameterException for a parameter
 * that is invalid; the text is Pinpost's own (AWS's for an unparsable document was not found).
 */
export function readPolicy(member: string, text: string): PolicyDocument {
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw invalidParameter(`Invalid ${member}: ${parsed.message}`);
  return parsed.doc;
}

export { validationException };
