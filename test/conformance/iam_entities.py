"""Terraform-style lifecycles through boto3 for the IAM entities of issue 14: instance profiles
(aws_iam_instance_profile), the account alias (aws_iam_account_alias), the account password policy
(aws_iam_account_password_policy), login profiles (aws_iam_user_login_profile), server certificates
(aws_iam_server_certificate) and SSH keys (aws_iam_user_ssh_key): create, read,
update, tag, list, delete, and read after delete gives AWS's not-found error.

Usage: python3 iam_entities.py ENDPOINT. Prints one JSON object per check and exits non-zero if any
check failed. Facts: IAM API reference (API_CreateInstanceProfile.html, API_GetInstanceProfile.html,
API_CreateAccountAlias.html, API_GetAccountPasswordPolicy.html, API_GetLoginProfile.html).
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
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

# aws_iam_instance_profile: create with a role, read, tag, list, then destroy.
iam.create_role(RoleName="tf-node", AssumeRolePolicyDocument=TRUST)
p = iam.create_instance_profile(InstanceProfileName="tf-node", Path="/nodes/",
                                Tags=[{"Key": "owner", "Value": "tf"}])["InstanceProfile"]
check("instance profile created", p["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/nodes/tf-node", arn=p["Arn"])
iam.add_role_to_instance_profile(InstanceProfileName="tf-node", RoleName="tf-node")
got = iam.get_instance_profile(InstanceProfileName="tf-node")["InstanceProfile"]
check("instance profile read with its role", [r["RoleName"] for r in got["Roles"]] == ["tf-node"], got=got["Roles"])
check("instance profile read with its tags", got.get("Tags") == [{"Key": "owner", "Value": "tf"}], tags=got.get("Tags"))
iam.tag_instance_profile(InstanceProfileName="tf-node", Tags=[{"Key": "env", "Value": "ci"}])
iam.untag_instance_profile(InstanceProfileName="tf-node", TagKeys=["owner"])
tags = iam.list_instance_profile_tags(InstanceProfileName="tf-node")["Tags"]
check("instance profile tags updated", tags == [{"Key": "env", "Value": "ci"}], tags=tags)
pages = list(iam.get_paginator("list_instance_profiles").paginate(PathPrefix="/nodes/", PaginationConfig={"PageSize": 1}))
check("instance profile listed through the paginator",
      [x["InstanceProfileName"] for page in pages for x in page["InstanceProfiles"]] == ["tf-node"], pages=len(pages))
for_role = iam.list_instance_profiles_for_role(RoleName="tf-node")["InstanceProfiles"]
check("instance profiles for the role", [x["InstanceProfileName"] for x in for_role] == ["tf-node"])
iam.remove_role_from_instance_profile(InstanceProfileName="tf-node", RoleName="tf-node")
iam.delete_instance_profile(InstanceProfileName="tf-node")
iam.delete_role(RoleName="tf-node")
err = error_of(iam.get_instance_profile, InstanceProfileName="tf-node")
check("instance profile read after delete", err == ("NoSuchEntity", "Instance Profile tf-node cannot be found.", 404), err=err)

# aws_iam_account_alias
iam.create_account_alias(AccountAlias="tf-alias-1")
check("alias created", iam.list_account_aliases()["AccountAliases"] == ["tf-alias-1"])
iam.create_account_alias(AccountAlias="tf-alias-2")
check("alias replaced", iam.list_account_aliases()["AccountAliases"] == ["tf-alias-2"])
iam.delete_account_alias(AccountAlias="tf-alias-2")
check("alias deleted", iam.list_account_aliases()["AccountAliases"] == [])

# aws_iam_account_password_policy
iam.update_account_password_policy(MinimumPasswordLength=10, RequireNumbers=True, MaxPasswordAge=30)
pp = iam.get_account_password_policy()["PasswordPolicy"]
check("password policy read", pp["MinimumPasswordLength"] == 10 and pp["RequireNumbers"] and pp["ExpirePasswords"]
      and pp["MaxPasswordAge"] == 30, policy=pp)
iam.update_account_password_policy(MinimumPasswordLength=12)
check("password policy updated", iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 12)
iam.delete_account_password_policy()
err = error_of(iam.get_account_password_policy)
check("password policy read after delete",
      err == ("NoSuchEntity", f"The Password Policy with domain name {ACCOUNT} cannot be found.", 404), err=err)

# aws_iam_user_login_profile
iam.create_user(UserName="tf-user")
lp = iam.create_login_profile(UserName="tf-user", Password="Tf-Passw0rd!", PasswordResetRequired=True)["LoginProfile"]
check("login profile created", lp["UserName"] == "tf-user" and lp["PasswordResetRequired"] is True, lp=lp)
iam.update_login_profile(UserName="tf-user", PasswordResetRequired=False)
lp = iam.get_login_profile(UserName="tf-user")["LoginProfile"]
check("login profile updated", lp["PasswordResetRequired"] is False, lp=lp)
err = error_of(iam.delete_user, UserName="tf-user")
check("user with a password is not deleted",
      err == ("DeleteConflict", "Cannot delete entity, must delete login profile first.", 409), err=err)
iam.delete_login_profile(UserName="tf-user")
err = error_of(iam.get_login_profile, UserName="tf-user")
check("login profile read after delete",
      err == ("NoSuchEntity", "Login Profile for User tf-user cannot be found.", 404), err=err)
iam.delete_user(UserName="tf-user")

# aws_iam_server_certificate (fixtures of test/fixtures/certificates/)
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "certificates")
body = open(os.path.join(FIXTURES, "server.pem")).read()
key = open(os.path.join(FIXTURES, "server.key")).read()
meta = iam.upload_server_certificate(ServerCertificateName="tf-cert", CertificateBody=body, PrivateKey=key,
                                     Tags=[{"Key": "k", "Value": "v"}])["ServerCertificateMetadata"]
check("server certificate uploaded", meta["Arn"] == f"arn:aws:iam::{ACCOUNT}:server-certificate/tf-cert", meta=meta)
cert = iam.get_server_certificate(ServerCertificateName="tf-cert")["ServerCertificate"]
check("server certificate read", cert["CertificateBody"] == body and cert["Tags"] == [{"Key": "k", "Value": "v"}])
iam.update_server_certificate(ServerCertificateName="tf-cert", NewServerCertificateName="tf-cert-2")
listed = [m["ServerCertificateName"] for m in iam.list_server_certificates()["ServerCertificateMetadataList"]]
check("server certificate renamed and listed", listed == ["tf-cert-2"], listed=listed)
iam.delete_server_certificate(ServerCertificateName="tf-cert-2")
err = error_of(iam.get_server_certificate, ServerCertificateName="tf-cert-2")
check("server certificate read after delete",
      err == ("NoSuchEntity", "The Server Certificate with name tf-cert-2 cannot be found.", 404), err=err)

# aws_iam_user_ssh_key (a key made by ssh-keygen; its MD5 fingerprint is what IAM shows)
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", f"{tmp}/k"], check=True)
    pub = open(f"{tmp}/k.pub").read().strip()
    md5 = subprocess.run(["ssh-keygen", "-l", "-E", "md5", "-f", f"{tmp}/k.pub"], check=True,
                         capture_output=True, text=True).stdout.split()[1].removeprefix("MD5:")
iam.create_user(UserName="tf-git")
sk = iam.upload_ssh_public_key(UserName="tf-git", SSHPublicKeyBody=pub)["SSHPublicKey"]
check("ssh key uploaded with ssh-keygen's fingerprint", sk["Fingerprint"] == md5, got=sk["Fingerprint"], want=md5)
iam.update_ssh_public_key(UserName="tf-git", SSHPublicKeyId=sk["SSHPublicKeyId"], Status="Inactive")
got = iam.get_ssh_public_key(UserName="tf-git", SSHPublicKeyId=sk["SSHPublicKeyId"], Encoding="SSH")["SSHPublicKey"]
check("ssh key read after update", got["Status"] == "Inactive" and pub.startswith(got["SSHPublicKeyBody"]))
iam.delete_ssh_public_key(UserName="tf-git", SSHPublicKeyId=sk["SSHPublicKeyId"])
err = error_of(iam.get_ssh_public_key, UserName="tf-git", SSHPublicKeyId=sk["SSHPublicKeyId"], Encoding="SSH")
check("ssh key read after delete", err is not None and err[0] == "NoSuchEntity" and err[2] == 404, err=err)
iam.delete_user(UserName="tf-git")

sys.exit(1 if failed else 0)
