/** What the send operations share: the control plane's ports, the engine and the store. */
import type { SesControl } from '../control/index.js';
import type { SendingEngine } from './engine.js';
import type { Quotas } from './quota.js';
import type { SendingStore } from './store.js';

export interface SendingContext {
  control: SesControl;
  engine: SendingEngine;
  store: SendingStore;
  quotas: Quotas;
  clock: () => Date;
}
