/**
 * The wire facts of the services Pinpost speaks (from the botocore models: protocol, signing name,
 * XML namespace, API version). Used as stand-ins when a request names a service that has no
 * registered operations yet, so the error still has that service's shape.
 */
import type { ServiceDefinition } from './operation.js';

export const KNOWN_SERVICES: readonly ServiceDefinition[] = [
  {
    id: 'iam',
    signingName: 'iam',
    protocol: 'query',
    xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
    version: '2010-05-08',
    operations: [],
  },
  {
    id: 'sts',
    signingName: 'sts',
    protocol: 'query',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    version: '2011-06-15',
    operations: [],
  },
  {
    id: 'ses',
    signingName: 'ses',
    protocol: 'query',
    xmlNamespace: 'http://ses.amazonaws.com/doc/2010-12-01/',
    version: '2010-12-01',
    operations: [],
  },
  {
    id: 'sesv2',
    signingName: 'ses',
    protocol: 'restJson',
    pathPrefix: '/v2/',
    jsonErrorShape: 'message',
    version: '2019-09-27',
    operations: [],
  },
  {
    id: 'accessanalyzer',
    signingName: 'access-analyzer',
    protocol: 'restJson',
    jsonErrorShape: 'message',
    version: '2019-11-01',
    operations: [],
  },
  {
    id: 'pinpoint',
    signingName: 'mobiletargeting',
    protocol: 'restJson',
    jsonErrorShape: 'Message+RequestID',
    version: '2016-12-01',
    operations: [],
  },
];
