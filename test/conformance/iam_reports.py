"""Lifecycles through boto3 for the IAM operations of issue 14's reports and service credentials:
service-specific credentials (aws_iam_service_specific_credential: create, read, update, reset,
delete, read after delete gives NoSuchEntity), the credential report (generate, get, decode the
CSV), the STS token preference in GetAccountSummary, ListPoliciesGrantingServiceAccess and a
service last accessed report, and the Organizations access report of an account in no organization.

Usage: python3 iam_reports.py ENDPOINT. Prints one JSON object per check and exits non-zero if any
check failed. Facts: IAM API reference (API_CreateServiceSpecificCredential.html,
API_GetCredentialReport.html, API_GetServiceLastAccessedDetails.html, API_GetAccountSummary.html),
id_credentials_getting-report.html.
"""
import csv
import io
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
ACCOUNT = "000000000000"
iam = boto3.client(
    "iam", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test",
    aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}),
)
failed = False


def check(name, ok, **facts):
    global failed
    failed = failed or not ok
    print(json.dumps({"check": name, "ok": bool(ok), **{k: str(v) for k, v in facts.items()}}))


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


# aws_iam_service_specific_credential: create, read, update, reset, delete.
iam.create_user(UserName="tf-git")
c = iam.create_service_specific_credential(UserName="tf-git", ServiceName="codecommit.amazonaws.com")[
    "ServiceSpecificCredential"]
cid = c["ServiceSpecificCredentialId"]
check("credential created with its user name and password",
      c["ServiceUserName"] == f"tf-git-at-{ACCOUNT}" and len(c["ServicePassword"]) == 44 and c["Status"] == "Active",
      credential={k: v for k, v in c.items() if k != "ServicePassword"})
listed = iam.list_service_specific_credentials(UserName="tf-git")["ServiceSpecificCredentials"]
check("credential read back by listing", [x["ServiceSpecificCredentialId"] for x in listed] == [cid], listed=listed)
iam.update_service_specific_credential(UserName="tf-git", ServiceSpecificCredentialId=cid, Status="Inactive")
listed = iam.list_service_specific_credentials(UserName="tf-git", ServiceName="codecommit.amazonaws.com")[
    "ServiceSpecificCredentials"]
check("credential status updated", listed[0]["Status"] == "Inactive", listed=listed)
reset = iam.reset_service_specific_credential(UserName="tf-git", ServiceSpecificCredentialId=cid)[
    "ServiceSpecificCredential"]
check("credential reset gives a new password", reset["ServicePassword"] != c["ServicePassword"])
check("a user with a credential cannot be deleted",
      error_of(iam.delete_user, UserName="tf-git") == ("DeleteConflict", 409))
check("an unsupported service is refused",
      error_of(iam.create_service_specific_credential, UserName="tf-git", ServiceName="s3.amazonaws.com")
      == ("NotSupportedService", 404))
iam.delete_service_specific_credential(UserName="tf-git", ServiceSpecificCredentialId=cid)
check("credential read after delete is NoSuchEntity",
      error_of(iam.reset_service_specific_credential, UserName="tf-git", ServiceSpecificCredentialId=cid)
      == ("NoSuchEntity", 404))
iam.delete_user(UserName="tf-git")

# The credential report: generate, then read and decode.
check("no report before one is generated", error_of(iam.get_credential_report) == ("ReportNotPresent", 410))
state = iam.generate_credential_report()["State"]
check("report generation started", state == "STARTED", state=state)
check("report complete on the next call", iam.generate_credential_report()["State"] == "COMPLETE")
r = iam.get_credential_report()
rows = list(csv.DictReader(io.StringIO(r["Content"].decode("utf-8"))))
check("report is CSV with the root account's row", r["ReportFormat"] == "text/csv"
      and rows[0]["user"] == "<root_account>" and rows[0]["password_enabled"] == "not_supported"
      and len(rows[0]) == 22, row=rows[0])

# The STS token preference, shown by GetAccountSummary.
iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
v = iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"]
check("GetAccountSummary shows the v2 token preference", v == 2, version=v)
iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")

# Policies granting service access, and a service last accessed report for a role.
iam.create_role(RoleName="tf-app", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
iam.put_role_policy(RoleName="tf-app", PolicyName="ses-send", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}))
role_arn = f"arn:aws:iam::{ACCOUNT}:role/tf-app"
g = iam.list_policies_granting_service_access(Arn=role_arn, ServiceNamespaces=["ses", "iam"])[
    "PoliciesGrantingServiceAccess"]
check("ListPoliciesGrantingServiceAccess names the inline policy for ses only",
      [(e["ServiceNamespace"], [p["PolicyName"] for p in e["Policies"]]) for e in g]
      == [("ses", ["ses-send"]), ("iam", [])], got=g)
job = iam.generate_service_last_accessed_details(Arn=role_arn)["JobId"]
d = iam.get_service_last_accessed_details(JobId=job)
check("service last accessed lists the allowed service, never accessed",
      d["JobStatus"] == "COMPLETED" and [s["ServiceNamespace"] for s in d["ServicesLastAccessed"]] == ["ses"]
      and "LastAuthenticated" not in d["ServicesLastAccessed"][0], details=d["ServicesLastAccessed"])
iam.delete_role_policy(RoleName="tf-app", PolicyName="ses-send")
iam.delete_role(RoleName="tf-app")
check("a report of a deleted role cannot be generated",
      error_of(iam.generate_service_last_accessed_details, Arn=role_arn) == ("NoSuchEntity", 404))

check("the Organizations access report needs an organization",
      error_of(iam.generate_organizations_access_report, EntityPath="o-a1b2c3d4e5/r-f6g7h8i9j0example")
      == ("OrganizationNotFoundException", 400))

sys.exit(1 if failed else 0)
