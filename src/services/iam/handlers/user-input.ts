/**
 * Paging for the user, group, access-key, account and simulation operations: the model-typed
 * Marker and MaxItems (checked by the model step before the operation runs) as the store's page
 * request, and the page as IAM's list outputs send it.
 */
import type { Page } from '../../../store/index.js';

/** Marker and MaxItems as the model types them (markerType, maxItemsType). */
export interface Paging {
  Marker?: string;
  MaxItems?: number;
}

export const pageRequest = (p: Paging) => ({ marker: p.Marker, maxItems: p.MaxItems });

/** A page's IsTruncated and Marker members, as IAM's list operations send them. */
export function pageOutput<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.isTruncated ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}

/**
 * A list operation's output: the page's items (mapped) under the model's member name, with
 * IsTruncated and Marker — typed, so `listOutput('MFADevices', …)` checks against the response type.
 */
export function listOutput<K extends string, T, U = T>(
  member: K,
  page: Page<T>,
  map?: (t: T) => U,
): Record<K, U[]> & { IsTruncated: boolean; Marker?: string } {
  const items = map ? page.items.map(map) : (page.items as unknown as U[]);
  return { [member]: items, ...pageOutput(page) } as Record<K, U[]> & {
    IsTruncated: boolean;
    Marker?: string;
  };
}
