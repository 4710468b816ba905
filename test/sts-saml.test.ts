/**
 * STS AssumeRoleWithSAML (API_AssumeRoleWithSAML.html) through @aws-sdk/client-sts (which sends
 * this operation unsigned) and boto3 against a whole server: a SAML provider created through IAM
 * with metadata holding a test certificate (test/fixtures/certificates/server.pem), SAML responses
 * built and signed here with xml-crypto (exclusive canonicalization, RSA-SHA256), a role whose
 * trust policy conditions on `saml:aud` and `saml:doc`, and the session used afterwards; then
 * STS's refusals (troubleshoot_saml.html) — wrong certificate, tampering after signing, signature
 * wrapping, expiry on Pinpost's clock, wrong audience, role not in the Role attribute, unknown
 * provider, trust policy not met.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleWithSAMLCommand,
  GetCallerIdentityCommand,
  type AssumeRoleWithSAMLCommandInput,
} from '@aws-sdk/client-sts';
import { SignedXml } from 'xml-crypto';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const ENTITY_ID = 'https://idp.example.com/saml';
const PROVIDER = 'corp-idp';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/${PROVIDER}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/saml-admin`;
const STRICT_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/saml-strict`;
const SIGNIN = 'https://signin.aws.amazon.com/saml';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

const certs = new URL('./fixtures/certificates/', import.meta.url);
const CERT = readFileSync(new URL('server.pem', certs), 'utf8');
const KEY = readFileSync(new URL('server.key', certs), 'utf8');
const OTHER_KEY = readFileSync(new URL('other.key', certs), 'utf8');
const OTHER_CERT = readFileSync(new URL('other.pem', certs), 'utf8');
const der = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');

const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${der(CERT)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

interface Shape {
  issuer?: string;
  subject?: string;
  audience?: string;
  recipient?: string;
  issuedAgoSeconds?: number;
  validForSeconds?: number;
  sessionForSeconds?: number;
  roles?: string[];
  sessionName?: string | null;
  extra?: string;
}

/** A SAML Response with one unsigned Assertion, times from the machine's clock (the manual clock's start). */
function response(s: Shape = {}): { xml: string; assertionId: string } {
  const now = Date.now();
  const at = (secs: number) => new Date(now + secs * 1000).toISOString();
  const assertionId = `_a${randomUUID()}`;
  const attribute = (name: string, values: string[]) =>
    `<saml:Attribute Name="${ATTR}${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
  const issued = at(-(s.issuedAgoSeconds ?? 0));
  const valid = s.validForSeconds ?? 300;
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${issued}" Destination="${SIGNIN}">` +
    `<saml:Issuer>${s.issuer ?? ENTITY_ID}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${issued}">` +
    `<saml:Issuer>${s.issuer ?? ENTITY_ID}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${s.subject ?? 'alice-7'}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${at(valid)}" Recipient="${s.recipient ?? SIGNIN}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(-60)}" NotOnOrAfter="${at(valid)}"><saml:AudienceRestriction><saml:Audience>${s.audience ?? SIGNIN}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued}"${s.sessionForSeconds ? ` SessionNotOnOrAfter="${at(s.sessionForSeconds)}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>` +
    attribute('Role', s.roles ?? [`${ROLE_ARN},${PROVIDER_ARN}`]) +
    (s.sessionName === null ? '' : attribute('RoleSessionName', [s.sessionName ?? 'alice@example.com'])) +
    (s.extra ?? '') +
    `</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
  return { xml, assertionId };
}

/** Signs the element named `what` (`Assertion` or `Response`) as IdPs do: enveloped, exclusive c14n. */
function sign(xml: string, what: 'Assertion' | 'Response' = 'Assertion', key = KEY, cert = CERT): string {
  const sig = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const element = `//*[local-name(.)='${what}']`;
  sig.addReference({
    xpath: element,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
  });
  sig.computeSignature(xml, {
    location: { reference: `${element}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

const b64 = (xml: string) => Buffer.from(xml).toString('base64');
const signed = (s: Shape = {}) => b64(sign(response(s).xml));

let server: TestServer;

function assume(assertion: string, over: Partial<AssumeRoleWithSAMLCommandInput> = {}) {
  return server.sts().send(
    new AssumeRoleWithSAMLCommand({
      RoleArn: ROLE_ARN,
      PrincipalArn: PROVIDER_ARN,
      SAMLAssertion: assertion,
      ...over,
    }),
  );
}

const trust = (condition: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: condition,
      },
    ],
  });

before(async () => {
  server = await startTestServer({ clock: 'manual' });
  const iam = server.iam();
  await iam.send(new CreateSAMLProviderCommand({ Name: PROVIDER, SAMLMetadataDocument: metadata }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'saml-admin',
      AssumeRolePolicyDocument: trust({
        StringEquals: { 'SAML:aud': SIGNIN, 'saml:doc': `${ACCOUNT}/${PROVIDER}` },
      }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'saml-strict',
      AssumeRolePolicyDocument: trust({
        StringEquals: { 'saml:sub': 'bob-1', 'saml:sub_type': 'persistent' },
      }),
    }),
  );
});
after(async () => {
  await server.close();
});

describe('AssumeRoleWithSAML', () => {
  it('trades an assertion signed by the provider for a session of the role, usable against Pinpost', async () => {
    const out = await assume(signed());
    assert.equal(out.Subject, 'alice-7');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, ENTITY_ID);
    assert.equal(out.Audience, SIGNIN);
    // API_AssumeRoleWithSAML.html: BASE64(SHA1(Issuer + account id + "/" + provider name)).
    assert.equal(
      out.NameQualifier,
      createHash('sha1').update(`${ENTITY_ID}${ACCOUNT}/${PROVIDER}`).digest('base64'),
    );
    assert.equal(
      out.AssumedRoleUser?.Arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/saml-admin/alice@example.com`,
    );
    assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]+:alice@example.com$/);
    assert.equal(out.PackedPolicySize, undefined);
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA/);
    // Default one hour.
    assert.ok(Math.abs(c.Expiration!.getTime() - Date.now() - 3600_000) < 120_000);
    const me = await server
      .sts({
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      })
      .send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/saml-admin/alice@example.com`);
  });

  it('accepts a signed Response (not Assertion), the Role pair in either order, and urn:amazon:webservices', async () => {
    const { xml } = response({ roles: [`${PROVIDER_ARN},${ROLE_ARN}`], audience: 'urn:amazon:webservices' });
    const out = await assume(b64(sign(xml, 'Response')));
    assert.equal(
      out.AssumedRoleUser?.Arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/saml-admin/alice@example.com`,
    );
  });

  it('accepts a response with both signed, and refuses it when either signature fails', async () => {
    const both = sign(sign(response().xml), 'Response');
    const out = await assume(b64(both));
    assert.equal(out.Subject, 'alice-7');
    const badOuter = sign(sign(response().xml), 'Response', OTHER_KEY, OTHER_CERT);
    const f = await fail(assume(b64(badOuter)));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'Response signature invalid');
  });

  it('refuses an unsigned response', async () => {
    const f = await fail(assume(b64(response().xml)));
    assert.equal(f.message, 'Response signature invalid');
  });

  it('takes PrincipalTag:*, TransitiveTagKeys and SourceIdentity as session tags and source identity', async () => {
    const extra =
      `<saml:Attribute Name="${ATTR}PrincipalTag:team"><saml:AttributeValue>payments</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="${ATTR}TransitiveTagKeys"><saml:AttributeValue>team</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="${ATTR}SourceIdentity"><saml:AttributeValue>alice</saml:AttributeValue></saml:Attribute>`;
    const out = await assume(signed({ extra }));
    assert.equal(out.SourceIdentity, 'alice');
    assert.equal(typeof out.PackedPolicySize, 'number');
  });

  it('ends the session at SessionNotOnOrAfter when that is sooner than DurationSeconds', async () => {
    const out = await assume(signed({ sessionForSeconds: 1200 }), { DurationSeconds: 3600 });
    const left = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(left <= 1200_000 && left > 1000_000, `expires in ${left} ms`);
  });

  it('refuses DurationSeconds over the role MaxSessionDuration with ValidationError', async () => {
    const f = await fail(assume(signed(), { DurationSeconds: 7200 }));
    assert.equal(f.name, 'ValidationError');
    assert.equal(
      f.message,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('refuses a response signed with a certificate not in the provider metadata: Response signature invalid', async () => {
    const f = await fail(assume(b64(sign(response().xml, 'Assertion', OTHER_KEY, OTHER_CERT))));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.status, 400);
    assert.equal(f.message, 'Response signature invalid');
  });

  it('refuses an assertion changed after signing', async () => {
    const tampered = sign(response().xml).replace('alice@example.com', 'mallory@example.com');
    const f = await fail(assume(b64(tampered)));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'Response signature invalid');
  });

  it('refuses signature wrapping: a forged assertion beside or around the signed one', async () => {
    const good = sign(response().xml);
    const forged = response({ sessionName: 'mallory', subject: 'mallory' }).xml;
    const forgedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(forged)![0];
    const signedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(good)![0];
    // The forged assertion first, the signed one after it.
    const beside = good.replace('<saml:Assertion', `${forgedAssertion}<saml:Assertion`);
    // The signed assertion hidden in the forged one's Advice.
    const around = good.replace(
      signedAssertion,
      forgedAssertion.replace(
        '<saml:Subject>',
        `<saml:Advice>${signedAssertion}</saml:Advice><saml:Subject>`,
      ),
    );
    for (const attack of [beside, around]) {
      const f = await fail(assume(b64(attack)));
      assert.equal(f.name, 'InvalidIdentityTokenException');
      assert.match(f.message, /exactly one Assertion/);
    }
    // The signed Response's assertion swapped for a forged one with the same ID.
    const id = /<saml:Assertion ID="([^"]+)"/.exec(signedAssertion)![1];
    const responseSigned = sign(response().xml.replace(/ID="_a[^"]+"/, `ID="${id}"`), 'Response');
    const swapped = responseSigned.replace(
      /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
      forgedAssertion.replace(/ID="[^"]+"/, `ID="${id}"`),
    );
    const f = await fail(assume(b64(swapped)));
    assert.equal(f.message, 'Response signature invalid');
  });

  it('refuses a response whose audience is not AWS', async () => {
    const f = await fail(assume(signed({ audience: 'https://app.example.com' })));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'Response does not contain the required audience.');
  });

  it('refuses an issuer other than the provider metadata entityID', async () => {
    const f = await fail(assume(signed({ issuer: 'https://evil.example.com' })));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'Issuer not present in specified provider');
  });

  it('refuses an assertion without RoleSessionName', async () => {
    const f = await fail(assume(signed({ sessionName: null })));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'RoleSessionName is required in AuthnResponse');
  });

  it('refuses an assertion issued more than 5 minutes ago with ExpiredTokenException', async () => {
    const f = await fail(assume(signed({ issuedAgoSeconds: 600, validForSeconds: 600 })));
    assert.equal(f.name, 'ExpiredTokenException');
    assert.equal(f.message, 'Token must be redeemed within 5 minutes of issuance');
  });

  it('refuses a role not named in the Role attribute with AccessDenied', async () => {
    const f = await fail(assume(signed(), { RoleArn: STRICT_ROLE_ARN }));
    assert.equal(f.name, 'AccessDenied');
    assert.equal(f.status, 403);
    assert.equal(f.message, 'Not authorized to perform sts:AssumeRoleWithSAML');
  });

  it('refuses a provider that does not exist in the role account', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:saml-provider/nobody`;
    const f = await fail(assume(signed({ roles: [`${ROLE_ARN},${missing}`] }), { PrincipalArn: missing }));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, "Specified provider doesn't exist.");
    const elsewhere = `arn:aws:iam::111111111111:saml-provider/${PROVIDER}`;
    const g = await fail(
      assume(signed({ roles: [`${ROLE_ARN},${elsewhere}`] }), { PrincipalArn: elsewhere }),
    );
    assert.equal(g.message, "Specified provider doesn't exist.");
  });

  it('refuses when the role trust policy conditions are not met', async () => {
    const f = await fail(
      assume(signed({ roles: [`${STRICT_ROLE_ARN},${PROVIDER_ARN}`] }), { RoleArn: STRICT_ROLE_ARN }),
    );
    assert.equal(f.name, 'AccessDenied');
    assert.equal(f.message, 'Not authorized to perform sts:AssumeRoleWithSAML');
    // The same role lets in the subject its saml:sub names.
    const ok = await assume(signed({ subject: 'bob-1', roles: [`${STRICT_ROLE_ARN},${PROVIDER_ARN}`] }), {
      RoleArn: STRICT_ROLE_ARN,
    });
    assert.equal(ok.Subject, 'bob-1');
  });

  it('refuses a SAMLAssertion that is not base64 of XML', async () => {
    const f = await fail(assume('not*base64!'));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    const g = await fail(assume(b64('<samlp:Response')));
    assert.equal(g.name, 'InvalidIdentityTokenException');
  });

  it('answers boto3 (which sends AssumeRoleWithSAML unsigned)', async () => {
    const script = `
import boto3, json, sys
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='none', aws_secret_access_key='none')
out = sts.assume_role_with_saml(RoleArn=sys.argv[2], PrincipalArn=sys.argv[3], SAMLAssertion=sys.argv[4])
print(json.dumps({'arn': out['AssumedRoleUser']['Arn'], 'subject': out['Subject'], 'type': out['SubjectType']}))
`;
    const r = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const p = spawn('python3', ['-c', script, server.url, ROLE_ARN, PROVIDER_ARN, signed()]);
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    });
    assert.equal(r.code, 0, r.err.slice(-2000));
    assert.deepEqual(JSON.parse(r.out), {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/saml-admin/alice@example.com`,
      subject: 'alice-7',
      type: 'persistent',
    });
  });

  // Last: it moves the manual clock past the assertion's NotOnOrAfter.
  it('refuses an assertion that has expired on Pinpost clock with ExpiredTokenException', async () => {
    const assertion = signed({ validForSeconds: 600 });
    await server.advance(3600);
    const f = await fail(assume(assertion));
    assert.equal(f.name, 'ExpiredTokenException');
    assert.match(f.message, /^The SAML assertion expired at .* \(Conditions NotOnOrAfter\)/);
  });
});
