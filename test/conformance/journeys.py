"""Drives a running Pinpost on the manual clock (`--clock manual`) through a Pinpoint journey with boto3
and the AWS CLI: the seed's role sends EMAIL -> Wait P1D -> ConditionalSplit on `_email.open` of the first
EMAIL -> one EMAIL to openers, another to the others; then metrics, runs, states and errors.

Usage: python3 journeys.py ENDPOINT. Prints one JSON object per check and exits non-zero if any failed.
Facts: Pinpoint developer guide permissions-ses.html (the role); the Pinpoint API reference pages
apps-application-id-journeys.html, …-journey-id-state.html, …-journey-id-execution-metrics.html,
…-activities-journey-activity-id-execution-metrics.html, …-journey-id-runs.html; the botocore model
pinpoint/2016-12-01 (JourneyStateRequest: "Currently, Supported values are ACTIVE, PAUSED, and
CANCELLED"; EvaluationWaitTime: "The amount of time to wait before determining whether the conditions
are met"; the error shapes BadRequestException 400 and NotFoundException 404 with Message and RequestID).
"""
import datetime
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
ACCOUNT = "000000000000"
CFG = Config(retries={"max_attempts": 1})
DAY = 86400
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


def http(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{ENDPOINT}{path}", data=data, method=method,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        raw = r.read()
        return r.status, (json.loads(raw) if r.headers.get("content-type", "").startswith("application/json") else raw)


def advance(seconds):
    """Moves the manual clock; when the POST returns, everything due on the way has run."""
    status, answer = http("POST", "/_pinpost/clock", {"advanceSeconds": seconds})
    assert status == 200, answer
    return answer["now"]


def mail_to(address):
    """The mailbox as it is now (no waiting: an advance returns once its mail is in the mailbox)."""
    _, answer = http("GET", "/_aws/ses")
    return [m for m in answer["messages"] if address in m["Destination"]["ToAddresses"]]


def subjects(address):
    return sorted(m["Subject"] for m in mail_to(address))


def error_of(call):
    """The ClientError a call raises: its code, message, status, and the body's own members."""
    try:
        call()
    except ClientError as e:
        r = e.response
        return {"code": r["Error"]["Code"], "message": r["Error"]["Message"],
                "status": r["ResponseMetadata"]["HTTPStatusCode"], "Message": r.get("Message"),
                "RequestID": r.get("RequestID")}
    return None


def aws_error(err, code, status, message):
    """botocore's model: BadRequestException 400 / NotFoundException 404, members Message and RequestID."""
    return (err is not None and err["code"] == code and err["status"] == status and err["message"] == message
            and err["Message"] == message and isinstance(err["RequestID"], str) and len(err["RequestID"]) > 0)


TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "pinpoint.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
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

# The clock tells the time, and the journey runs on it: noon UTC two days ahead, so the test does not
# depend on when it runs.
_, now = http("GET", "/_pinpost/clock")
report("the server runs on the manual clock", now.get("clock") == "manual", answer=now)
noon = (int(time.time()) // DAY + 2) * DAY + 12 * 3600
http("POST", "/_pinpost/clock", {"set": datetime.datetime.fromtimestamp(noon, datetime.timezone.utc).isoformat()})

# The seed: the orchestration role, the identity, the app with its email channel naming the role.
role_arn = iam.create_role(RoleName="PinpointJourneys", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
iam.put_role_policy(RoleName="PinpointJourneys", PolicyName="ses-send", PolicyDocument=PERMISSIONS)
sesv2.create_email_identity(EmailIdentity="example.com")
IDENTITY = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/example.com"


def make_app(name, prefix, count):
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": name})["ApplicationResponse"]["Id"]
    pinpoint.update_email_channel(ApplicationId=app_id, EmailChannelRequest={
        "FromAddress": "news@example.com", "Identity": IDENTITY,
        "OrchestrationSendingRoleArn": role_arn, "Enabled": True})
    pinpoint.update_endpoints_batch(ApplicationId=app_id, EndpointBatchRequest={"Item": [
        {"Id": f"{prefix}-{i}", "ChannelType": "EMAIL", "Address": f"{prefix}{i}@example.org",
         "User": {"UserId": f"{prefix}-user-{i}", "UserAttributes": {"FirstName": [f"Name{i}"]}}}
        for i in range(count)]})
    segment = pinpoint.create_segment(ApplicationId=app_id, WriteSegmentRequest={
        "Name": "everyone", "Dimensions": {"Demographic": {"Channel": {"Values": ["EMAIL"]}}}})
    return app_id, segment["SegmentResponse"]["Id"]


for name, subject in [("journey-welcome", "Welcome {{User.UserAttributes.FirstName}}"),
                      ("journey-thanks", "Thanks for reading, {{User.UserAttributes.FirstName}}"),
                      ("journey-reminder", "Did you see our welcome, {{User.UserAttributes.FirstName}}?")]:
    pinpoint.create_email_template(TemplateName=name, EmailTemplateRequest={
        "Subject": subject, "HtmlPart": "<html><body><p>Hello {{User.UserAttributes.FirstName}}</p></body></html>"})


def journey(segment_id, name, extra=None):
    return {
        "Name": name,
        "StartActivity": "welcome",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": segment_id}},
        "Activities": {
            "welcome": {"EMAIL": {"TemplateName": "journey-welcome", "NextActivity": "wait"}},
            "wait": {"Wait": {"WaitTime": {"WaitFor": "P1D"}, "NextActivity": "opened"}},
            "opened": {"ConditionalSplit": {
                "Condition": {"Conditions": [{"EventCondition": {
                    "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["_email.open"]}},
                    "MessageActivity": "welcome"}}]},
                "EvaluationWaitTime": {"WaitFor": "PT1H"},
                "TrueActivity": "thanks",
                "FalseActivity": "reminder"}},
            "thanks": {"EMAIL": {"TemplateName": "journey-thanks"}},
            "reminder": {"EMAIL": {"TemplateName": "journey-reminder"}},
        },
        **(extra or {}),
    }


# The journey: created as a draft, published with UpdateJourneyState.
app_id, segment_id = make_app("journeys", "reader", 6)
created = pinpoint.create_journey(ApplicationId=app_id, WriteJourneyRequest=journey(segment_id, "welcome-series"))
journey_id = created["JourneyResponse"]["Id"]
report("create_journey answers 201 with a DRAFT", created["ResponseMetadata"]["HTTPStatusCode"] == 201
       and created["JourneyResponse"]["State"] == "DRAFT", state=created["JourneyResponse"].get("State"))
active = pinpoint.update_journey_state(ApplicationId=app_id, JourneyId=journey_id,
                                       JourneyStateRequest={"State": "ACTIVE"})["JourneyResponse"]
report("update_journey_state ACTIVE publishes it", active["State"] == "ACTIVE", state=active["State"])
no_refresh = error_of(lambda: pinpoint.update_journey_state(ApplicationId=app_id, JourneyId=journey_id,
                                                            JourneyStateRequest={"State": "PAUSED"}))
report("pausing a journey without a segment refresh interval: BadRequestException", aws_error(
    no_refresh, "BadRequestException", 400,
    "Currently, PAUSED only supports journeys with a segment refresh interval"), error=no_refresh)

# Work due now runs when the clock is moved by nothing: every endpoint gets the first mail.
advance(0)
firsts = {i: subjects(f"reader{i}@example.org") for i in range(6)}
report("each endpoint got the first EMAIL, personalized, once",
       all(firsts[i] == [f"Welcome Name{i}"] for i in range(6)), got=firsts)

# Three readers open it: the tracking pixel of their own message.
opened = []
for i in range(3):
    html = "".join((m["Body"] or {}).get("html_part") or "" for m in mail_to(f"reader{i}@example.org"))
    pixel = re.search(r'<img src="([^"]*/_pinpost/t/o/[^"]+)"', html)
    if pixel:
        status, _ = http("GET", urllib.parse.urlsplit(pixel.group(1)).path)
        opened.append(status)
report("the first mail carries an open pixel, and opening it answers 200", opened == [200, 200, 200], opened=opened)

# A day and the split's hour later: openers thanked, the others reminded, each exactly once.
advance(DAY - 1)
almost = {i: subjects(f"reader{i}@example.org") for i in range(6)}
report("before the Wait ends nobody got a second mail", all(len(s) == 1 for s in almost.values()), got=almost)
advance(1 + 3600)
after = {i: subjects(f"reader{i}@example.org") for i in range(6)}
report("openers got the true branch's EMAIL exactly once",
       all(after[i] == [f"Thanks for reading, Name{i}", f"Welcome Name{i}"] for i in range(3)), got=after)
report("the others got the false branch's EMAIL exactly once",
       all(after[i] == [f"Did you see our welcome, Name{i}?", f"Welcome Name{i}"] for i in range(3, 6)), got=after)
advance(7 * DAY)
later = {i: subjects(f"reader{i}@example.org") for i in range(6)}
report("a week later nobody got anything more", later == after and all(len(s) == 2 for s in later.values()),
       got=later)

# Metrics through boto3: the journey's and each activity's, with the shapes of the botocore model.
m = pinpoint.get_journey_execution_metrics(ApplicationId=app_id, JourneyId=journey_id)[
    "JourneyExecutionMetricsResponse"]
report("get_journey_execution_metrics: the model's required members, counters as strings",
       m["ApplicationId"] == app_id and m["JourneyId"] == journey_id and isinstance(m["LastEvaluatedTime"], str)
       and len(m["Metrics"]) > 0 and all(isinstance(v, str) and v.isdigit() for v in m["Metrics"].values()),
       response=m)
types = {}
activity_metrics = {}
for activity in ["welcome", "wait", "opened", "thanks", "reminder"]:
    a = pinpoint.get_journey_execution_activity_metrics(ApplicationId=app_id, JourneyId=journey_id,
                                                        JourneyActivityId=activity)[
        "JourneyExecutionActivityMetricsResponse"]
    types[activity] = a["ActivityType"]
    activity_metrics[activity] = a["Metrics"]
report("each activity's ActivityType", types == {"welcome": "MESSAGE", "wait": "WAIT", "opened": "CONDITIONAL_SPLIT",
                                                 "thanks": "MESSAGE", "reminder": "MESSAGE"}, types=types)
report("the journey's counters: six produced, entered and left", all(
    m["Metrics"].get(k) == "6" for k in ["ENDPOINT_PRODUCED", "ENDPOINT_ENTERED", "ENDPOINT_LEFT"]), metrics=m["Metrics"])
expected_counters = {"welcome": {"SUCCESS": "6"}, "wait": {"WAIT_COMPLETED": "6"}, "opened": {"YES": "3", "NO": "3"},
                     "thanks": {"SUCCESS": "3"}, "reminder": {"SUCCESS": "3"}}
report("each activity's counters: six sent, six waited, three yes and three no, three sent on each branch",
       all(activity_metrics[a].get(k) == v for a, c in expected_counters.items() for k, v in c.items()),
       metrics=activity_metrics)

# The same through the AWS CLI.
code, out, err = cli("pinpoint", "get-journey-execution-activity-metrics", "--application-id", app_id,
                     "--journey-id", journey_id, "--journey-activity-id", "welcome")
cli_metrics = json.loads(out)["JourneyExecutionActivityMetricsResponse"] if code == 0 else {}
report("aws pinpoint get-journey-execution-activity-metrics reads the same counters",
       cli_metrics.get("ActivityType") == "MESSAGE" and cli_metrics.get("Metrics") == activity_metrics["welcome"],
       response=cli_metrics, stderr=err[-500:])
code, out, err = cli("pinpoint", "get-journey-execution-metrics", "--application-id", app_id,
                     "--journey-id", journey_id)
cli_journey = json.loads(out)["JourneyExecutionMetricsResponse"] if code == 0 else {}
report("aws pinpoint get-journey-execution-metrics reads the same counters", cli_journey.get("Metrics") == m["Metrics"],
       response=cli_journey, stderr=err[-500:])

# Runs: one, with the model's required members.
runs = pinpoint.get_journey_runs(ApplicationId=app_id, JourneyId=journey_id)["JourneyRunsResponse"]
run = runs["Item"][0] if runs.get("Item") else {}
report("get_journey_runs: one run with RunId, CreationTime, LastUpdateTime, Status",
       len(runs.get("Item", [])) == 1 and all(isinstance(run.get(k), str) for k in
                                              ["RunId", "CreationTime", "LastUpdateTime", "Status"])
       and run["Status"] in ["SCHEDULED", "RUNNING", "COMPLETED", "CANCELLED"], runs=runs)
if run:
    rm = pinpoint.get_journey_run_execution_activity_metrics(
        ApplicationId=app_id, JourneyId=journey_id, RunId=run["RunId"], JourneyActivityId="welcome")[
        "JourneyRunExecutionActivityMetricsResponse"]
    report("the run's activity metrics name the run", rm["RunId"] == run["RunId"] and rm["ActivityType"] == "MESSAGE"
           and rm["Metrics"].get("SUCCESS") == "6", response=rm)

# States: a journey with a segment refresh interval can be paused, resumed after five minutes, cancelled.
life_app, life_segment = make_app("journey-states", "member", 2)
life = pinpoint.create_journey(ApplicationId=life_app, WriteJourneyRequest=journey(
    life_segment, "lifecycle", {"RefreshFrequency": "PT1H", "State": "ACTIVE"}))["JourneyResponse"]
report("create_journey with State ACTIVE publishes at once", life["State"] == "ACTIVE", state=life["State"])
advance(0)
report("its members got the first EMAIL", all(subjects(f"member{i}@example.org") == [f"Welcome Name{i}"]
                                               for i in range(2)))


def set_state(state, journey=None, app=None):
    return pinpoint.update_journey_state(ApplicationId=app or life_app, JourneyId=journey or life["Id"],
                                         JourneyStateRequest={"State": state})["JourneyResponse"]


report("update_journey_state PAUSED pauses it", set_state("PAUSED")["State"] == "PAUSED")
early = error_of(lambda: set_state("ACTIVE"))
report("resuming within five minutes: BadRequestException with AWS's shape",
       aws_error(early, "BadRequestException", 400, "A paused journey can only be resumed after five minutes have passed"),
       error=early)
advance(300)
report("resumed after five minutes", set_state("ACTIVE")["State"] == "ACTIVE")
code, out, err = cli("pinpoint", "update-journey-state", "--application-id", life_app, "--journey-id", life["Id"],
                     "--journey-state-request", "State=CANCELLED")
report("aws pinpoint update-journey-state CANCELLED", code == 0
       and json.loads(out)["JourneyResponse"]["State"] == "CANCELLED", stderr=err[-500:])
advance(3 * DAY)
report("after the cancel no endpoint takes another step",
       all(subjects(f"member{i}@example.org") == [f"Welcome Name{i}"] for i in range(2)),
       got={i: subjects(f"member{i}@example.org") for i in range(2)})
life_metrics = pinpoint.get_journey_execution_metrics(ApplicationId=life_app, JourneyId=life["Id"])[
    "JourneyExecutionMetricsResponse"]["Metrics"]
report("the cancelled journey counts its two participants CANCELLED", life_metrics.get("CANCELLED") == "2",
       metrics=life_metrics)

# Errors: AWS's code, status and members for a refused transition and for an unknown activity.
again = error_of(lambda: set_state("ACTIVE"))
report("a cancelled journey can't be made ACTIVE: BadRequestException",
       aws_error(again, "BadRequestException", 400, "A CANCELLED journey can't be restarted or changed"), error=again)
code, out, err = cli("pinpoint", "update-journey-state", "--application-id", life_app, "--journey-id", life["Id"],
                     "--journey-state-request", "State=ACTIVE")
report("the AWS CLI prints the same error and fails", code != 0 and err.strip().endswith(
    "An error occurred (BadRequestException) when calling the UpdateJourneyState operation: "
    "A CANCELLED journey can't be restarted or changed"), code=code, stderr=err[-500:])
unsupported = error_of(lambda: set_state("COMPLETED", journey_id, app_id))
report("State COMPLETED is not supported by UpdateJourneyState", aws_error(
    unsupported, "BadRequestException", 400,
    "State COMPLETED is not supported; supported values are ACTIVE, PAUSED, and CANCELLED"), error=unsupported)
unknown = error_of(lambda: pinpoint.get_journey_execution_activity_metrics(
    ApplicationId=app_id, JourneyId=journey_id, JourneyActivityId="nope"))
report("an unknown activity: NotFoundException", aws_error(unknown, "NotFoundException", 404, "Resource not found"),
       error=unknown)
code, out, err = cli("pinpoint", "get-journey-execution-activity-metrics", "--application-id", app_id,
                     "--journey-id", journey_id, "--journey-activity-id", "nope")
report("the AWS CLI: an unknown activity fails with NotFoundException", code != 0 and err.strip().endswith(
    "An error occurred (NotFoundException) when calling the GetJourneyExecutionActivityMetrics operation: "
    "Resource not found"), code=code, stderr=err[-500:])

sys.exit(1 if failures else 0)
