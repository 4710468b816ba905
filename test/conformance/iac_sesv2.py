"""Terraform-style lifecycles through boto3 for the SES v2 resources the aws provider and
CloudFormation create (issue 14): aws_sesv2_email_identity (+ _dkim_signing_attributes,
_feedback_attributes, _mail_from_attributes), aws_sesv2_configuration_set (+ _event_destination),
aws_sesv2_contact_list (+ contacts), AWS::SES::Template, aws_sesv2_dedicated_ip_pool,
custom verification email templates, tenants (+ resource associations) and multi-region endpoints:
create, create again (AlreadyExistsException, 400), read, update and read back, tag / list tags /
untag, list (through the paginator where the list pages), delete, and read after delete gives
NotFoundException (404).

Usage: python3 iac_sesv2.py ENDPOINT. One JSON line per check; exits non-zero if any failed.
Facts: botocore's sesv2 model (error shapes AlreadyExistsException 400, NotFoundException 404) and
the SES v2 API reference (API_CreateEmailIdentity.html, API_GetEmailIdentity.html,
API_PutEmailIdentityDkimAttributes.html, API_PutEmailIdentityFeedbackAttributes.html,
API_PutEmailIdentityMailFromAttributes.html, API_CreateConfigurationSet.html,
API_GetConfigurationSet.html, API_CreateConfigurationSetEventDestination.html,
API_CreateContactList.html, API_CreateContact.html, API_CreateEmailTemplate.html,
API_CreateDedicatedIpPool.html, API_CreateCustomVerificationEmailTemplate.html,
API_CreateTenant.html, API_CreateTenantResourceAssociation.html, API_CreateMultiRegionEndpoint.html,
API_TagResource.html).
"""
import json

from iac_common import ACCOUNT, REGION, check, client, error_of, finish, section

ses = client("sesv2")
ARN = f"arn:aws:ses:{REGION}:{ACCOUNT}"
NOT_FOUND = ("NotFoundException", 404)
EXISTS = ("AlreadyExistsException", 400)


def paged(op, **kwargs):
    """Every page of a list, one item a page (PageSize 1, NextToken by hand: botocore's sesv2 model
    has no paginators for these lists)."""
    pages, token = [], None
    while True:
        page = op(PageSize=1, **kwargs, **({"NextToken": token} if token else {}))
        pages.append(page)
        token = page.get("NextToken")
        if not token or len(pages) > 20:
            return pages


def tags_of(arn):
    return sorted((t["Key"], t["Value"]) for t in ses.list_tags_for_resource(ResourceArn=arn)["Tags"])


def tag_cycle(label, arn, created):
    """Tags given at create are read back; TagResource adds, UntagResource removes."""
    check(f"{label}: tags given at create are listed", tags_of(arn) == created, tags=tags_of(arn))
    ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "ci"}])
    ses.untag_resource(ResourceArn=arn, TagKeys=[created[0][0]])
    check(f"{label}: tagged and untagged", tags_of(arn) == [("env", "ci")], tags=tags_of(arn))


@section
def email_identity():
    created = ses.create_email_identity(EmailIdentity="tf-example.com", Tags=[{"Key": "owner", "Value": "tf"}])
    check("email identity: created as a domain", created["IdentityType"] == "DOMAIN", created=created)
    check("email identity: created twice", error_of(ses.create_email_identity, EmailIdentity="tf-example.com") == EXISTS,
          err=error_of(ses.create_email_identity, EmailIdentity="tf-example.com"))
    ses.create_email_identity(EmailIdentity="tf-sender@tf-example.com")
    got = ses.get_email_identity(EmailIdentity="tf-example.com")
    check("email identity: read", got["IdentityType"] == "DOMAIN" and got["DkimAttributes"]["SigningEnabled"] is True
          and got["FeedbackForwardingStatus"] is True, got=got)
    # aws_sesv2_email_identity_dkim_signing_attributes / _feedback_attributes / _mail_from_attributes
    ses.put_email_identity_dkim_attributes(EmailIdentity="tf-example.com", SigningEnabled=False)
    ses.put_email_identity_feedback_attributes(EmailIdentity="tf-example.com", EmailForwardingEnabled=False)
    ses.put_email_identity_mail_from_attributes(EmailIdentity="tf-example.com", MailFromDomain="bounce.tf-example.com",
                                                BehaviorOnMxFailure="REJECT_MESSAGE")
    got = ses.get_email_identity(EmailIdentity="tf-example.com")
    check("email identity: DKIM signing turned off", got["DkimAttributes"]["SigningEnabled"] is False, dkim=got["DkimAttributes"])
    check("email identity: feedback forwarding turned off", got["FeedbackForwardingStatus"] is False)
    mf = got["MailFromAttributes"]
    check("email identity: MAIL FROM read back", mf["MailFromDomain"] == "bounce.tf-example.com"
          and mf["BehaviorOnMxFailure"] == "REJECT_MESSAGE", mail_from=mf)
    ses.put_email_identity_mail_from_attributes(EmailIdentity="tf-example.com")
    got = ses.get_email_identity(EmailIdentity="tf-example.com")
    check("email identity: MAIL FROM removed", "MailFromDomain" not in got.get("MailFromAttributes", {}),
          mail_from=got.get("MailFromAttributes"))
    # aws_sesv2_email_identity's dkim_signing_attributes: Easy DKIM with the next key length.
    signed = ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="tf-example.com", SigningAttributesOrigin="AWS_SES",
        SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"})
    check("email identity: DKIM signing attributes answer the tokens", len(signed.get("DkimTokens", [])) == 3, signed=signed)
    got = ses.get_email_identity(EmailIdentity="tf-example.com")["DkimAttributes"]
    check("email identity: DKIM next key length read back", got.get("SigningAttributesOrigin") == "AWS_SES"
          and got.get("NextSigningKeyLength") == "RSA_1024_BIT", dkim=got)
    # aws_sesv2_email_identity's configuration_set_name
    ses.create_configuration_set(ConfigurationSetName="tf-identity-cs")
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="tf-example.com", ConfigurationSetName="tf-identity-cs")
    got = ses.get_email_identity(EmailIdentity="tf-example.com")
    check("email identity: default configuration set read back", got.get("ConfigurationSetName") == "tf-identity-cs", got=got)
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="tf-example.com")
    got = ses.get_email_identity(EmailIdentity="tf-example.com")
    check("email identity: default configuration set removed", "ConfigurationSetName" not in got, got=got)
    ses.delete_configuration_set(ConfigurationSetName="tf-identity-cs")
    # aws_sesv2_email_identity_policy
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ses:SendEmail",
        "Resource": f"{ARN}:identity/tf-example.com"}]})
    ses.create_email_identity_policy(EmailIdentity="tf-example.com", PolicyName="tf-policy", Policy=policy)
    err = error_of(ses.create_email_identity_policy, EmailIdentity="tf-example.com", PolicyName="tf-policy", Policy=policy)
    check("email identity policy: created twice", err == EXISTS, err=err)
    got = ses.get_email_identity_policies(EmailIdentity="tf-example.com")["Policies"]
    check("email identity policy: read", list(got) == ["tf-policy"] and json.loads(got["tf-policy"]) == json.loads(policy), got=got)
    changed = policy.replace("ses:SendEmail", "ses:SendRawEmail")
    ses.update_email_identity_policy(EmailIdentity="tf-example.com", PolicyName="tf-policy", Policy=changed)
    got = ses.get_email_identity_policies(EmailIdentity="tf-example.com")["Policies"]
    check("email identity policy: updated", json.loads(got["tf-policy"]) == json.loads(changed), got=got)
    ses.delete_email_identity_policy(EmailIdentity="tf-example.com", PolicyName="tf-policy")
    check("email identity policy: deleted", ses.get_email_identity_policies(EmailIdentity="tf-example.com")["Policies"] == {})
    for op, kw in [(ses.delete_email_identity_policy, {}), (ses.update_email_identity_policy, {"Policy": policy})]:
        err = error_of(op, EmailIdentity="tf-example.com", PolicyName="tf-policy", **kw)
        check(f"email identity policy: {op.__name__} after delete", err == NOT_FOUND, err=err)
    tag_cycle("email identity", f"{ARN}:identity/tf-example.com", [("owner", "tf")])
    read_tags = ses.get_email_identity(EmailIdentity="tf-example.com").get("Tags")
    check("email identity: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    pages = paged(ses.list_email_identities)
    names = sorted(i["IdentityName"] for p in pages for i in p["EmailIdentities"])
    check("email identity: listed one a page", names == ["tf-example.com", "tf-sender@tf-example.com"] and len(pages) >= 2,
          names=names, pages=len(pages))
    ses.delete_email_identity(EmailIdentity="tf-example.com")
    ses.delete_email_identity(EmailIdentity="tf-sender@tf-example.com")
    for op, kw in [(ses.get_email_identity, {}), (ses.delete_email_identity, {}),
                   (ses.put_email_identity_feedback_attributes, {"EmailForwardingEnabled": True})]:
        err = error_of(op, EmailIdentity="tf-example.com", **kw)
        check(f"email identity: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def configuration_set():
    ses.create_configuration_set(
        ConfigurationSetName="tf-cs", Tags=[{"Key": "owner", "Value": "tf"}],
        TrackingOptions={"CustomRedirectDomain": "track.tf-example.com"},
        DeliveryOptions={"TlsPolicy": "REQUIRE"}, ReputationOptions={"ReputationMetricsEnabled": True},
        SendingOptions={"SendingEnabled": True}, SuppressionOptions={"SuppressedReasons": ["BOUNCE"]})
    err = error_of(ses.create_configuration_set, ConfigurationSetName="tf-cs")
    check("configuration set: created twice", err == EXISTS, err=err)
    got = ses.get_configuration_set(ConfigurationSetName="tf-cs")
    check("configuration set: read with its options", got["ConfigurationSetName"] == "tf-cs"
          and got["TrackingOptions"]["CustomRedirectDomain"] == "track.tf-example.com"
          and got["DeliveryOptions"]["TlsPolicy"] == "REQUIRE"
          and got["ReputationOptions"]["ReputationMetricsEnabled"] is True
          and got["SendingOptions"]["SendingEnabled"] is True
          and got["SuppressionOptions"]["SuppressedReasons"] == ["BOUNCE"], got=got)
    # Each option block of aws_sesv2_configuration_set is updated by its own Put call.
    ses.put_configuration_set_sending_options(ConfigurationSetName="tf-cs", SendingEnabled=False)
    ses.put_configuration_set_reputation_options(ConfigurationSetName="tf-cs", ReputationMetricsEnabled=False)
    ses.put_configuration_set_delivery_options(ConfigurationSetName="tf-cs", TlsPolicy="OPTIONAL")
    ses.put_configuration_set_suppression_options(ConfigurationSetName="tf-cs", SuppressedReasons=["BOUNCE", "COMPLAINT"])
    ses.put_configuration_set_tracking_options(ConfigurationSetName="tf-cs", CustomRedirectDomain="t2.tf-example.com")
    ses.put_configuration_set_vdm_options(ConfigurationSetName="tf-cs", VdmOptions={
        "DashboardOptions": {"EngagementMetrics": "ENABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "DISABLED"}})
    got = ses.get_configuration_set(ConfigurationSetName="tf-cs")
    check("configuration set: sending options updated", got["SendingOptions"]["SendingEnabled"] is False, got=got.get("SendingOptions"))
    check("configuration set: reputation options updated", got["ReputationOptions"]["ReputationMetricsEnabled"] is False,
          got=got.get("ReputationOptions"))
    check("configuration set: delivery options updated", got["DeliveryOptions"]["TlsPolicy"] == "OPTIONAL", got=got.get("DeliveryOptions"))
    check("configuration set: suppression options updated",
          sorted(got["SuppressionOptions"]["SuppressedReasons"]) == ["BOUNCE", "COMPLAINT"], got=got.get("SuppressionOptions"))
    check("configuration set: tracking options updated",
          got["TrackingOptions"]["CustomRedirectDomain"] == "t2.tf-example.com", got=got.get("TrackingOptions"))
    check("configuration set: VDM options updated",
          got.get("VdmOptions", {}).get("DashboardOptions", {}).get("EngagementMetrics") == "ENABLED"
          and got["VdmOptions"]["GuardianOptions"]["OptimizedSharedDelivery"] == "DISABLED", got=got.get("VdmOptions"))
    # aws_sesv2_configuration_set_event_destination
    dest = {"Enabled": True, "MatchingEventTypes": ["SEND", "BOUNCE"],
            "SnsDestination": {"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:tf-topic"}}
    ses.create_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestinationName="tf-dest",
                                                   EventDestination=dest)
    err = error_of(ses.create_configuration_set_event_destination, ConfigurationSetName="tf-cs",
                   EventDestinationName="tf-dest", EventDestination=dest)
    check("event destination: created twice", err == EXISTS, err=err)
    ds = ses.get_configuration_set_event_destinations(ConfigurationSetName="tf-cs")["EventDestinations"]
    check("event destination: read", [(d["Name"], d["Enabled"], sorted(d["MatchingEventTypes"])) for d in ds]
          == [("tf-dest", True, ["BOUNCE", "SEND"])], ds=ds)
    ses.update_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestinationName="tf-dest",
                                                   EventDestination={**dest, "Enabled": False, "MatchingEventTypes": ["DELIVERY"]})
    ds = ses.get_configuration_set_event_destinations(ConfigurationSetName="tf-cs")["EventDestinations"]
    check("event destination: updated", [(d["Enabled"], d["MatchingEventTypes"]) for d in ds] == [(False, ["DELIVERY"])], ds=ds)
    ses.delete_configuration_set_event_destination(ConfigurationSetName="tf-cs", EventDestinationName="tf-dest")
    ds = ses.get_configuration_set_event_destinations(ConfigurationSetName="tf-cs")["EventDestinations"]
    check("event destination: deleted", ds == [], ds=ds)
    for op, kw in [(ses.delete_configuration_set_event_destination, {}),
                   (ses.update_configuration_set_event_destination, {"EventDestination": dest})]:
        err = error_of(op, ConfigurationSetName="tf-cs", EventDestinationName="tf-dest", **kw)
        check(f"event destination: {op.__name__} after delete", err == NOT_FOUND, err=err)
    tag_cycle("configuration set", f"{ARN}:configuration-set/tf-cs", [("owner", "tf")])
    read_tags = ses.get_configuration_set(ConfigurationSetName="tf-cs").get("Tags")
    check("configuration set: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    ses.create_configuration_set(ConfigurationSetName="tf-cs-2")
    pages = paged(ses.list_configuration_sets)
    names = sorted(n for p in pages for n in p["ConfigurationSets"])
    check("configuration set: listed one a page", names == ["tf-cs", "tf-cs-2"] and len(pages) >= 2, names=names, pages=len(pages))
    ses.delete_configuration_set(ConfigurationSetName="tf-cs")
    ses.delete_configuration_set(ConfigurationSetName="tf-cs-2")
    for op, kw in [(ses.get_configuration_set, {}), (ses.delete_configuration_set, {}),
                   (ses.get_configuration_set_event_destinations, {}),
                   (ses.put_configuration_set_sending_options, {"SendingEnabled": True})]:
        err = error_of(op, ConfigurationSetName="tf-cs", **kw)
        check(f"configuration set: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def contact_list():
    topics = [{"TopicName": "news", "DisplayName": "News", "DefaultSubscriptionStatus": "OPT_IN"}]
    ses.create_contact_list(ContactListName="tf-list", Topics=topics, Description="first",
                            Tags=[{"Key": "owner", "Value": "tf"}])
    err = error_of(ses.create_contact_list, ContactListName="tf-list")
    check("contact list: created twice", err == EXISTS, err=err)
    got = ses.get_contact_list(ContactListName="tf-list")
    check("contact list: read", got["Description"] == "first" and [t["TopicName"] for t in got["Topics"]] == ["news"], got=got)
    ses.update_contact_list(ContactListName="tf-list", Description="second", Topics=topics + [
        {"TopicName": "offers", "DisplayName": "Offers", "DefaultSubscriptionStatus": "OPT_OUT"}])
    got = ses.get_contact_list(ContactListName="tf-list")
    check("contact list: updated", got["Description"] == "second"
          and sorted(t["TopicName"] for t in got["Topics"]) == ["news", "offers"], got=got)
    tag_cycle("contact list", f"{ARN}:contact-list/tf-list", [("owner", "tf")])
    read_tags = ses.get_contact_list(ContactListName="tf-list").get("Tags")
    check("contact list: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    listed = [c["ContactListName"] for c in ses.list_contact_lists()["ContactLists"]]
    check("contact list: listed", listed == ["tf-list"], listed=listed)
    # contacts of the list
    ses.create_contact(ContactListName="tf-list", EmailAddress="a@tf-example.com", AttributesData='{"n":1}',
                       TopicPreferences=[{"TopicName": "offers", "SubscriptionStatus": "OPT_IN"}])
    ses.create_contact(ContactListName="tf-list", EmailAddress="b@tf-example.com")
    err = error_of(ses.create_contact, ContactListName="tf-list", EmailAddress="a@tf-example.com")
    check("contact: created twice", err == EXISTS, err=err)
    c = ses.get_contact(ContactListName="tf-list", EmailAddress="a@tf-example.com")
    check("contact: read", c["AttributesData"] == '{"n":1}' and c["UnsubscribeAll"] is False
          and {(t["TopicName"], t["SubscriptionStatus"]) for t in c["TopicPreferences"]} == {("offers", "OPT_IN")}, c=c)
    ses.update_contact(ContactListName="tf-list", EmailAddress="a@tf-example.com", UnsubscribeAll=True)
    c = ses.get_contact(ContactListName="tf-list", EmailAddress="a@tf-example.com")
    check("contact: updated", c["UnsubscribeAll"] is True, c=c)
    pages = paged(ses.list_contacts, ContactListName="tf-list")
    emails = sorted(x["EmailAddress"] for p in pages for x in p["Contacts"])
    check("contact: listed one a page", emails == ["a@tf-example.com", "b@tf-example.com"] and len(pages) >= 2,
          emails=emails, pages=len(pages))
    ses.delete_contact(ContactListName="tf-list", EmailAddress="a@tf-example.com")
    err = error_of(ses.get_contact, ContactListName="tf-list", EmailAddress="a@tf-example.com")
    check("contact: read after delete", err == NOT_FOUND, err=err)
    ses.delete_contact_list(ContactListName="tf-list")
    for op in (ses.get_contact_list, ses.delete_contact_list, ses.list_contacts, ses.update_contact_list):
        err = error_of(op, ContactListName="tf-list")
        check(f"contact list: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def email_template():
    content = {"Subject": "Hi {{name}}", "Html": "<p>Hi {{name}}</p>", "Text": "Hi {{name}}"}
    ses.create_email_template(TemplateName="tf-tpl", TemplateContent=content, Tags=[{"Key": "owner", "Value": "tf"}])
    err = error_of(ses.create_email_template, TemplateName="tf-tpl", TemplateContent=content)
    check("email template: created twice", err == EXISTS, err=err)
    got = ses.get_email_template(TemplateName="tf-tpl")
    check("email template: read", got["TemplateContent"] == content, got=got)
    ses.update_email_template(TemplateName="tf-tpl", TemplateContent={**content, "Subject": "Hello {{name}}"})
    got = ses.get_email_template(TemplateName="tf-tpl")
    check("email template: updated", got["TemplateContent"]["Subject"] == "Hello {{name}}", got=got)
    tag_cycle("email template", f"{ARN}:template/tf-tpl", [("owner", "tf")])
    read_tags = ses.get_email_template(TemplateName="tf-tpl").get("Tags")
    check("email template: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    ses.create_email_template(TemplateName="tf-tpl-2", TemplateContent=content)
    pages = paged(ses.list_email_templates)
    names = sorted(t["TemplateName"] for p in pages for t in p["TemplatesMetadata"])
    check("email template: listed one a page", names == ["tf-tpl", "tf-tpl-2"] and len(pages) >= 2, names=names, pages=len(pages))
    ses.delete_email_template(TemplateName="tf-tpl")
    ses.delete_email_template(TemplateName="tf-tpl-2")
    for op, kw in [(ses.get_email_template, {}), (ses.delete_email_template, {}),
                   (ses.update_email_template, {"TemplateContent": content})]:
        err = error_of(op, TemplateName="tf-tpl", **kw)
        check(f"email template: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def dedicated_ip_pool():
    ses.create_dedicated_ip_pool(PoolName="tf-pool", ScalingMode="STANDARD", Tags=[{"Key": "owner", "Value": "tf"}])
    err = error_of(ses.create_dedicated_ip_pool, PoolName="tf-pool")
    check("dedicated IP pool: created twice", err == EXISTS, err=err)
    got = ses.get_dedicated_ip_pool(PoolName="tf-pool")["DedicatedIpPool"]
    check("dedicated IP pool: read", got == {"PoolName": "tf-pool", "ScalingMode": "STANDARD"}, got=got)
    ses.put_dedicated_ip_pool_scaling_attributes(PoolName="tf-pool", ScalingMode="MANAGED")
    got = ses.get_dedicated_ip_pool(PoolName="tf-pool")["DedicatedIpPool"]
    check("dedicated IP pool: scaling mode updated", got["ScalingMode"] == "MANAGED", got=got)
    tag_cycle("dedicated IP pool", f"{ARN}:dedicated-ip-pool/tf-pool", [("owner", "tf")])
    ses.create_dedicated_ip_pool(PoolName="tf-pool-2")
    pages = paged(ses.list_dedicated_ip_pools)
    names = sorted(n for p in pages for n in p["DedicatedIpPools"])
    check("dedicated IP pool: listed one a page", names == ["tf-pool", "tf-pool-2"] and len(pages) >= 2,
          names=names, pages=len(pages))
    ses.delete_dedicated_ip_pool(PoolName="tf-pool")
    ses.delete_dedicated_ip_pool(PoolName="tf-pool-2")
    for op, kw in [(ses.get_dedicated_ip_pool, {}), (ses.delete_dedicated_ip_pool, {}),
                   (ses.put_dedicated_ip_pool_scaling_attributes, {"ScalingMode": "MANAGED"})]:
        err = error_of(op, PoolName="tf-pool", **kw)
        check(f"dedicated IP pool: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def custom_verification_email_template():
    body = dict(FromEmailAddress="verify@tf-example.com", TemplateSubject="Verify",
                TemplateContent="<p>Please verify</p>", SuccessRedirectionURL="https://tf-example.com/ok",
                FailureRedirectionURL="https://tf-example.com/ko")
    ses.create_email_identity(EmailIdentity="cv.tf-example.com")  # the From address must be verified
    body["FromEmailAddress"] = "verify@cv.tf-example.com"
    ses.create_custom_verification_email_template(TemplateName="tf-cvet", Tags=[{"Key": "owner", "Value": "tf"}], **body)
    err = error_of(ses.create_custom_verification_email_template, TemplateName="tf-cvet", **body)
    check("custom verification template: created twice", err == EXISTS, err=err)
    got = ses.get_custom_verification_email_template(TemplateName="tf-cvet")
    check("custom verification template: read", got["TemplateSubject"] == "Verify"
          and got["FromEmailAddress"] == "verify@cv.tf-example.com", got=got)
    ses.update_custom_verification_email_template(TemplateName="tf-cvet", **{**body, "TemplateSubject": "Verify now"})
    got = ses.get_custom_verification_email_template(TemplateName="tf-cvet")
    check("custom verification template: updated", got["TemplateSubject"] == "Verify now", got=got)
    tag_cycle("custom verification template", f"{ARN}:custom-verification-email-template/tf-cvet", [("owner", "tf")])
    read_tags = ses.get_custom_verification_email_template(TemplateName="tf-cvet").get("Tags")
    check("custom verification template: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    ses.create_custom_verification_email_template(TemplateName="tf-cvet-2", **body)
    pages = paged(ses.list_custom_verification_email_templates)
    names = sorted(t["TemplateName"] for p in pages for t in p["CustomVerificationEmailTemplates"])
    check("custom verification template: listed one a page", names == ["tf-cvet", "tf-cvet-2"] and len(pages) >= 2,
          names=names, pages=len(pages))
    ses.delete_custom_verification_email_template(TemplateName="tf-cvet")
    ses.delete_custom_verification_email_template(TemplateName="tf-cvet-2")
    for op, kw in [(ses.get_custom_verification_email_template, {}), (ses.delete_custom_verification_email_template, {}),
                   (ses.update_custom_verification_email_template, body)]:
        err = error_of(op, TemplateName="tf-cvet", **kw)
        check(f"custom verification template: {op.__name__} after delete", err == NOT_FOUND, err=err)
    ses.delete_email_identity(EmailIdentity="cv.tf-example.com")


@section
def tenant():
    t = ses.create_tenant(TenantName="tf-tenant", Tags=[{"Key": "owner", "Value": "tf"}])
    check("tenant: created", t["TenantName"] == "tf-tenant" and t["TenantArn"].startswith(f"{ARN}:tenant/tf-tenant/"), t=t)
    err = error_of(ses.create_tenant, TenantName="tf-tenant")
    check("tenant: created twice", err == EXISTS, err=err)
    got = ses.get_tenant(TenantName="tf-tenant")["Tenant"]
    check("tenant: read", got["TenantArn"] == t["TenantArn"] and got["TenantId"] == t["TenantId"], got=got)
    tag_cycle("tenant", t["TenantArn"], [("owner", "tf")])
    read_tags = ses.get_tenant(TenantName="tf-tenant")["Tenant"].get("Tags")
    check("tenant: its read answers the tags", read_tags == [{"Key": "env", "Value": "ci"}], tags=read_tags)
    ses.create_configuration_set(ConfigurationSetName="tf-tenant-cs")
    cs_arn = f"{ARN}:configuration-set/tf-tenant-cs"
    ses.create_tenant_resource_association(TenantName="tf-tenant", ResourceArn=cs_arn)
    err = error_of(ses.create_tenant_resource_association, TenantName="tf-tenant", ResourceArn=cs_arn)
    check("tenant resource association: created twice", err == EXISTS, err=err)
    res = ses.list_tenant_resources(TenantName="tf-tenant")["TenantResources"]
    check("tenant resource association: listed for the tenant", [r["ResourceArn"] for r in res] == [cs_arn], res=res)
    ten = ses.list_resource_tenants(ResourceArn=cs_arn)["ResourceTenants"]
    check("tenant resource association: listed for the resource", [x["TenantName"] for x in ten] == ["tf-tenant"], ten=ten)
    ses.delete_tenant_resource_association(TenantName="tf-tenant", ResourceArn=cs_arn)
    check("tenant resource association: deleted", ses.list_tenant_resources(TenantName="tf-tenant")["TenantResources"] == [])
    ses.create_tenant(TenantName="tf-tenant-2")
    pages = paged(ses.list_tenants)
    names = sorted(x["TenantName"] for p in pages for x in p["Tenants"])
    check("tenant: listed one a page", names == ["tf-tenant", "tf-tenant-2"] and len(pages) >= 2, names=names, pages=len(pages))
    ses.delete_tenant(TenantName="tf-tenant")
    ses.delete_tenant(TenantName="tf-tenant-2")
    ses.delete_configuration_set(ConfigurationSetName="tf-tenant-cs")
    for op, kw in [(ses.get_tenant, {}), (ses.delete_tenant, {}), (ses.list_tenant_resources, {}),
                   (ses.create_tenant_resource_association, {"ResourceArn": cs_arn})]:
        err = error_of(op, TenantName="tf-tenant", **kw)
        check(f"tenant: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def multi_region_endpoint():
    details = {"RoutesDetails": [{"Region": "us-west-2"}]}
    m = ses.create_multi_region_endpoint(EndpointName="tf-mre", Details=details, Tags=[{"Key": "owner", "Value": "tf"}])
    check("multi-region endpoint: created", m["Status"] in ("CREATING", "READY") and m["EndpointId"], m=m)
    err = error_of(ses.create_multi_region_endpoint, EndpointName="tf-mre", Details=details)
    check("multi-region endpoint: created twice", err == EXISTS, err=err)
    got = ses.get_multi_region_endpoint(EndpointName="tf-mre")
    check("multi-region endpoint: read", got["EndpointName"] == "tf-mre" and got["EndpointId"] == m["EndpointId"]
          and sorted(r["Region"] for r in got["Routes"]) == ["us-east-1", "us-west-2"], got=got)
    tag_cycle("multi-region endpoint", f"{ARN}:multi-region-endpoint/tf-mre", [("owner", "tf")])
    ses.create_multi_region_endpoint(EndpointName="tf-mre-2", Details=details)
    pages = paged(ses.list_multi_region_endpoints)
    names = sorted(x["EndpointName"] for p in pages for x in p["MultiRegionEndpoints"])
    check("multi-region endpoint: listed one a page", names == ["tf-mre", "tf-mre-2"] and len(pages) >= 2,
          names=names, pages=len(pages))
    ses.delete_multi_region_endpoint(EndpointName="tf-mre")
    ses.delete_multi_region_endpoint(EndpointName="tf-mre-2")
    for op in (ses.get_multi_region_endpoint, ses.delete_multi_region_endpoint):
        err = error_of(op, EndpointName="tf-mre")
        check(f"multi-region endpoint: {op.__name__} after delete", err == NOT_FOUND, err=err)


finish()
