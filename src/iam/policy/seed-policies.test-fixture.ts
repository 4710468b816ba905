/**
 * The two policies of the seed (pinpoint/latest/developerguide/permissions-ses.html): the role's
 * permissions policy and its trust policy, with account 111122223333, pretty-printed as the
 * console shows them.
 */
export const SEED_PERMISSIONS_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PinpointUsesSESForEmailSends",
            "Effect": "Allow",
            "Action": [
                "ses:SendEmail",
                "ses:SendRawEmail"
            ],
            "Resource": [
                "arn:aws:ses:us-east-1:111122223333:identity/*",
                "arn:aws:ses:us-east-1:111122223333:configuration-set/*"
            ]
        }
    ]
}`;

export const SEED_TRUST_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowPinpoint",
            "Effect": "Allow",
            "Principal": {
                "Service": "pinpoint.amazonaws.com"
            },
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {
                    "aws:SourceAccount": "111122223333"
                }
            }
        }
    ]
}`;
