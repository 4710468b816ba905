/** Where the server serves the console; every console URL is under it. */
export const BASE = '/_pinpost/console';
