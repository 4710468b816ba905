/**
 * The botocore service model (`models/<service>/<version>/service-2.json`) as far as Pinpost reads
 * it: operations, their input/output shapes, and the traits AWS validates and serializes by.
 * https://smithy.io/2.0/spec/ (the JSON is botocore's rendering of the Smithy model)
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'double'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** A reference to a shape from a member, list member, map key or value, with its own traits. */
export interface MemberRef {
  shape: string;
  /** restJson1: where the member travels (`uri`, `querystring`, `header`, `headers`); body when absent. */
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  /** The wire name: the URI label, query key, header, or JSON/XML key. */
  locationName?: string;
  /** awsQuery: a flattened list (`Name.N` instead of `Name.member.N`). */
  flattened?: boolean;
  /** restJson1: a string member holding JSON text. */
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
  deprecated?: boolean;
}

export interface Shape {
  type: ShapeType;
  /** structure: members in the model's order (AWS reports violations in this order). */
  members?: Record<string, MemberRef>;
  /** structure: the members that must be present. */
  required?: string[];
  /** structure (restJson1): the member that is the whole body. */
  payload?: string;
  /** list */
  member?: MemberRef;
  /** map */
  key?: MemberRef;
  value?: MemberRef;
  /** string and list/map length, or integer/long value bounds. */
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  /** structure: an error shape rather than data. */
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  timestampFormat?: string;
  sensitive?: boolean;
  documentation?: string;
}

export interface OperationModel {
  name: string;
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
  deprecated?: boolean;
  documentation?: string;
}

export interface ServiceModel {
  version?: string;
  metadata: {
    apiVersion: string;
    protocol: string;
    endpointPrefix: string;
    signingName?: string;
    serviceId: string;
    xmlNamespace?: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}
