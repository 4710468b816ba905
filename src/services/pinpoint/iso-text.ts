/**
 * Pinpoint's timestamp members (`__timestampIso8601`: KPI ranges' StartTime/EndTime, a journey's
 * Schedule) as ISO 8601 text. The generated response types give them as `Date`; the restJson
 * encoder writes a `Date` as epoch seconds (restJson1's default, src/wire/rest-json/json.ts), which
 * the SDKs refuse for these members ("RFC-3339 date-times must be expressed as strings"), so the
 * operations answering them return the text and are typed with `IsoText<Response>`: the generated
 * type with each `Date` also allowed as text. Once outputs are encoded by the model's shapes (its
 * timestampFormat), the `Date` itself can be returned and this type dropped.
 */
export type IsoText<T> = T extends Date
  ? Date | string
  : T extends (infer U)[]
    ? IsoText<U>[]
    : T extends object
      ? { [K in keyof T]: IsoText<T[K]> }
      : T;

/** A timestamp as AWS's samples write it: `2019-08-31T23:59:59Z`. */
export const isoText = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
