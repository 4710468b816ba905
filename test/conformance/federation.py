"""Drives a running Pinpost's identity providers, GetFederationToken, DecodeAuthorizationMessage and
the organization-only IAM operations with boto3, as Terraform's and CDK's Python tooling calls them.

Usage: python3 federation.py ENDPOINT. Prints one JSON object per check: {"check": ..., "ok": bool, ...}
and exits non-zero if any check failed. Facts: API_CreateOpenIDConnectProvider.html,
API_CreateSAMLProvider.html, API_GetFederationToken.html, API_DecodeAuthorizationMessage.html,
API_ListOrganizationsFeatures.html.
"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
CFG = Config(retries={"max_attempts": 1})
KW = dict(endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test",
          aws_secret_access_key="test", config=CFG)
iam = boto3.client("iam", **KW)
sts = boto3.client("sts", **KW)
METADATA = open("test/fixtures/saml/idp-metadata.xml").read()
failures = 0


def report(check, ok, **extra):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"check": check, "ok": bool(ok), **extra}, default=str), flush=True)


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, None


arn = iam.create_open_id_connect_provider(Url="https://oidc.boto.example.com/id/ABC",
                                          ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
report("oidc arn", arn == "arn:aws:iam::000000000000:oidc-provider/oidc.boto.example.com/id/ABC", arn=arn)
got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
report("oidc url without scheme", got["Url"] == "oidc.boto.example.com/id/ABC", url=got["Url"])
iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "k", "Value": "v"}])
tags = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"]
report("oidc tags", tags == [{"Key": "k", "Value": "v"}], tags=tags)
iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
code, msg = error_of(iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)
report("oidc gone", code == "NoSuchEntity" and msg == f"OpenIDConnect Provider not found for arn {arn}", code=code)

saml = iam.create_saml_provider(Name="BotoIdP", SAMLMetadataDocument=METADATA)["SAMLProviderArn"]
listed = [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]]
report("saml listed", saml in listed, listed=listed)
code, _ = error_of(iam.create_saml_provider, Name="Bad", SAMLMetadataDocument="<x>" + "y" * 1000 + "</x>")
report("saml bad metadata", code == "InvalidInput", code=code)
iam.delete_saml_provider(SAMLProviderArn=saml)

fed = sts.get_federation_token(Name="boto-fed", Policy=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}))
report("federated user", fed["FederatedUser"]["Arn"] == "arn:aws:sts::000000000000:federated-user/boto-fed",
       user=fed["FederatedUser"])

code, _ = error_of(sts.decode_authorization_message, EncodedMessage="not-a-message")
report("decode refuses", code == "InvalidAuthorizationMessageException", code=code)
code, msg = error_of(iam.list_organizations_features)
report("no organization", code == "OrganizationNotFoundException", code=code, message=msg)

sys.exit(1 if failures else 0)
