"""Drives a running Pinpost with boto3 and the AWS CLI, as users do, through the seed's scenario.

Usage: python3 iam_sts.py ENDPOINT. Prints one JSON object per check: {"check": ..., "ok": bool, ...}
and exits non-zero if any check failed. Facts: IAM/STS API references (API_CreateRole.html,
API_PutRolePolicy.html, API_UpdateAssumeRolePolicy.html, API_SimulateCustomPolicy.html,
API_AssumeRole.html, API_GetCallerIdentity.html) and Pinpoint developerguide/permissions-ses.html.
"""
import json
import os
import subprocess
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
ACCOUNT = "000000000000"
REGION = "us-east-1"
CFG = Config(retries={"max_attempts": 1})

PERMISSIONS = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "PinpointUsesSESForEmailSends",
        "Effect": "Allow",
        "Action": ["ses:SendEmail", "ses:SendRawEmail"],
        "Resource": [f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/*", f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/*"],
    }],
})
TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowPinpoint",
        "Effect": "Allow",
        "Principal": {"Service": "pinpoint.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    }],
})

failures = 0


def report(check, ok, **extra):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": check, "ok": bool(ok), **extra}, default=str), flush=True)


def client(service, key="test", secret="test", token=None):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token, config=CFG)


def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, None


def cli(*args, key="test", secret="test"):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=REGION,
               AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    r = subprocess.run(["aws", "--endpoint-url", ENDPOINT, "--output", "json", *args], env=env,
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


iam = client("iam")
sts = client("sts")

# Root creates the seed's role with the seed's trust policy and permissions policy.
iam.create_role(RoleName="PinpointSES", AssumeRolePolicyDocument=TRUST, Description="seed role")
iam.put_role_policy(RoleName="PinpointSES", PolicyName="PinpointUsesSES", PolicyDocument=PERMISSIONS)
role = iam.get_role(RoleName="PinpointSES")["Role"]
report("boto3 get_role decodes the trust policy", role["AssumeRolePolicyDocument"] == json.loads(TRUST),
       arn=role["Arn"])
doc = iam.get_role_policy(RoleName="PinpointSES", PolicyName="PinpointUsesSES")["PolicyDocument"]
report("boto3 get_role_policy decodes the permissions policy", doc == json.loads(PERMISSIONS))

# A user allowed only iam:CreateRole cannot edit the role; with the seed's two actions it can.
iam.create_user(UserName="editor")
iam.put_user_policy(UserName="editor", PolicyName="CreateOnly", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*"}]}))
key = iam.create_access_key(UserName="editor")["AccessKey"]
editor = client("iam", key["AccessKeyId"], key["SecretAccessKey"])
code, message = error_code(lambda: editor.put_role_policy(RoleName="PinpointSES", PolicyName="p", PolicyDocument=PERMISSIONS))
report("editor without iam:PutRolePolicy is denied", code == "AccessDenied", message=message)
code, _ = error_code(lambda: editor.update_assume_role_policy(RoleName="PinpointSES", PolicyDocument=TRUST))
report("editor without iam:UpdateAssumeRolePolicy is denied", code == "AccessDenied")
iam.put_user_policy(UserName="editor", PolicyName="EditRole", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
                                            "Resource": f"arn:aws:iam::{ACCOUNT}:role/PinpointSES"}]}))
code, _ = error_code(lambda: editor.put_role_policy(RoleName="PinpointSES", PolicyName="p2", PolicyDocument=PERMISSIONS))
report("editor with iam:PutRolePolicy may put the permissions policy", code is None)
code, _ = error_code(lambda: editor.update_assume_role_policy(RoleName="PinpointSES", PolicyDocument=TRUST))
report("editor with iam:UpdateAssumeRolePolicy may update the trust policy", code is None)

# A malformed document gets AWS's error and leaves nothing behind.
code, message = error_code(lambda: iam.create_role(RoleName="Broken", AssumeRolePolicyDocument=PERMISSIONS))
report("a permissions policy as trust policy is refused", code == "MalformedPolicyDocument", message=message)
code, _ = error_code(lambda: iam.get_role(RoleName="Broken"))
report("the refused role was not created", code == "NoSuchEntity")

# The policy simulator on the seed's permissions policy (boto3 and the AWS CLI).
res = iam.simulate_custom_policy(PolicyInputList=[PERMISSIONS], ActionNames=["ses:SendEmail"], ResourceArns=[
    f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/example.com", f"arn:aws:ses:{REGION}:111122223333:identity/example.com",
    f"arn:aws:ses:{REGION}:{ACCOUNT}:template/Welcome"])["EvaluationResults"]
report("simulate_custom_policy: own identity allowed, other account and template denied",
       [r["EvalDecision"] for r in res] == ["allowed", "implicitDeny", "implicitDeny"], results=[r["EvalDecision"] for r in res])
rc, out, err = cli("iam", "simulate-custom-policy", "--policy-input-list", PERMISSIONS, "--action-names", "ses:SendRawEmail",
                   "--resource-arns", f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/marketing")
decision = json.loads(out)["EvaluationResults"][0]["EvalDecision"] if rc == 0 else None
report("aws iam simulate-custom-policy: configuration set allowed", decision == "allowed", stderr=err[-300:])

# STS: who am I, and assuming roles.
ident = sts.get_caller_identity()
report("boto3 get_caller_identity as root", ident["Arn"] == f"arn:aws:iam::{ACCOUNT}:root" and ident["Account"] == ACCOUNT)
rc, out, err = cli("sts", "get-caller-identity")
report("aws sts get-caller-identity as root", rc == 0 and json.loads(out)["Account"] == ACCOUNT, stderr=err[-300:])
code, message = error_code(lambda: sts.assume_role(RoleArn=role["Arn"], RoleSessionName="root-try"))
report("the seed trust policy does not let the account's root assume the role", code == "AccessDenied", message=message)

iam.create_role(RoleName="Assumable", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/editor"},
                                            "Action": "sts:AssumeRole"}]}))
iam.put_role_policy(RoleName="Assumable", PolicyName="ReadRoles", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}]}))
editor_sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
creds = editor_sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/Assumable", RoleSessionName="s1")["Credentials"]
session_iam = client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
session_sts = client("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
who = session_sts.get_caller_identity()
report("the assumed session's identity", who["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Assumable/s1", arn=who["Arn"])
code, _ = error_code(lambda: session_iam.get_role(RoleName="PinpointSES"))
report("the session may do what the role allows", code is None)
code, message = error_code(lambda: session_iam.delete_role(RoleName="PinpointSES"))
report("the session may not do more", code == "AccessDenied" and "assumed-role/Assumable/s1" in (message or ""), message=message)

sys.exit(1 if failures else 0)
