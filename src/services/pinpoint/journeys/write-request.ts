/**
 * Reading a WriteJourneyRequest (apireference/apps-application-id-journeys.html): the model's
 * shape (write-shape.ts), then the rules every write follows (write-rules.ts). Runs in the handler,
 * after the caller is authorized: Pinpoint authorizes a request before it looks at its body.
 */
import type { Raw } from '../input.js';
import type { JourneySettings } from './model.js';
import { conform } from './shape.js';
import { writeJourneyShape } from './write-shape.js';
import { checkWrite } from './write-rules.js';

export function readWriteJourney(body: Raw): JourneySettings {
  const settings = conform(body, writeJourneyShape, '') as JourneySettings;
  checkWrite(settings);
  return settings;
}
