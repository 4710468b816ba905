/**
 * Handlebars for SES and Pinpoint templates, loaded on first use: importing it costs ~45 ms, a
 * sixth of the server's start, and most servers render nothing for a while. Handlebars is a
 * CommonJS package, so a synchronous require keeps the renderers synchronous.
 */
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';

let loaded: typeof HandlebarsModule | undefined;

export function handlebars(): typeof HandlebarsModule {
  return (loaded ??= createRequire(import.meta.url)('handlebars') as typeof HandlebarsModule);
}
