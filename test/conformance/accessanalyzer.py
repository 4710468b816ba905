"""Drives a running Pinpost's IAM Access Analyzer policy checks with boto3 and the AWS CLI, as CI
wrappers (cfn-policy-validator, tf-policy-validator) call them.

Usage: python3 accessanalyzer.py ENDPOINT. Prints one JSON object per check: {"check": ..., "ok": bool, ...}
and exits non-zero if any check failed. Facts: API_ValidatePolicy.html, API_ValidatePolicyFinding.html,
API_CheckNoNewAccess.html, API_CheckAccessNotGranted.html, API_CheckNoPublicAccess.html, and the awscli
examples of each command (awscli/examples/accessanalyzer/*.rst).
"""
import json
import os
import subprocess
import sys
import tempfile

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
CFG = Config(retries={"max_attempts": 1})
EXAMPLE = open("test/fixtures/aa-validate-policy-example.txt").read()
failures = 0


def report(check, ok, **extra):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": check, "ok": bool(ok), **extra}, default=str), flush=True)


def cli(*args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION=REGION,
               AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    r = subprocess.run(["aws", "--endpoint-url", ENDPOINT, "--output", "json", *args], env=env,
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


aa = boto3.client("accessanalyzer", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test",
                  aws_secret_access_key="test", config=CFG)

# boto3: the awscli example's EMPTY_SID_VALUE finding with its path and span (validate-policy.rst).
out = aa.validate_policy(policyDocument=EXAMPLE, policyType="RESOURCE_POLICY")
sid = [f for f in out["findings"] if f["issueCode"] == "EMPTY_SID_VALUE"]
report("boto3 validate_policy: EMPTY_SID_VALUE located as AWS locates it",
       len(sid) == 1 and sid[0]["locations"] == [{
           "path": [{"value": "Statement"}, {"index": 0}, {"value": "Sid"}],
           "span": {"start": {"line": 5, "column": 19, "offset": 79}, "end": {"line": 5, "column": 21, "offset": 81}},
       }], findings=out["findings"])

# boto3: a paginator over findings (validate-policy is paginated, paginators-1.json).
pages = list(aa.get_paginator("validate_policy").paginate(
    policyDocument=json.dumps({"Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
    policyType="IDENTITY_POLICY", PaginationConfig={"PageSize": 1}))
codes = sorted(f["issueCode"] for p in pages for f in p["findings"])
report("boto3 validate_policy paginator pages one finding at a time",
       codes == ["EMPTY_SID_VALUE", "MISSING_VERSION"] and len(pages) == 2, codes=codes, pages=len(pages))

# boto3: the model's errors.
try:
    aa.validate_policy(policyDocument="{}", policyType="TRUST_POLICY")
    report("boto3 validate_policy refuses an unknown policy type", False)
except ClientError as e:
    report("boto3 validate_policy refuses an unknown policy type",
           e.response["Error"]["Code"] == "ValidationException" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400,
           error=e.response["Error"])

# AWS CLI: the commands of the rst examples.
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "myfile.json")
    open(path, "w").write(EXAMPLE)
    code, stdout, stderr = cli("accessanalyzer", "validate-policy", "--policy-document", f"file://{path}",
                               "--policy-type", "RESOURCE_POLICY")
    found = json.loads(stdout)["findings"] if code == 0 else []
    report("aws accessanalyzer validate-policy (the rst example)",
           code == 0 and [f["issueCode"] for f in found].count("EMPTY_SID_VALUE") == 1,
           stderr=stderr[-500:], codes=[f["issueCode"] for f in found])

    existing = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                                                                   "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]})
    new = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectAcl", "s3:ListBucket"],
                                                              "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]})
    open(os.path.join(d, "existing.json"), "w").write(existing)
    open(os.path.join(d, "new.json"), "w").write(new)
    code, stdout, stderr = cli("accessanalyzer", "check-no-new-access",
                               "--existing-policy-document", f"file://{d}/existing.json",
                               "--new-policy-document", f"file://{d}/new.json", "--policy-type", "IDENTITY_POLICY")
    expected = {"result": "FAIL", "message": "The modified permissions grant new access compared to your existing policy.",
                "reasons": [{"description": "New access in the statement with index: 0.", "statementIndex": 0}]}
    report("aws accessanalyzer check-no-new-access (the rst example's output)",
           code == 0 and json.loads(stdout) == expected, stdout=stdout, stderr=stderr[-500:])

    open(os.path.join(d, "access.json"), "w").write(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]}]}))
    code, stdout, stderr = cli("accessanalyzer", "check-access-not-granted", "--policy-document", f"file://{d}/access.json",
                               "--access", "actions=s3:DeleteBucket,s3:GetBucketLocation", "--policy-type", "IDENTITY_POLICY")
    report("aws accessanalyzer check-access-not-granted passes for actions the policy does not grant",
           code == 0 and json.loads(stdout)["result"] == "PASS", stdout=stdout, stderr=stderr[-500:])

    open(os.path.join(d, "public.json"), "w").write(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "CheckNoPublicAccess", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/JohnDoe"},
         "Action": ["s3:GetObject"]}]}))
    code, stdout, stderr = cli("accessanalyzer", "check-no-public-access", "--policy-document", f"file://{d}/public.json",
                               "--resource-type", "AWS::S3::Bucket")
    report("aws accessanalyzer check-no-public-access (the rst example's output)",
           code == 0 and json.loads(stdout) == {"result": "PASS", "message": "The resource policy does not grant public access for the given resource type."},
           stdout=stdout, stderr=stderr[-500:])

sys.exit(1 if failures else 0)
