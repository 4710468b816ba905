"""Terraform-style lifecycles through boto3 for the Pinpoint resources the aws provider and
CloudFormation create (issue 14): aws_pinpoint_app (+ its settings: limits, quiet time),
aws_pinpoint_email_channel, aws_pinpoint_sms_channel, AWS::Pinpoint::Segment, AWS::Pinpoint::Campaign,
journeys, AWS::Pinpoint::EmailTemplate / SmsTemplate / PushTemplate (+ versions),
aws_pinpoint_event_stream and tags: create, read, update and read back, tag / list tags / untag,
list (one a page where the list pages), delete, and read after delete gives NotFoundException (404).

Usage: python3 iac_pinpoint.py ENDPOINT. One JSON line per check; exits non-zero if any failed.
Facts: botocore's pinpoint model (error shapes BadRequestException 400, NotFoundException 404; it has
no AlreadyExists shape) and the Pinpoint API reference (apps.html, apps-application-id.html,
apps-application-id-settings.html, apps-application-id-channels-email.html,
apps-application-id-channels-sms.html, apps-application-id-segments.html,
apps-application-id-campaigns.html, apps-application-id-journeys.html, templates-template-name-email.html,
templates-template-name-sms.html, templates-template-name-push.html,
templates-template-name-template-type-versions.html, apps-application-id-eventstream.html,
tags-resource-arn.html).
"""
from iac_common import ACCOUNT, REGION, check, client, error_of, finish, section

pp = client("pinpoint")
iam = client("iam")
sesv2 = client("sesv2")
NOT_FOUND = ("NotFoundException", 404)
ARN = f"arn:aws:mobiletargeting:{REGION}:{ACCOUNT}"
FUTURE = "2100-01-01T00:00:00Z"


def tags_of(arn):
    return pp.list_tags_for_resource(ResourceArn=arn)["TagsModel"]["tags"]


def tag_cycle(label, arn, at_create=True):
    """Tags given at create ({"owner": "tf"}) are read back; TagResource adds, UntagResource removes."""
    if not at_create:
        pp.tag_resource(ResourceArn=arn, TagsModel={"tags": {"owner": "tf"}})
    check(f"{label}: tags given at create are listed", tags_of(arn) == {"owner": "tf"}, tags=tags_of(arn))
    pp.tag_resource(ResourceArn=arn, TagsModel={"tags": {"env": "ci"}})
    pp.untag_resource(ResourceArn=arn, TagKeys=["owner"])
    check(f"{label}: tagged and untagged", tags_of(arn) == {"env": "ci"}, tags=tags_of(arn))


def all_pages(op, key, **kwargs):
    """Every item of a Pinpoint list read one a page (PageSize "1", Token/NextToken by hand)."""
    items, token, pages = [], None, 0
    while True:
        page = op(PageSize="1", **kwargs, **({"Token": token} if token else {}))
        body = page[key]
        items += body.get("Item", [])
        pages += 1
        token = body.get("NextToken")
        if not token or pages > 20:
            return items, pages


APP = pp.create_app(CreateApplicationRequest={"Name": "tf-app", "tags": {"owner": "tf"}})["ApplicationResponse"]
APP_ID = APP["Id"]


@section
def app():
    check("app: created", APP["Name"] == "tf-app" and APP["Arn"] == f"{ARN}:apps/{APP_ID}", app=APP)
    got = pp.get_app(ApplicationId=APP_ID)["ApplicationResponse"]
    check("app: read", got["Id"] == APP_ID and got["Name"] == "tf-app" and got["tags"] == {"owner": "tf"}, got=got)
    tag_cycle("app", APP["Arn"])
    other = pp.create_app(CreateApplicationRequest={"Name": "tf-app-2"})["ApplicationResponse"]["Id"]
    items, pages = all_pages(pp.get_apps, "ApplicationsResponse")
    check("app: listed one a page", sorted(a["Name"] for a in items) == ["tf-app", "tf-app-2"] and pages >= 2,
          names=[a["Name"] for a in items], pages=pages)
    pp.delete_app(ApplicationId=other)
    for op in (pp.get_app, pp.delete_app, pp.get_application_settings):
        err = error_of(op, ApplicationId=other)
        check(f"app: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def application_settings():
    pp.update_application_settings(ApplicationId=APP_ID, WriteApplicationSettingsRequest={
        "Limits": {"Daily": 50, "MaximumDuration": 600, "MessagesPerSecond": 50, "Total": 10},
        "QuietTime": {"Start": "22:00", "End": "06:00"}})
    got = pp.get_application_settings(ApplicationId=APP_ID)["ApplicationSettingsResource"]
    check("application settings: read", got["Limits"]["Daily"] == 50 and got["Limits"]["Total"] == 10
          and got["QuietTime"] == {"Start": "22:00", "End": "06:00"}, got=got)
    pp.update_application_settings(ApplicationId=APP_ID, WriteApplicationSettingsRequest={
        "Limits": {"Daily": 80}, "QuietTime": {"Start": "23:00", "End": "07:00"}})
    got = pp.get_application_settings(ApplicationId=APP_ID)["ApplicationSettingsResource"]
    check("application settings: updated", got["Limits"]["Daily"] == 80
          and got["QuietTime"] == {"Start": "23:00", "End": "07:00"}, got=got)


@section
def email_channel():
    sesv2.create_email_identity(EmailIdentity="tf-example.com")
    identity = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/tf-example.com"
    pp.update_email_channel(ApplicationId=APP_ID, EmailChannelRequest={
        "FromAddress": "news@tf-example.com", "Identity": identity, "Enabled": True})
    got = pp.get_email_channel(ApplicationId=APP_ID)["EmailChannelResponse"]
    check("email channel: read", got["FromAddress"] == "news@tf-example.com" and got["Identity"] == identity
          and got["Enabled"] is True and got["ApplicationId"] == APP_ID, got=got)
    pp.update_email_channel(ApplicationId=APP_ID, EmailChannelRequest={
        "FromAddress": "hello@tf-example.com", "Identity": identity, "Enabled": False})
    got = pp.get_email_channel(ApplicationId=APP_ID)["EmailChannelResponse"]
    check("email channel: updated", got["FromAddress"] == "hello@tf-example.com" and got["Enabled"] is False, got=got)
    channels = pp.get_channels(ApplicationId=APP_ID)["ChannelsResponse"]["Channels"]
    check("email channel: listed among the channels", "EMAIL" in channels, channels=list(channels))
    pp.delete_email_channel(ApplicationId=APP_ID)
    err = error_of(pp.get_email_channel, ApplicationId=APP_ID)
    check("email channel: read after delete", err == NOT_FOUND, err=err)
    sesv2.delete_email_identity(EmailIdentity="tf-example.com")


@section
def sms_channel():
    pp.update_sms_channel(ApplicationId=APP_ID, SMSChannelRequest={"Enabled": True, "SenderId": "TFSENDER"})
    got = pp.get_sms_channel(ApplicationId=APP_ID)["SMSChannelResponse"]
    check("sms channel: read", got["Enabled"] is True and got["SenderId"] == "TFSENDER", got=got)
    pp.update_sms_channel(ApplicationId=APP_ID, SMSChannelRequest={"Enabled": False, "SenderId": "TFOTHER"})
    got = pp.get_sms_channel(ApplicationId=APP_ID)["SMSChannelResponse"]
    check("sms channel: updated", got["Enabled"] is False and got["SenderId"] == "TFOTHER", got=got)
    pp.delete_sms_channel(ApplicationId=APP_ID)
    err = error_of(pp.get_sms_channel, ApplicationId=APP_ID)
    check("sms channel: read after delete", err == NOT_FOUND, err=err)


def segment_request(name, tags=None):
    return {"Name": name, "Dimensions": {"Demographic": {"Channel": {"Values": ["EMAIL"]}}},
            **({"tags": tags} if tags else {})}


@section
def segment():
    s = pp.create_segment(ApplicationId=APP_ID, WriteSegmentRequest=segment_request("tf-seg", {"owner": "tf"}))["SegmentResponse"]
    check("segment: created", s["Name"] == "tf-seg" and s["Version"] == 1
          and s["Arn"] == f"{ARN}:apps/{APP_ID}/segments/{s['Id']}", s=s)
    got = pp.get_segment(ApplicationId=APP_ID, SegmentId=s["Id"])["SegmentResponse"]
    check("segment: read", got["Name"] == "tf-seg" and got["Dimensions"]["Demographic"]["Channel"]["Values"] == ["EMAIL"], got=got)
    pp.update_segment(ApplicationId=APP_ID, SegmentId=s["Id"], WriteSegmentRequest={
        "Name": "tf-seg-renamed", "Dimensions": {"Demographic": {"Channel": {"Values": ["SMS"]}}}})
    got = pp.get_segment(ApplicationId=APP_ID, SegmentId=s["Id"])["SegmentResponse"]
    check("segment: updated to a new version", got["Name"] == "tf-seg-renamed" and got["Version"] == 2, got=got)
    v1 = pp.get_segment_version(ApplicationId=APP_ID, SegmentId=s["Id"], Version="1")["SegmentResponse"]
    check("segment: first version kept", v1["Name"] == "tf-seg" and v1["Version"] == 1, v1=v1)
    tag_cycle("segment", s["Arn"])
    other = pp.create_segment(ApplicationId=APP_ID, WriteSegmentRequest=segment_request("tf-seg-2"))["SegmentResponse"]["Id"]
    items, pages = all_pages(pp.get_segments, "SegmentsResponse", ApplicationId=APP_ID)
    check("segment: listed one a page", sorted(x["Name"] for x in items) == ["tf-seg-2", "tf-seg-renamed"] and pages >= 2,
          names=[x["Name"] for x in items], pages=pages)
    pp.delete_segment(ApplicationId=APP_ID, SegmentId=other)
    pp.delete_segment(ApplicationId=APP_ID, SegmentId=s["Id"])
    for op, kw in [(pp.get_segment, {}), (pp.delete_segment, {}), (pp.get_segment_versions, {}),
                   (pp.update_segment, {"WriteSegmentRequest": segment_request("tf-seg")})]:
        err = error_of(op, ApplicationId=APP_ID, SegmentId=s["Id"], **kw)
        check(f"segment: {op.__name__} after delete", err == NOT_FOUND, err=err)


@section
def campaign():
    seg = pp.create_segment(ApplicationId=APP_ID, WriteSegmentRequest=segment_request("tf-camp-seg"))["SegmentResponse"]["Id"]
    body = {"Name": "tf-camp", "SegmentId": seg, "Schedule": {"StartTime": FUTURE, "Frequency": "ONCE"},
            "MessageConfiguration": {"EmailMessage": {"Title": "Hi", "HtmlBody": "<p>Hi</p>", "FromAddress": "a@tf-example.com"}}}
    c = pp.create_campaign(ApplicationId=APP_ID, WriteCampaignRequest={**body, "tags": {"owner": "tf"}})["CampaignResponse"]
    check("campaign: created", c["Name"] == "tf-camp" and c["Version"] == 1
          and c["Arn"] == f"{ARN}:apps/{APP_ID}/campaigns/{c['Id']}", c=c)
    got = pp.get_campaign(ApplicationId=APP_ID, CampaignId=c["Id"])["CampaignResponse"]
    check("campaign: read", got["SegmentId"] == seg and got["Schedule"]["Frequency"] == "ONCE", got=got)
    pp.update_campaign(ApplicationId=APP_ID, CampaignId=c["Id"], WriteCampaignRequest={**body, "Name": "tf-camp-renamed"})
    got = pp.get_campaign(ApplicationId=APP_ID, CampaignId=c["Id"])["CampaignResponse"]
    check("campaign: updated to a new version", got["Name"] == "tf-camp-renamed" and got["Version"] == 2, got=got)
    versions = pp.get_campaign_versions(ApplicationId=APP_ID, CampaignId=c["Id"])["CampaignsResponse"]["Item"]
    check("campaign: both versions listed", sorted(v["Version"] for v in versions) == [1, 2], versions=len(versions))
    tag_cycle("campaign", c["Arn"])
    other = pp.create_campaign(ApplicationId=APP_ID, WriteCampaignRequest={**body, "Name": "tf-camp-2"})["CampaignResponse"]["Id"]
    items, pages = all_pages(pp.get_campaigns, "CampaignsResponse", ApplicationId=APP_ID)
    check("campaign: listed one a page", sorted(x["Name"] for x in items) == ["tf-camp-2", "tf-camp-renamed"] and pages >= 2,
          names=[x["Name"] for x in items], pages=pages)
    pp.delete_campaign(ApplicationId=APP_ID, CampaignId=other)
    pp.delete_campaign(ApplicationId=APP_ID, CampaignId=c["Id"])
    for op, kw in [(pp.get_campaign, {}), (pp.delete_campaign, {}), (pp.get_campaign_versions, {}),
                   (pp.update_campaign, {"WriteCampaignRequest": body})]:
        err = error_of(op, ApplicationId=APP_ID, CampaignId=c["Id"], **kw)
        check(f"campaign: {op.__name__} after delete", err == NOT_FOUND, err=err)
    pp.delete_segment(ApplicationId=APP_ID, SegmentId=seg)


@section
def journey():
    seg = pp.create_segment(ApplicationId=APP_ID, WriteSegmentRequest=segment_request("tf-journey-seg"))["SegmentResponse"]["Id"]
    pp.create_email_template(TemplateName="tf-journey-tpl", EmailTemplateRequest={"Subject": "Hi", "HtmlPart": "<p>Hi</p>"})
    body = {"Name": "tf-journey", "StartActivity": "first",
            "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
            "Activities": {"first": {"EMAIL": {"TemplateName": "tf-journey-tpl"}}}}
    j = pp.create_journey(ApplicationId=APP_ID, WriteJourneyRequest=body)["JourneyResponse"]
    check("journey: created as a draft", j["Name"] == "tf-journey" and j["State"] == "DRAFT", j=j)
    got = pp.get_journey(ApplicationId=APP_ID, JourneyId=j["Id"])["JourneyResponse"]
    check("journey: read", got["StartActivity"] == "first" and list(got["Activities"]) == ["first"], got=got)
    pp.update_journey(ApplicationId=APP_ID, JourneyId=j["Id"], WriteJourneyRequest={**body, "Name": "tf-journey-renamed"})
    got = pp.get_journey(ApplicationId=APP_ID, JourneyId=j["Id"])["JourneyResponse"]
    check("journey: updated", got["Name"] == "tf-journey-renamed" and got["State"] == "DRAFT", got=got)
    # WriteJourneyRequest has no tags member: a journey is tagged through TagResource.
    tag_cycle("journey", f"{ARN}:apps/{APP_ID}/journeys/{j['Id']}", at_create=False)
    other = pp.create_journey(ApplicationId=APP_ID, WriteJourneyRequest={**body, "Name": "tf-journey-2"})["JourneyResponse"]["Id"]
    items, pages = all_pages(pp.list_journeys, "JourneysResponse", ApplicationId=APP_ID)
    check("journey: listed one a page", sorted(x["Name"] for x in items) == ["tf-journey-2", "tf-journey-renamed"] and pages >= 2,
          names=[x["Name"] for x in items], pages=pages)
    pp.delete_journey(ApplicationId=APP_ID, JourneyId=other)
    pp.delete_journey(ApplicationId=APP_ID, JourneyId=j["Id"])
    for op, kw in [(pp.get_journey, {}), (pp.delete_journey, {}), (pp.update_journey, {"WriteJourneyRequest": body})]:
        err = error_of(op, ApplicationId=APP_ID, JourneyId=j["Id"], **kw)
        check(f"journey: {op.__name__} after delete", err == NOT_FOUND, err=err)
    pp.delete_segment(ApplicationId=APP_ID, SegmentId=seg)
    pp.delete_email_template(TemplateName="tf-journey-tpl")


TEMPLATES = [
    # (type, request member, response member, create/get/update/delete, a field and two values)
    ("EMAIL", "EmailTemplateRequest", "EmailTemplateResponse", "email_template", "Subject", "Hi", "Hello"),
    ("SMS", "SMSTemplateRequest", "SMSTemplateResponse", "sms_template", "Body", "Hi", "Hello"),
    ("PUSH", "PushNotificationTemplateRequest", "PushNotificationTemplateResponse", "push_template", "DefaultSubstitutions",
     '{"a":"1"}', '{"a":"2"}'),
]


@section
def templates():
    for kind, req, res, op, field, first, second in TEMPLATES:
        name = f"tf-{kind.lower()}"
        create, get = getattr(pp, f"create_{op}"), getattr(pp, f"get_{op}")
        update, delete = getattr(pp, f"update_{op}"), getattr(pp, f"delete_{op}")
        create(TemplateName=name, **{req: {field: first, "tags": {"owner": "tf"}}})
        # Pinpoint's model has no AlreadyExists shape: a second create is a BadRequestException (400).
        err = error_of(create, TemplateName=name, **{req: {field: first}})
        check(f"{kind} template: created twice", err == ("BadRequestException", 400), err=err)
        got = get(TemplateName=name)[res]
        check(f"{kind} template: read", got[field] == first and got["TemplateType"] == kind and got["Version"] == "1", got=got)
        update(TemplateName=name, CreateNewVersion=True, **{req: {field: second}})
        # The active version stays the first until it is changed (templates-template-name-template-type-active-version.html:
        # "It isn't necessarily the latest version of a template").
        got = get(TemplateName=name)[res]
        check(f"{kind} template: the active version is still the first", got[field] == first and got["Version"] == "1", got=got)
        v2 = get(TemplateName=name, Version="2")[res]
        check(f"{kind} template: the new version read", v2[field] == second and v2["Version"] == "2", v2=v2)
        if kind == "EMAIL":
            # Without CreateNewVersion an update overwrites the latest version
            # (templates-template-name-template-type-active-version.html).
            update(TemplateName=name, **{req: {field: "Hello again"}})
            v2 = get(TemplateName=name, Version="2")[res]
            check("EMAIL template: the latest version overwritten", v2[field] == "Hello again", v2=v2)
            update(TemplateName=name, **{req: {field: second}})
        versions = pp.list_template_versions(TemplateName=name, TemplateType=kind)["TemplateVersionsResponse"]["Item"]
        check(f"{kind} template: versions listed", sorted(v["Version"] for v in versions) == ["1", "2"], versions=versions)
        pp.update_template_active_version(TemplateName=name, TemplateType=kind,
                                          TemplateActiveVersionRequest={"Version": "2"})
        got = get(TemplateName=name)[res]
        check(f"{kind} template: the new version made active", got[field] == second and got["Version"] == "2", got=got)
        tag_cycle(f"{kind} template", f"{ARN}:templates/{name}/{kind}")
    listed = pp.list_templates()["TemplatesResponse"]["Item"]
    check("templates: listed", sorted((t["TemplateName"], t["TemplateType"]) for t in listed)
          == [("tf-email", "EMAIL"), ("tf-push", "PUSH"), ("tf-sms", "SMS")], listed=listed)
    first_page = pp.list_templates(PageSize="1")["TemplatesResponse"]
    rest = pp.list_templates(PageSize="2", NextToken=first_page["NextToken"])["TemplatesResponse"]
    check("templates: listed one page after the other", sorted(t["TemplateName"] for t in first_page["Item"] + rest["Item"])
          == ["tf-email", "tf-push", "tf-sms"], first=first_page["Item"], rest=rest["Item"])
    for kind, req, res, op, field, first, second in TEMPLATES:
        name = f"tf-{kind.lower()}"
        getattr(pp, f"delete_{op}")(TemplateName=name)
        for fn, kw in [(getattr(pp, f"get_{op}"), {}), (getattr(pp, f"delete_{op}"), {}),
                       (getattr(pp, f"update_{op}"), {req: {field: first}}),
                       (pp.list_template_versions, {"TemplateType": kind})]:
            err = error_of(fn, TemplateName=name, **kw)
            check(f"{kind} template: {fn.__name__} after delete", err == NOT_FOUND, err=err)


@section
def event_stream():
    stream = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/tf-stream"
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pinpoint.amazonaws.com"},'
             '"Action":"sts:AssumeRole"}]}')
    role = iam.create_role(RoleName="tf-events", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    pp.put_event_stream(ApplicationId=APP_ID, WriteEventStream={"DestinationStreamArn": stream, "RoleArn": role})
    got = pp.get_event_stream(ApplicationId=APP_ID)["EventStream"]
    check("event stream: read", got["DestinationStreamArn"] == stream and got["RoleArn"] == role
          and got["ApplicationId"] == APP_ID, got=got)
    other = stream.replace("tf-stream", "tf-stream-2")
    pp.put_event_stream(ApplicationId=APP_ID, WriteEventStream={"DestinationStreamArn": other, "RoleArn": role})
    got = pp.get_event_stream(ApplicationId=APP_ID)["EventStream"]
    check("event stream: updated", got["DestinationStreamArn"] == other, got=got)
    pp.delete_event_stream(ApplicationId=APP_ID)
    err = error_of(pp.get_event_stream, ApplicationId=APP_ID)
    check("event stream: read after delete", err == NOT_FOUND, err=err)
    iam.delete_role(RoleName="tf-events")


@section
def app_delete():
    pp.delete_app(ApplicationId=APP_ID)
    for op in (pp.get_app, pp.get_email_channel, pp.get_segments):
        err = error_of(op, ApplicationId=APP_ID)
        check(f"app: {op.__name__} after the app's delete", err == NOT_FOUND, err=err)


finish()
