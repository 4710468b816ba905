"""Shared by the iac_*.py scripts (Terraform-style lifecycles through boto3, issue 14): the clients,
one JSON line per check, the error a call answers, and sections that report instead of stopping the
script when a call raises.
"""
import json
import sys
import traceback

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
ACCOUNT = "000000000000"
_failed = False


def client(service):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test",
                        aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))


def check(name, ok, **facts):
    global _failed
    _failed = _failed or not ok
    print(json.dumps({"check": name, "ok": bool(ok), **{k: str(v) for k, v in facts.items()}}), flush=True)


def error_of(fn, **kwargs):
    """(code, HTTP status) of the error `fn(**kwargs)` answers, or None when it succeeds."""
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


def section(fn):
    """Runs one lifecycle; a call that raises is one failed check naming the lifecycle."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - reported as a failed check, the script goes on
        check(f"{fn.__name__} ran to its end", False, error=repr(e), where=traceback.format_exc(limit=-2))
    return fn


def finish():
    sys.exit(1 if _failed else 0)
