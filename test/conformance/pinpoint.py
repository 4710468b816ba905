"""Drives a running Pinpost through the seed's scenario with boto3 and the AWS CLI: Pinpoint sends a
campaign's email through SES under the IAM role the app's email channel names.

Usage: python3 pinpoint.py ENDPOINT. Prints one JSON object per check and exits non-zero if any failed.
Facts: Pinpoint developer guide permissions-ses.html (the role: ses:SendEmail/ses:SendRawEmail on
identity/* and configuration-set/*, trust to pinpoint.amazonaws.com on aws:SourceAccount); the Pinpoint
API reference pages of each call (apps, channels-email, endpoints, segments, templates, campaigns,
campaigns-campaign-id-activities, messages).
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

import boto3
from botocore.config import Config

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
ACCOUNT = "000000000000"
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


def mailbox(email, expect=1):
    """The mailbox's messages to `email`, waiting up to 10 s for `expect` of them: SES accepted the
    sends when the activity completed, and the outbox delivers them just after."""
    deadline = time.time() + 10
    while True:
        # LocalStack's `email` filter is the sender's; recipients are in Destination.
        with urllib.request.urlopen(f"{ENDPOINT}/_aws/ses") as r:
            messages = [m for m in json.loads(r.read())["messages"] if email in m["Destination"]["ToAddresses"]]
        if len(messages) >= expect or time.time() > deadline:
            return messages
        time.sleep(0.1)


def trust(account):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "pinpoint.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        }],
    })


PERMISSIONS = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Action": ["ses:SendEmail", "ses:SendRawEmail"],
        "Resource": [f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/*", f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/*"],
    }],
})

iam = client("iam")
sesv2 = client("sesv2")
pinpoint = client("pinpoint")

sesv2.create_email_identity(EmailIdentity="example.com")
identity_arn = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/example.com"


def make_role(name, trust_account):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(trust_account))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="ses-send", PolicyDocument=PERMISSIONS)
    return arn


def make_app(name, role_arn, prefix):
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": name})["ApplicationResponse"]["Id"]
    pinpoint.update_email_channel(ApplicationId=app_id, EmailChannelRequest={
        "FromAddress": "news@example.com", "Identity": identity_arn,
        "OrchestrationSendingRoleArn": role_arn, "Enabled": True})
    pinpoint.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": [
        {"Id": f"{prefix}-{i}", "ChannelType": "EMAIL", "Address": f"{prefix}{i}@example.org",
         "User": {"UserId": f"{prefix}-user-{i}", "UserAttributes": {"FirstName": [f"Name{i}"]}}}
        for i in range(3)]})
    segment = pinpoint.create_segment(ApplicationId=app_id, WriteSegmentRequest={
        "Name": "everyone", "Dimensions": {"Demographic": {"Channel": {"Values": ["EMAIL"]}}}})
    return app_id, segment["SegmentResponse"]["Id"]


def run_campaign(app_id, segment_id):
    campaign = pinpoint.create_campaign(ApplicationId=app_id, WriteCampaignRequest={
        "Name": "welcome", "SegmentId": segment_id,
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"},
        "TemplateConfiguration": {"EmailTemplate": {"Name": "welcome"}}})["CampaignResponse"]
    deadline = time.time() + 60
    while time.time() < deadline:
        items = pinpoint.get_campaign_activities(ApplicationId=app_id, CampaignId=campaign["Id"])[
            "ActivitiesResponse"]["Item"]
        if items and items[0]["State"] == "COMPLETED":
            return campaign["Id"], items[0]
        time.sleep(0.2)
    return campaign["Id"], None


pinpoint.create_email_template(TemplateName="welcome", EmailTemplateRequest={
    "Subject": "Welcome {{User.UserAttributes.FirstName}}",
    "HtmlPart": "<p>Hello {{User.UserAttributes.FirstName}}, this is {{Address}}.</p>"})

# The seed's role: the campaign completes and each endpoint gets its own mail.
good_app, good_segment = make_app("seed", make_role("PinpointSES", ACCOUNT), "good")
campaign_id, activity = run_campaign(good_app, good_segment)
report("campaign completes under the seed's role", activity is not None and activity["Result"] == "SUCCESS"
       and activity["SuccessfulEndpointCount"] == 3, activity=activity)
for i in range(3):
    got = mailbox(f"good{i}@example.org")
    report(f"endpoint {i} got its personalized mail", len(got) == 1 and got[0]["Subject"] == f"Welcome Name{i}",
           subjects=[m["Subject"] for m in got])

# A trust policy naming another account: nothing is sent and the activity says why.
bad_app, bad_segment = make_app("wrong-trust", make_role("PinpointOther", "111111111111"), "bad")
_, failed = run_campaign(bad_app, bad_segment)
report("campaign under a trust policy for another account fails", failed is not None and failed["Result"] == "FAIL"
       and failed.get("SuccessfulEndpointCount", 0) == 0, activity=failed)
reason = json.dumps(failed.get("ExecutionMetrics", {}) if failed else {})
report("the failed activity names sts:AssumeRole", "sts:AssumeRole" in reason, reason=reason)
report("nothing was sent under the wrong trust", all(len(mailbox(f"bad{i}@example.org", 0)) == 0 for i in range(3)))

# The AWS CLI reads the same state.
code, out, err = cli("pinpoint", "get-campaign", "--application-id", good_app, "--campaign-id", campaign_id)
state = json.loads(out)["CampaignResponse"]["State"]["CampaignStatus"] if code == 0 else None
report("aws pinpoint get-campaign shows COMPLETED", state == "COMPLETED", state=state, stderr=err[-500:])
code, out, err = cli("pinpoint", "send-messages", "--application-id", good_app, "--message-request", json.dumps({
    "Addresses": {"direct@example.org": {"ChannelType": "EMAIL"}},
    "MessageConfiguration": {"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "Direct"}, "TextPart": {"Data": "Sent with the AWS CLI."}}}}}))
result = json.loads(out)["MessageResponse"]["Result"]["direct@example.org"] if code == 0 else {}
report("aws pinpoint send-messages delivers", result.get("DeliveryStatus") == "SUCCESSFUL"
       and len(mailbox("direct@example.org")) == 1, result=result, stderr=err[-500:])

sys.exit(1 if failures else 0)
