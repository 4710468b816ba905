// The ceiling for server benches: node:http answering each call with a fixed, valid AWS body and
// doing nothing else (no SigV4, no authorization, no storage).
import { createServer } from 'node:http';

const ok = {
  GetCallerIdentity:
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId><Account>000000000000</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
  GetRole:
    '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>Bench</RoleName><RoleId>AROAAAAAAAAAAAAAAAAAA</RoleId><Arn>arn:aws:iam::000000000000:role/Bench</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role></GetRoleResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></GetRoleResponse>',
};
const denied =
  '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>';

const port = Number(process.argv[2]);
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url?.startsWith('/v2/email/outbound-emails')) {
      // SES v2 SendEmail (restJson1): the ceiling for the SES bench.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"MessageId":"0100018c00000000-00000000-0000-4000-8000-000000000000-000000"}');
      return;
    }
    const action = /Action=(\w+)/.exec(body)?.[1] ?? 'GetCallerIdentity';
    const deny = /Credential=AKIADENIED/.test(req.headers.authorization ?? '');
    res.writeHead(deny ? 403 : 200, { 'content-type': 'text/xml' });
    res.end(deny ? denied : (ok[action] ?? ok.GetCallerIdentity));
  });
}).listen(port, '127.0.0.1');
