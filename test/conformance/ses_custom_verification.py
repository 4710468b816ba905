"""SES v1 custom verification email templates through boto3, against a running Pinpost.

Usage: python3 ses_custom_verification.py ENDPOINT. Prints one JSON object per check and exits
non-zero if any failed. Facts: APIReference/API_CreateCustomVerificationEmailTemplate.html and
siblings; error texts as floci-io/floci#1840 and #2191 recorded them from AWS.
"""
import json
import re
import sys
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
CFG = Config(retries={"max_attempts": 1})
failures = 0


def report(check, ok, **extra):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": check, "ok": bool(ok), **extra}, default=str), flush=True)


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


ses = boto3.client("ses", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test",
                   aws_secret_access_key="test", config=CFG)
sesv2 = boto3.client("sesv2", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test",
                     aws_secret_access_key="test", config=CFG)

TEMPLATE = dict(
    TemplateName="v1-welcome",
    FromEmailAddress="sender@v1cv.example",
    TemplateSubject="Please confirm",
    TemplateContent="<html><body><h1>Confirm your address</h1></body></html>",
    SuccessRedirectionURL="https://app.example/ok",
    FailureRedirectionURL="https://app.example/failed",
)

# The From address must be verified first.
err = error_of(ses.create_custom_verification_email_template, **TEMPLATE)
report("create with an unverified From is FromEmailAddressNotVerified", err == (
    "FromEmailAddressNotVerified", "The from email address <sender@v1cv.example> is not verified", 400), got=err)
report("nothing was stored by the refused create",
       ses.list_custom_verification_email_templates()["CustomVerificationEmailTemplates"] == [])

ses.verify_domain_identity(Domain="v1cv.example")
ses.create_custom_verification_email_template(**TEMPLATE)
got = ses.get_custom_verification_email_template(TemplateName="v1-welcome")
report("get returns what create stored",
       all(got[k] == v for k, v in TEMPLATE.items()), got={k: got.get(k) for k in TEMPLATE})

err = error_of(ses.create_custom_verification_email_template, **TEMPLATE)
report("a second create is CustomVerificationEmailTemplateAlreadyExists", err == (
    "CustomVerificationEmailTemplateAlreadyExists", "Custom verification email template <v1-welcome> already exists", 400),
    got=err)

ses.update_custom_verification_email_template(TemplateName="v1-welcome", TemplateSubject="Confirm, please")
got = ses.get_custom_verification_email_template(TemplateName="v1-welcome")
report("update changes only the members given",
       got["TemplateSubject"] == "Confirm, please" and got["TemplateContent"] == TEMPLATE["TemplateContent"], got=got)

v2 = sesv2.get_custom_verification_email_template(TemplateName="v1-welcome")
report("SES v2 reads the template v1 made", v2["TemplateSubject"] == "Confirm, please", got=v2)

for n in range(3):
    ses.create_custom_verification_email_template(**dict(TEMPLATE, TemplateName=f"v1-page-{n}"))
first = ses.list_custom_verification_email_templates(MaxResults=2)
rest = ses.list_custom_verification_email_templates(MaxResults=2, NextToken=first["NextToken"])
names = [t["TemplateName"] for t in first["CustomVerificationEmailTemplates"] + rest["CustomVerificationEmailTemplates"]]
report("list pages with MaxResults and NextToken", names == ["v1-page-0", "v1-page-1", "v1-page-2", "v1-welcome"]
       and "NextToken" not in rest and "TemplateContent" not in first["CustomVerificationEmailTemplates"][0], got=names)

sent = ses.send_custom_verification_email(EmailAddress="newuser@elsewhere.example", TemplateName="v1-welcome")
report("send returns a MessageId", bool(sent.get("MessageId")), got=sent)
attrs = ses.get_identity_verification_attributes(Identities=["newuser@elsewhere.example"])["VerificationAttributes"]
report("the address is an identity pending verification",
       attrs.get("newuser@elsewhere.example", {}).get("VerificationStatus") == "Pending", got=attrs)

box = json.load(urllib.request.urlopen(f"{ENDPOINT}/_aws/ses?email=sender@v1cv.example"))["messages"]
mail = next((m for m in box if m["Id"] == sent["MessageId"]), None)
report("the mail is in the mailbox, from the template's sender with its subject and content",
       mail is not None and mail["Destination"]["ToAddresses"] == ["newuser@elsewhere.example"]
       and mail["Subject"] == "Confirm, please" and "Confirm your address" in (mail["Body"]["html_part"] or ""),
       got=mail and {k: mail[k] for k in ("Source", "Subject", "Destination")})
link = re.search(r'href="([^"]+/_pinpost/ses/verify\?token=[^"]+)"', (mail or {}).get("Body", {}).get("html_part") or "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


status, location = None, None
if link:
    try:
        urllib.request.build_opener(NoRedirect).open(link.group(1).replace("&amp;", "&"))
    except urllib.error.HTTPError as e:
        status, location = e.code, e.headers.get("Location")
report("the link redirects to the template's success URL", (status, location) == (302, "https://app.example/ok"),
       got=(status, location))
attrs = ses.get_identity_verification_attributes(Identities=["newuser@elsewhere.example"])["VerificationAttributes"]
report("following the link verifies the address",
       attrs["newuser@elsewhere.example"]["VerificationStatus"] == "Success", got=attrs)

err = error_of(ses.send_custom_verification_email, EmailAddress="x@elsewhere.example", TemplateName="nope")
report("send with an unknown template is CustomVerificationEmailTemplateDoesNotExist",
       err == ("CustomVerificationEmailTemplateDoesNotExist", "Template <nope> does not exist", 400), got=err)
err = error_of(ses.send_custom_verification_email, EmailAddress="x@elsewhere.example", TemplateName="v1-welcome",
               ConfigurationSetName="no-such-set")
report("send with an unknown configuration set is ConfigurationSetDoesNotExist",
       err is not None and err[0] == "ConfigurationSetDoesNotExist", got=err)
report("a refused send leaves no identity behind",
       "x@elsewhere.example" not in ses.list_identities(IdentityType="EmailAddress")["Identities"])

ses.delete_custom_verification_email_template(TemplateName="v1-welcome")
err = error_of(ses.get_custom_verification_email_template, TemplateName="v1-welcome")
report("get after delete is CustomVerificationEmailTemplateDoesNotExist", err == (
    "CustomVerificationEmailTemplateDoesNotExist", "Custom verification email template <v1-welcome> does not exist", 400),
    got=err)
err = error_of(ses.delete_custom_verification_email_template, TemplateName="v1-welcome")
report("delete of a missing template is CustomVerificationEmailTemplateDoesNotExist",
       err is not None and err[0] == "CustomVerificationEmailTemplateDoesNotExist", got=err)

sys.exit(1 if failures else 0)
