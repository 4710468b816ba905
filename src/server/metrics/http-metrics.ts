/**
 * Requests as the HTTP layer answers them (server/http.ts calls `observe` once per request, the one
 * place every request passes), and the pipeline's authentication and authorization refusals
 * (`PipelineObserver`). Labels are the service's id and the operation's name from the tables the
 * server was started with, an internal route's prefix, or `unknown`: a service named only by a
 * request's credential scope, a path no route matches, never a value read from the request.
 *
 * A request costs a map lookup and two increments of prom-client children made once per
 * (service, operation, status class), not a label hash per request.
 */
import type { Counter, Histogram } from 'prom-client';
import type { ServedBy } from '../../wire/context.js';
import { KNOWN_SERVICES } from '../../wire/known-services.js';
import type { OperationSpec, ServiceDefinition } from '../../wire/operation.js';
import type { PipelineObserver } from '../../wire/pipeline.js';
import type { InternalRoute } from '../internal-routes.js';
import { actionNames, errorCodes, outcomeOf, statusClassOf, UNKNOWN } from './labels.js';
import type { Metrics } from './registry.js';

/** The service label of Pinpost's own routes (`/_pinpost/*`, `/_aws/*`). */
export const PINPOST_SERVICE = 'pinpost';

/** One (service, operation) series: its duration child and its counter children by status. */
class Series {
  private readonly duration: Histogram.Internal<'service' | 'operation'>;
  private readonly byStatus = new Map<number, Counter.Internal>();

  constructor(
    private readonly metrics: Metrics,
    readonly service: string,
    readonly operation: string,
  ) {
    this.duration = metrics.requestDuration.labels(service, operation);
  }

  observe(status: number, seconds: number): void {
    let count = this.byStatus.get(status);
    if (!count) {
      count = this.metrics.requests.labels(
        this.service,
        this.operation,
        outcomeOf(status),
        statusClassOf(status),
      );
      this.byStatus.set(status, count);
    }
    count.inc();
    this.duration.observe(seconds);
  }
}

/** What answered a request: the pipeline's note for an AWS call, the route for an internal one. */
export type Answerer = { api: ServedBy } | { route: InternalRoute | undefined };

export class HttpMetrics implements PipelineObserver {
  private readonly serviceLabels = new Map<ServiceDefinition, string>();
  private readonly operations = new Map<OperationSpec, ServiceDefinition>();
  private readonly series = new Map<object, Series>();
  private readonly unknownApi: Series;
  private readonly unknownRoute: Series;
  private readonly actions = actionNames();
  private readonly codes = errorCodes();

  constructor(
    private readonly metrics: Metrics,
    services: readonly ServiceDefinition[],
  ) {
    for (const s of [...services, ...KNOWN_SERVICES]) {
      if (this.serviceLabels.has(s)) continue;
      this.serviceLabels.set(s, s.id ?? s.signingName);
      for (const op of s.operations) this.operations.set(op, s);
    }
    this.unknownApi = new Series(metrics, UNKNOWN, UNKNOWN);
    this.unknownRoute = new Series(metrics, PINPOST_SERVICE, UNKNOWN);
  }

  /** Counts a request answered with `status` after `seconds`. */
  observe(by: Answerer, status: number, seconds: number): void {
    this.seriesOf(by).observe(status, seconds);
  }

  /**
   * The service label of a request's service: its id if it is one this server knows, `pinpost` for
   * Pinpost's own actions (Pipeline.authorizeCaller), else `unknown`.
   */
  serviceLabel(service: ServiceDefinition | undefined): string {
    if (!service) return UNKNOWN;
    return this.serviceLabels.get(service) ?? (service.id === PINPOST_SERVICE ? PINPOST_SERVICE : UNKNOWN);
  }

  denied(service: ServiceDefinition | undefined, action: string): void {
    this.metrics.authorizationDenials.labels(this.serviceLabel(service), this.actions.label(action)).inc();
  }

  authenticationFailed(code: string): void {
    this.metrics.authenticationFailures.labels(this.codes.label(code)).inc();
  }

  private seriesOf(by: Answerer): Series {
    if ('route' in by) {
      const route = by.route;
      if (!route) return this.unknownRoute;
      return this.cached(route, () => new Series(this.metrics, PINPOST_SERVICE, route.prefix));
    }
    const { service, operation } = by.api;
    const owner = operation && this.operations.get(operation);
    if (operation && owner) {
      return this.cached(operation, () => new Series(this.metrics, this.serviceLabel(owner), operation.name));
    }
    const label = service && this.serviceLabels.get(service);
    if (!service || !label) return this.unknownApi;
    return this.cached(service, () => new Series(this.metrics, label, UNKNOWN));
  }

  private cached(key: object, make: () => Series): Series {
    let s = this.series.get(key);
    if (!s) {
      s = make();
      this.series.set(key, s);
    }
    return s;
  }
}
