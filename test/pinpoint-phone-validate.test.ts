/**
 * PhoneNumberValidate through @aws-sdk/client-pinpoint (apireference/phone-number-validate.html,
 * userguide's "Validating phone numbers"): numbers of several countries and types answered from
 * libphonenumber-js's numbering plans, AWS's own invalid example (a US number without its country
 * code, read as Romanian), text that is no number, a missing number, and authorization on
 * arn:aws:mobiletargeting:<region>:<account>:phone/number/validate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { PhoneNumberValidateCommand, type PinpointClient } from '@aws-sdk/client-pinpoint';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let pinpoint: PinpointClient;

before(async () => {
  server = await startTestServer();
  pinpoint = server.pinpoint();
});
after(() => server.close());

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const validate = async (PhoneNumber: string, IsoCountryCode?: string, client = pinpoint) =>
  (
    await client.send(
      new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber, IsoCountryCode } }),
    )
  ).NumberValidateResponse;

describe('PhoneNumberValidate (POST /v1/phone/number/validate)', () => {
  it("answers a US number as AWS's example shows, less the carrier and place", async () => {
    assert.deepEqual(await validate('+14085550100'), {
      CleansedPhoneNumberE164: '+14085550100',
      CleansedPhoneNumberNational: '4085550100',
      Country: 'United States',
      CountryCodeIso2: 'US',
      CountryCodeNumeric: '1',
      OriginalPhoneNumber: '+14085550100',
      PhoneType: 'MOBILE',
      PhoneTypeCode: 0,
    });
  });

  it('tells landlines, mobiles and other types apart in other countries', async () => {
    const gb = await validate('+44 20 7946 0000');
    assert.deepEqual(
      [gb?.CountryCodeIso2, gb?.Country, gb?.CleansedPhoneNumberE164, gb?.PhoneType, gb?.PhoneTypeCode],
      ['GB', 'United Kingdom', '+442079460000', 'LANDLINE', 1],
    );
    // A national number with the country it was registered in.
    const fr = await validate('06 12 34 56 78', 'FR');
    assert.deepEqual(
      [
        fr?.CleansedPhoneNumberE164,
        fr?.CleansedPhoneNumberNational,
        fr?.PhoneType,
        fr?.OriginalCountryCodeIso2,
      ],
      ['+33612345678', '612345678', 'MOBILE', 'FR'],
    );
    const de = await validate('+4915112345678');
    assert.deepEqual([de?.Country, de?.CountryCodeNumeric, de?.PhoneType], ['Germany', '49', 'MOBILE']);
    const tollFree = await validate('+18005550100');
    assert.deepEqual([tollFree?.PhoneType, tollFree?.PhoneTypeCode], ['OTHER', 4]);
  });

  it("answers INVALID for AWS's example without a country code, for too short a number, and for text", async () => {
    assert.deepEqual(await validate('4085550100'), {
      CleansedPhoneNumberE164: '+4085550100',
      CleansedPhoneNumberNational: '85550100',
      Country: 'Romania',
      CountryCodeIso2: 'RO',
      CountryCodeNumeric: '40',
      OriginalPhoneNumber: '4085550100',
      PhoneType: 'INVALID',
      PhoneTypeCode: 3,
    });
    const short = await validate('+48111');
    assert.deepEqual([short?.CountryCodeIso2, short?.PhoneType], ['PL', 'INVALID']);
    assert.deepEqual(await validate('not a number'), {
      OriginalPhoneNumber: 'not a number',
      PhoneType: 'INVALID',
      PhoneTypeCode: 3,
    });
    const missing = await failure(
      pinpoint.send(new PhoneNumberValidateCommand({ NumberValidateRequest: {} })),
    );
    assert.equal(missing.name, 'BadRequestException');
    assert.equal(missing.status, 400);
  });

  it('needs mobiletargeting:PhoneNumberValidate on phone/number/validate (list_amazonpinpoint.html)', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'caller' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await failure(validate('+14085550100', undefined, user));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.equal(denied.status, 403);
    assert.match(
      denied.message,
      /mobiletargeting:PhoneNumberValidate on resource: arn:aws:mobiletargeting:us-east-1:000000000000:phone\/number\/validate/,
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'caller',
        PolicyName: 'validate',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'mobiletargeting:PhoneNumberValidate',
              Resource: 'arn:aws:mobiletargeting:us-east-1:000000000000:phone/number/validate',
            },
          ],
        }),
      }),
    );
    assert.equal((await validate('+14085550100', undefined, user))?.PhoneType, 'MOBILE');
  });
});
