/**
 * Marks an output member that the model types as a map (e.g. GetAccountSummary's SummaryMap), so
 * the XML writer sends `<entry><key/><value/></entry>`. Apart from the writer so that services can
 * mark maps without loading the XML builder at start.
 */
export class QueryMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

export const asQueryMap = (entries: Record<string, unknown>): QueryMap => new QueryMap(entries);
