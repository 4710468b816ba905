/**
 * A reason IAM refuses a policy, said both ways: IAM's MalformedPolicyDocument message (what the
 * API answers) and Access Analyzer's finding for the same fault, located by its path through the
 * JSON (what ValidatePolicy and the CLI report). One fault, one source, for both.
 */
import { checkIssue, type CheckCode, type CheckIssue } from './check-catalog.js';
import type { PathElement } from './types.js';

export interface Fault {
  /** IAM's message. */
  message: string;
  /** Access Analyzer's finding for it. */
  issue: CheckIssue;
  /** From the document's root to the element at fault (Access Analyzer's Location.path). */
  path: PathElement[];
}

/** A fault of one element; the path is filled in by the caller that knows where the element is. */
export type ElementFault = Omit<Fault, 'path'>;

export function fault(message: string, code: CheckCode, details: string): ElementFault {
  return { message, issue: checkIssue(code, details) };
}
