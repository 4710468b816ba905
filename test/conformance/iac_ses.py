"""Terraform-style lifecycles through boto3 for the SES v1 resources the aws provider and
CloudFormation create (issue 14): aws_ses_receipt_rule_set, aws_ses_receipt_rule,
aws_ses_receipt_filter, aws_ses_active_receipt_rule_set, aws_ses_template,
aws_ses_configuration_set (+ aws_ses_event_destination), aws_ses_identity_policy and
aws_ses_identity_notification_topic: create, create again (AWS's AlreadyExists codes), read,
update and read back, list (through the paginator where the list pages), delete, and read after
delete gives SES v1's own not-found code (HTTP 400, as every error shape of the ses model).

Usage: python3 iac_ses.py ENDPOINT. One JSON line per check; exits non-zero if any failed.
Facts: botocore's ses model (error shapes AlreadyExists, RuleSetDoesNotExist, RuleDoesNotExist,
TemplateDoesNotExist, ConfigurationSetAlreadyExists, ConfigurationSetDoesNotExist,
EventDestinationAlreadyExists, EventDestinationDoesNotExist, CannotDelete, all 400) and the SES API
reference (API_CreateReceiptRuleSet.html, API_DescribeReceiptRuleSet.html, API_CreateReceiptRule.html,
API_UpdateReceiptRule.html, API_SetActiveReceiptRuleSet.html, API_DeleteReceiptRuleSet.html,
API_CreateReceiptFilter.html, API_CreateTemplate.html, API_GetTemplate.html,
API_CreateConfigurationSet.html, API_DescribeConfigurationSet.html,
API_CreateConfigurationSetEventDestination.html, API_PutIdentityPolicy.html,
API_SetIdentityNotificationTopic.html).
"""
import json

from iac_common import ACCOUNT, REGION, check, client, error_of, finish, section

ses = client("ses")
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:tf-topic"


def v1(code):
    return (code, 400)


@section
def receipt_rule_set():
    ses.create_receipt_rule_set(RuleSetName="tf-rules")
    err = error_of(ses.create_receipt_rule_set, RuleSetName="tf-rules")
    check("receipt rule set: created twice", err == v1("AlreadyExists"), err=err)
    got = ses.describe_receipt_rule_set(RuleSetName="tf-rules")
    check("receipt rule set: read", got["Metadata"]["Name"] == "tf-rules" and got["Rules"] == [], got=got)
    rule = {"Name": "tf-rule-1", "Enabled": True, "TlsPolicy": "Optional", "Recipients": ["tf-example.com"],
            "Actions": [{"AddHeaderAction": {"HeaderName": "X-Tf", "HeaderValue": "1"}}], "ScanEnabled": False}
    ses.create_receipt_rule(RuleSetName="tf-rules", Rule=rule)
    err = error_of(ses.create_receipt_rule, RuleSetName="tf-rules", Rule=rule)
    check("receipt rule: created twice", err == v1("AlreadyExists"), err=err)
    got = ses.describe_receipt_rule(RuleSetName="tf-rules", RuleName="tf-rule-1")["Rule"]
    check("receipt rule: read", got["Recipients"] == ["tf-example.com"] and got["Enabled"] is True
          and got["Actions"] == rule["Actions"], got=got)
    ses.update_receipt_rule(RuleSetName="tf-rules", Rule={**rule, "Enabled": False, "ScanEnabled": True,
                                                          "TlsPolicy": "Require"})
    got = ses.describe_receipt_rule(RuleSetName="tf-rules", RuleName="tf-rule-1")["Rule"]
    check("receipt rule: updated", got["Enabled"] is False and got["ScanEnabled"] is True
          and got["TlsPolicy"] == "Require", got=got)
    ses.create_receipt_rule(RuleSetName="tf-rules", After="tf-rule-1",
                            Rule={"Name": "tf-rule-2", "Enabled": True, "Actions": [{"StopAction": {"Scope": "RuleSet"}}]})
    names = [r["Name"] for r in ses.describe_receipt_rule_set(RuleSetName="tf-rules")["Rules"]]
    check("receipt rule: placed after the other", names == ["tf-rule-1", "tf-rule-2"], names=names)
    ses.set_receipt_rule_position(RuleSetName="tf-rules", RuleName="tf-rule-1", After="tf-rule-2")
    names = [r["Name"] for r in ses.describe_receipt_rule_set(RuleSetName="tf-rules")["Rules"]]
    check("receipt rule: moved", names == ["tf-rule-2", "tf-rule-1"], names=names)
    ses.reorder_receipt_rule_set(RuleSetName="tf-rules", RuleNames=["tf-rule-1", "tf-rule-2"])
    names = [r["Name"] for r in ses.describe_receipt_rule_set(RuleSetName="tf-rules")["Rules"]]
    check("receipt rule set: reordered", names == ["tf-rule-1", "tf-rule-2"], names=names)
    ses.delete_receipt_rule(RuleSetName="tf-rules", RuleName="tf-rule-2")
    err = error_of(ses.describe_receipt_rule, RuleSetName="tf-rules", RuleName="tf-rule-2")
    check("receipt rule: read after delete", err == v1("RuleDoesNotExist"), err=err)
    for op, kw in [(ses.update_receipt_rule, {"Rule": {"Name": "tf-rule-2"}}),
                   (ses.set_receipt_rule_position, {"RuleName": "tf-rule-2", "After": "tf-rule-1"}),
                   (ses.reorder_receipt_rule_set, {"RuleNames": ["tf-rule-2", "tf-rule-1"]})]:
        err = error_of(op, RuleSetName="tf-rules", **kw)
        check(f"receipt rule: {op.__name__} after delete", err == v1("RuleDoesNotExist"), err=err)
    # aws_ses_active_receipt_rule_set
    ses.set_active_receipt_rule_set(RuleSetName="tf-rules")
    active = ses.describe_active_receipt_rule_set()
    check("active rule set: read", active["Metadata"]["Name"] == "tf-rules"
          and [r["Name"] for r in active["Rules"]] == ["tf-rule-1"], active=active)
    err = error_of(ses.delete_receipt_rule_set, RuleSetName="tf-rules")
    check("active rule set: not deleted while active", err == v1("CannotDelete"), err=err)
    ses.set_active_receipt_rule_set()
    active = ses.describe_active_receipt_rule_set()
    check("active rule set: deactivated", "Metadata" not in active, active=active)
    err = error_of(ses.set_active_receipt_rule_set, RuleSetName="tf-missing")
    check("active rule set: an unknown set", err == v1("RuleSetDoesNotExist"), err=err)
    ses.clone_receipt_rule_set(RuleSetName="tf-rules-2", OriginalRuleSetName="tf-rules")
    names = [r["Name"] for r in ses.describe_receipt_rule_set(RuleSetName="tf-rules-2")["Rules"]]
    check("receipt rule set: cloned with its rules", names == ["tf-rule-1"], names=names)
    err = error_of(ses.clone_receipt_rule_set, RuleSetName="tf-rules-2", OriginalRuleSetName="tf-rules")
    check("receipt rule set: cloned onto an existing name", err == v1("AlreadyExists"), err=err)
    pages = list(ses.get_paginator("list_receipt_rule_sets").paginate())
    listed = sorted(m["Name"] for p in pages for m in p["RuleSets"])
    check("receipt rule set: listed", listed == ["tf-rules", "tf-rules-2"], listed=listed)
    ses.delete_receipt_rule_set(RuleSetName="tf-rules")
    ses.delete_receipt_rule_set(RuleSetName="tf-rules-2")
    for op, kw in [(ses.describe_receipt_rule_set, {}), (ses.describe_receipt_rule, {"RuleName": "tf-rule-1"}),
                   (ses.create_receipt_rule, {"Rule": rule}),
                   (ses.clone_receipt_rule_set, {"OriginalRuleSetName": "tf-rules-3"})]:
        err = error_of(op, RuleSetName="tf-rules", **kw)
        check(f"receipt rule set: {op.__name__} after delete", err == v1("RuleSetDoesNotExist"), err=err)


@section
def receipt_filter():
    f = {"Name": "tf-filter", "IpFilter": {"Policy": "Block", "Cidr": "10.0.0.0/24"}}
    ses.create_receipt_filter(Filter=f)
    err = error_of(ses.create_receipt_filter, Filter=f)
    check("receipt filter: created twice", err == v1("AlreadyExists"), err=err)
    listed = ses.list_receipt_filters()["Filters"]
    check("receipt filter: read through the list", listed == [f], listed=listed)
    ses.delete_receipt_filter(FilterName="tf-filter")
    check("receipt filter: deleted", ses.list_receipt_filters()["Filters"] == [])


@section
def template():
    t = {"TemplateName": "tf-tpl", "SubjectPart": "Hi {{name}}", "HtmlPart": "<p>Hi {{name}}</p>", "TextPart": "Hi {{name}}"}
    ses.create_template(Template=t)
    err = error_of(ses.create_template, Template=t)
    check("template: created twice", err == v1("AlreadyExists"), err=err)
    got = ses.get_template(TemplateName="tf-tpl")["Template"]
    check("template: read", got == t, got=got)
    ses.update_template(Template={**t, "SubjectPart": "Hello {{name}}"})
    got = ses.get_template(TemplateName="tf-tpl")["Template"]
    check("template: updated", got["SubjectPart"] == "Hello {{name}}", got=got)
    ses.create_template(Template={**t, "TemplateName": "tf-tpl-2"})
    pages = list(ses.get_paginator("list_templates").paginate(PaginationConfig={"PageSize": 1}))
    names = sorted(m["Name"] for p in pages for m in p["TemplatesMetadata"])
    check("template: listed one a page", names == ["tf-tpl", "tf-tpl-2"] and len(pages) >= 2, names=names, pages=len(pages))
    ses.delete_template(TemplateName="tf-tpl")
    ses.delete_template(TemplateName="tf-tpl-2")
    for op, kw in [(ses.get_template, {"TemplateName": "tf-tpl"}), (ses.update_template, {"Template": t})]:
        err = error_of(op, **kw)
        check(f"template: {op.__name__} after delete", err == v1("TemplateDoesNotExist"), err=err)


@section
def configuration_set():
    # A custom redirect domain must be a verified domain identity (API_CreateConfigurationSetTrackingOptions.html).
    ses.verify_domain_identity(Domain="track.tf-example.com")
    ses.verify_domain_identity(Domain="t2.tf-example.com")
    ses.create_configuration_set(ConfigurationSet={"Name": "tf-cs"})
    err = error_of(ses.create_configuration_set, ConfigurationSet={"Name": "tf-cs"})
    check("configuration set: created twice", err == v1("ConfigurationSetAlreadyExists"), err=err)
    attrs = ["eventDestinations", "trackingOptions", "deliveryOptions", "reputationOptions"]
    got = ses.describe_configuration_set(ConfigurationSetName="tf-cs", ConfigurationSetAttributeNames=attrs)
    check("configuration set: read", got["ConfigurationSet"] == {"Name": "tf-cs"} and got.get("EventDestinations", []) == [],
          got=got)
    ses.update_configuration_set_sending_enabled(ConfigurationSetName="tf-cs", Enabled=False)
    ses.update_configuration_set_reputation_metrics_enabled(ConfigurationSetName="tf-cs", Enabled=True)
    ses.put_configuration_set_delivery_options(ConfigurationSetName="tf-cs", DeliveryOptions={"TlsPolicy": "Require"})
    ses.create_configuration_set_tracking_options(ConfigurationSetName="tf-cs",
                                                  TrackingOptions={"CustomRedirectDomain": "track.tf-example.com"})
    err = error_of(ses.create_configuration_set_tracking_options, ConfigurationSetName="tf-cs",
                   TrackingOptions={"CustomRedirectDomain": "track.tf-example.com"})
    check("configuration set: tracking options created twice", err == v1("TrackingOptionsAlreadyExistsException"), err=err)
    got = ses.describe_configuration_set(ConfigurationSetName="tf-cs", ConfigurationSetAttributeNames=attrs)
    check("configuration set: options read back", got["DeliveryOptions"]["TlsPolicy"] == "Require"
          and got["TrackingOptions"]["CustomRedirectDomain"] == "track.tf-example.com"
          and got["ReputationOptions"]["SendingEnabled"] is False
          and got["ReputationOptions"]["ReputationMetricsEnabled"] is True, got=got)
    ses.update_configuration_set_tracking_options(ConfigurationSetName="tf-cs",
                                                  TrackingOptions={"CustomRedirectDomain": "t2.tf-example.com"})
    got = ses.describe_configuration_set(ConfigurationSetName="tf-cs", ConfigurationSetAttributeNames=attrs)
    check("configuration set: tracking options updated",
          got["TrackingOptions"]["CustomRedirectDomain"] == "t2.tf-example.com", got=got.get("TrackingOptions"))
    ses.delete_configuration_set_tracking_options(ConfigurationSetName="tf-cs")
    err = error_of(ses.delete_configuration_set_tracking_options, ConfigurationSetName="tf-cs")
    check("configuration set: tracking options deleted twice", err == v1("TrackingOptionsDoesNotExistException"), err=err)
    # aws_ses_event_destination
    dest = {"Name": "tf-dest", "Enabled": True, "MatchingEventTypes": ["send", "bounce"], "SNSDestination": {"TopicARN": TOPIC}}
    ses.create_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestination=dest)
    err = error_of(ses.create_configuration_set_event_destination, ConfigurationSetName="tf-cs", EventDestination=dest)
    check("event destination: created twice", err == v1("EventDestinationAlreadyExists"), err=err)
    ds = ses.describe_configuration_set(ConfigurationSetName="tf-cs", ConfigurationSetAttributeNames=attrs)["EventDestinations"]
    check("event destination: read", [(d["Name"], d["Enabled"], sorted(d["MatchingEventTypes"]), d["SNSDestination"]["TopicARN"])
                                      for d in ds] == [("tf-dest", True, ["bounce", "send"], TOPIC)], ds=ds)
    ses.update_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestination={
        **dest, "Enabled": False, "MatchingEventTypes": ["delivery"]})
    ds = ses.describe_configuration_set(ConfigurationSetName="tf-cs", ConfigurationSetAttributeNames=attrs)["EventDestinations"]
    check("event destination: updated", [(d["Enabled"], d["MatchingEventTypes"]) for d in ds] == [(False, ["delivery"])], ds=ds)
    ses.delete_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestinationName="tf-dest")
    err = error_of(ses.delete_configuration_set_event_destination, ConfigurationSetName="tf-cs", EventDestinationName="tf-dest")
    check("event destination: delete after delete", err == v1("EventDestinationDoesNotExist"), err=err)
    err = error_of(ses.update_configuration_set_event_destination, ConfigurationSetName="tf-cs", EventDestination=dest)
    check("event destination: update after delete", err == v1("EventDestinationDoesNotExist"), err=err)
    ses.create_configuration_set(ConfigurationSet={"Name": "tf-cs-2"})
    pages = list(ses.get_paginator("list_configuration_sets").paginate(PaginationConfig={"PageSize": 1}))
    names = sorted(c["Name"] for p in pages for c in p["ConfigurationSets"])
    check("configuration set: listed one a page", names == ["tf-cs", "tf-cs-2"] and len(pages) >= 2, names=names, pages=len(pages))
    ses.delete_configuration_set(ConfigurationSetName="tf-cs")
    ses.delete_configuration_set(ConfigurationSetName="tf-cs-2")
    ses.delete_identity(Identity="track.tf-example.com")
    ses.delete_identity(Identity="t2.tf-example.com")
    for op, kw in [(ses.describe_configuration_set, {}), (ses.delete_configuration_set, {}),
                   (ses.create_configuration_set_event_destination, {"EventDestination": dest}),
                   (ses.update_configuration_set_sending_enabled, {"Enabled": True})]:
        err = error_of(op, ConfigurationSetName="tf-cs", **kw)
        check(f"configuration set: {op.__name__} after delete", err == v1("ConfigurationSetDoesNotExist"), err=err)


@section
def identities():
    # aws_ses_domain_identity, aws_ses_domain_dkim, aws_ses_domain_mail_from, aws_ses_email_identity
    token = ses.verify_domain_identity(Domain="tf-id.example.com")["VerificationToken"]
    got = ses.get_identity_verification_attributes(Identities=["tf-id.example.com"])["VerificationAttributes"]
    check("domain identity: read with its token", got["tf-id.example.com"].get("VerificationToken") == token, got=got)
    again = ses.verify_domain_identity(Domain="tf-id.example.com")["VerificationToken"]
    check("domain identity: verifying again keeps the token", again == token, first=token, again=again)
    dkim = ses.verify_domain_dkim(Domain="tf-id.example.com")["DkimTokens"]
    got = ses.get_identity_dkim_attributes(Identities=["tf-id.example.com"])["DkimAttributes"]["tf-id.example.com"]
    check("domain DKIM: tokens read back", len(dkim) == 3 and sorted(got.get("DkimTokens", [])) == sorted(dkim), got=got)
    ses.set_identity_mail_from_domain(Identity="tf-id.example.com", MailFromDomain="bounce.tf-id.example.com",
                                      BehaviorOnMXFailure="RejectMessage")
    got = ses.get_identity_mail_from_domain_attributes(Identities=["tf-id.example.com"])["MailFromDomainAttributes"]
    mf = got["tf-id.example.com"]
    check("domain MAIL FROM: read", mf["MailFromDomain"] == "bounce.tf-id.example.com"
          and mf["BehaviorOnMXFailure"] == "RejectMessage", mf=mf)
    ses.set_identity_mail_from_domain(Identity="tf-id.example.com")
    mf = ses.get_identity_mail_from_domain_attributes(Identities=["tf-id.example.com"])["MailFromDomainAttributes"]
    check("domain MAIL FROM: removed", "MailFromDomain" not in mf.get("tf-id.example.com", {}), mf=mf)
    ses.verify_email_identity(EmailAddress="tf@elsewhere.example")
    pages = list(ses.get_paginator("list_identities").paginate(PaginationConfig={"PageSize": 1}))
    listed = sorted(i for p in pages for i in p["Identities"])
    check("identities: listed one a page", listed == ["tf-id.example.com", "tf@elsewhere.example"] and len(pages) >= 2,
          listed=listed, pages=len(pages))
    ses.delete_identity(Identity="tf-id.example.com")
    ses.delete_identity(Identity="tf@elsewhere.example")
    got = ses.get_identity_verification_attributes(Identities=["tf-id.example.com", "tf@elsewhere.example"])
    check("identities: nothing read after delete", got["VerificationAttributes"] == {}, got=got["VerificationAttributes"])


@section
def identity_policy():
    ses.verify_domain_identity(Domain="tf-example.com")
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ses:SendEmail",
        "Resource": f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/tf-example.com"}]})
    ses.put_identity_policy(Identity="tf-example.com", PolicyName="tf-policy", Policy=policy)
    got = ses.get_identity_policies(Identity="tf-example.com", PolicyNames=["tf-policy"])["Policies"]
    check("identity policy: read", json.loads(got["tf-policy"]) == json.loads(policy), got=got)
    changed = policy.replace("ses:SendEmail", "ses:SendRawEmail")
    ses.put_identity_policy(Identity="tf-example.com", PolicyName="tf-policy", Policy=changed)
    got = ses.get_identity_policies(Identity="tf-example.com", PolicyNames=["tf-policy"])["Policies"]
    check("identity policy: updated", json.loads(got["tf-policy"]) == json.loads(changed), got=got)
    names = ses.list_identity_policies(Identity="tf-example.com")["PolicyNames"]
    check("identity policy: listed", names == ["tf-policy"], names=names)
    ses.delete_identity_policy(Identity="tf-example.com", PolicyName="tf-policy")
    got = ses.get_identity_policies(Identity="tf-example.com", PolicyNames=["tf-policy"])["Policies"]
    check("identity policy: read after delete is empty", got == {}, got=got)
    check("identity policy: not listed after delete", ses.list_identity_policies(Identity="tf-example.com")["PolicyNames"] == [])


@section
def identity_notification_topic():
    for kind in ("Bounce", "Complaint", "Delivery"):
        ses.set_identity_notification_topic(Identity="tf-example.com", NotificationType=kind, SnsTopic=TOPIC)
    ses.set_identity_headers_in_notifications_enabled(Identity="tf-example.com", NotificationType="Bounce", Enabled=True)
    ses.set_identity_feedback_forwarding_enabled(Identity="tf-example.com", ForwardingEnabled=False)
    got = ses.get_identity_notification_attributes(Identities=["tf-example.com"])["NotificationAttributes"]["tf-example.com"]
    check("notification topic: read", got["BounceTopic"] == TOPIC and got["ComplaintTopic"] == TOPIC
          and got["DeliveryTopic"] == TOPIC and got["HeadersInBounceNotificationsEnabled"] is True
          and got["ForwardingEnabled"] is False, got=got)
    ses.set_identity_notification_topic(Identity="tf-example.com", NotificationType="Delivery")
    got = ses.get_identity_notification_attributes(Identities=["tf-example.com"])["NotificationAttributes"]["tf-example.com"]
    check("notification topic: removed", "DeliveryTopic" not in got and got["BounceTopic"] == TOPIC, got=got)
    ses.delete_identity(Identity="tf-example.com")
    got = ses.get_identity_notification_attributes(Identities=["tf-example.com"])["NotificationAttributes"]
    check("notification topic: nothing for a deleted identity", got == {}, got=got)
    check("identity: not listed after delete", ses.list_identities()["Identities"] == [])


finish()
