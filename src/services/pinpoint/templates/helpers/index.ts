/**
 * Every helper Pinpoint documents (userguide/message-template-helpers.html) besides Handlebars'
 * built-ins (each, if, …, which Handlebars itself provides, with inline partials).
 */
import type { Helper } from './args.js';
import { conditionalHelpers } from './conditional.js';
import { dateHelpers } from './dates.js';
import { mathHelpers } from './math.js';
import { stringHelpers } from './strings.js';

export function pinpointHelpers(clock: () => Date): Record<string, Helper> {
  return { ...conditionalHelpers, ...stringHelpers, ...dateHelpers(clock), ...mathHelpers };
}
