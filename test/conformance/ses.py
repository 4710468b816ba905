"""Drives a running Pinpost's SES (v1 and v2) with boto3 and the AWS CLI, as users do.

Usage: python3 ses.py ENDPOINT. Prints one JSON object per check and exits non-zero if any failed.
Facts: SES APIReference (v1) and APIReference-V2 pages of each call; send-an-email-from-console.html
(the mailbox simulator); sending-email-suppression-list.html.
"""
import json
import os
import subprocess
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


def client(service):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test",
                        aws_secret_access_key="test", config=CFG)


def cli(*args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION=REGION,
               AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    r = subprocess.run(["aws", "--endpoint-url", ENDPOINT, "--output", "json", *args], env=env,
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, None


def mailbox(query=""):
    with urllib.request.urlopen(f"{ENDPOINT}/_aws/ses{query}") as r:
        return json.loads(r.read())["messages"]


ses = client("ses")
sesv2 = client("sesv2")

ses.verify_email_identity(EmailAddress="sender@example.com")
attrs = ses.get_identity_verification_attributes(Identities=["sender@example.com"])["VerificationAttributes"]
report("v1 verify_email_identity verifies at once", attrs["sender@example.com"]["VerificationStatus"] == "Success", attrs=attrs)
sesv2.create_email_identity(EmailIdentity="example.org")
identity = sesv2.get_email_identity(EmailIdentity="example.org")
report("v2 domain identity with Easy DKIM tokens", identity["VerifiedForSendingStatus"] and len(identity["DkimAttributes"]["Tokens"]) == 3)
listed = ses.list_identities()["Identities"]
report("v1 list_identities sees v1 and v2 identities", {"sender@example.com", "example.org"} <= set(listed), listed=listed)

quota = ses.get_send_quota()
report("get_send_quota", quota["Max24HourSend"] > 0 and quota["MaxSendRate"] > 0, quota=quota)

out = ses.send_email(Source="sender@example.com", Destination={"ToAddresses": ["reader@example.net"]},
                     Message={"Subject": {"Data": "boto3 v1"}, "Body": {"Text": {"Data": "hello v1"}}})
v1_id = out["MessageId"]
out = sesv2.send_email(FromEmailAddress="news@example.org", Destination={"ToAddresses": ["reader@example.net"]},
                       Content={"Simple": {"Subject": {"Data": "boto3 v2"}, "Body": {"Html": {"Data": "<b>v2</b>"}}}})
v2_id = out["MessageId"]
ses.create_template(Template={"TemplateName": "Welcome", "SubjectPart": "Hi {{name}}", "TextPart": "Welcome, {{name}}."})
rendered = ses.test_render_template(TemplateName="Welcome", TemplateData=json.dumps({"name": "Ana"}))["RenderedTemplate"]
report("v1 test_render_template", "Subject: Hi Ana" in rendered, rendered=rendered[:200])
out = sesv2.send_email(FromEmailAddress="news@example.org", Destination={"ToAddresses": ["ana@example.net"]},
                       Content={"Template": {"TemplateName": "Welcome", "TemplateData": json.dumps({"name": "Ana"})}})
tpl_id = out["MessageId"]

code, message = error_code(lambda: ses.send_email(Source="nobody@unverified.test", Destination={"ToAddresses": ["a@b.c"]},
                                                  Message={"Subject": {"Data": "x"}, "Body": {"Text": {"Data": "x"}}}))
report("unverified sender is MessageRejected", code == "MessageRejected", message=message)
code, _ = error_code(lambda: sesv2.get_email_template(TemplateName="Missing"))
report("a missing template is NotFoundException (not a 500)", code == "NotFoundException")

sesv2.put_suppressed_destination(EmailAddress="blocked@example.net", Reason="BOUNCE")
got = sesv2.get_suppressed_destination(EmailAddress="blocked@example.net")["SuppressedDestination"]
report("suppression list put/get", got["Reason"] == "BOUNCE")
sup_id = sesv2.send_email(FromEmailAddress="news@example.org", Destination={"ToAddresses": ["blocked@example.net"]},
                          Content={"Simple": {"Subject": {"Data": "suppressed"}, "Body": {"Text": {"Data": "x"}}}})["MessageId"]
sim_id = sesv2.send_email(FromEmailAddress="news@example.org", Destination={"ToAddresses": ["success@simulator.amazonses.com"]},
                          Content={"Simple": {"Subject": {"Data": "simulated"}, "Body": {"Text": {"Data": "x"}}}})["MessageId"]

rc, out_text, err = cli("sesv2", "send-email", "--from-email-address", "news@example.org", "--destination",
                        "ToAddresses=cli@example.net", "--content",
                        json.dumps({"Simple": {"Subject": {"Data": "from the CLI"}, "Body": {"Text": {"Data": "cli"}}}}))
cli_id = json.loads(out_text)["MessageId"] if rc == 0 else None
report("aws sesv2 send-email", cli_id is not None, stderr=err[-300:])
rc, out_text, err = cli("ses", "get-send-quota")
report("aws ses get-send-quota", rc == 0 and "Max24HourSend" in json.loads(out_text), stderr=err[-300:])

# Delivery is asynchronous (the durable outbox): wait for the delivered ones, bounded.
import time
deadline = time.time() + 20
wanted = {v1_id, v2_id, tpl_id, cli_id}
while time.time() < deadline and not wanted <= {m["Id"] for m in mailbox()}:
    time.sleep(0.1)
box = {m["Id"]: m for m in mailbox()}
report("all sent mail is in GET /_aws/ses", wanted <= set(box), missing=list(wanted - set(box)))
report("the v1 message's subject and body", box.get(v1_id, {}).get("Subject") == "boto3 v1"
       and "hello v1" in (box.get(v1_id, {}).get("Body", {}).get("text_part") or ""))
report("the templated message is rendered", box.get(tpl_id, {}).get("Subject") == "Hi Ana")
report("a suppressed recipient gets nothing", sup_id not in box)
report("the mailbox simulator delivers to no inbox", sim_id not in box)
report("GET /_aws/ses?email= filters by source", all(m["Source"].endswith("example.org") for m in mailbox("?email=news@example.org")))

sys.exit(1 if failures else 0)
