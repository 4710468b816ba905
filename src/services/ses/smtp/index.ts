/**
 * The SES SMTP interface (like email-smtp.<region>.amazonaws.com): AUTH with SES SMTP credentials
 * derived from IAM access keys, every message authorized as ses:SendRawEmail and sent through the
 * same pipeline as the API.
 */
import type { Logger } from 'pino';
import type { CredentialResolver } from '../../../wire/credentials.js';
import type { ServiceDefinition } from '../../../wire/operation.js';
import type { Pipeline } from '../../../wire/pipeline.js';

export interface SmtpInterfaceOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  region: string;
  pipeline: Pick<Pipeline, 'invoke'>;
  /** SES v1, whose SendRawEmail each message goes through. */
  sesV1: ServiceDefinition;
  credentials: CredentialResolver;
  log: Logger;
}

export interface SmtpInterface {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** Until the SMTP interface lands: it does not listen. */
export function createSmtpInterface(_options: SmtpInterfaceOptions): SmtpInterface {
  return { start: async () => ({ port: -1 }), stop: async () => undefined };
}
