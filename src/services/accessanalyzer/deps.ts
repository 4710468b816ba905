/** What the Access Analyzer operations need from the runtime. */
export interface AccessAnalyzerDeps {
  /**
   * The partition policies are validated in. The runtime passes `aws` for now; once Pinpost's ARNs
   * follow the request, this becomes the partition of the request's region (see the authorizer's
   * requestPartition).
   */
  partition: string;
}
