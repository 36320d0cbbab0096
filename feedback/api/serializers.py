import copy
import datetime
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import ELEMENT_CODES, Feedback, FeedbackEvent
from ..services.citizen import (
    feedback_citizen_can_rate,
    feedback_citizen_can_reopen,
    feedback_citizen_can_reply,
    feedback_reopen_deadline,
)

# 8 to 100 letters, digits and - _ . : (a UUID fits).
IDEMPOTENCY_KEY_RE = r"^[A-Za-z0-9_.:\-]{8,100}$"
IDEMPOTENCY_KEY_INVALID = _("The idempotency key must be 8 to 100 letters, digits or - _ . : (for example a UUID).")


@extend_schema_field(
    {
        "type": "object",
        "description": "The nine IKM answers, each 1 (worst) to 4 (best).",
        "properties": {code: {"type": "integer", "minimum": 1, "maximum": 4} for code in ELEMENT_CODES},
        "required": ELEMENT_CODES,
        "additionalProperties": False,
    }
)
class ScoresField(serializers.Field):
    """{"U1": 1-4, ..., "U9": 1-4}: all nine, nothing else."""

    default_error_messages = {
        "not_a_dict": _('Send the answers as an object such as {{"U1": 4, ..., "U9": 3}}.'),
        "missing": _("Answer all nine survey questions (U1 to U9): missing {codes}."),
        "unknown": _("Unknown survey elements: {codes}. Use U1 to U9."),
        "range": _("{code}: choose an answer from 1 to 4."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_a_dict")
        missing = [c for c in ELEMENT_CODES if c not in data]
        if missing:
            self.fail("missing", codes=", ".join(missing))
        unknown = sorted(set(data) - set(ELEMENT_CODES))
        if unknown:
            self.fail("unknown", codes=", ".join(unknown))
        for code in ELEMENT_CODES:
            value = data[code]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
                self.fail("range", code=code)
        return data

    def to_representation(self, value):
        return value


class FeedbackSubmitSerializer(serializers.Serializer):
    """The public POST's body. Its fields are plain (no nested serializers, no
    per-request state), so each request takes shallow copies of the declared ones
    instead of DRF's deep copy, which re-runs every field's __init__ (a tenth of
    the public write path's CPU)."""

    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

    unit = serializers.SlugField(max_length=60)
    service = serializers.SlugField(max_length=60, required=False, allow_blank=True)
    scores = ScoresField()
    kind = serializers.ChoiceField(choices=Feedback.Kind.choices)
    message = serializers.CharField(max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH, trim_whitespace=True)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    anonymous = serializers.BooleanField()
    gender = serializers.ChoiceField(choices=Feedback.Gender.choices, required=False, allow_blank=True)
    age_band = serializers.ChoiceField(choices=Feedback.AgeBand.choices, required=False, allow_blank=True)
    education = serializers.ChoiceField(choices=Feedback.Education.choices, required=False, allow_blank=True)
    occupation = serializers.ChoiceField(choices=Feedback.Occupation.choices, required=False, allow_blank=True)
    website = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Honeypot: must stay empty."
    )
    idempotency_key = serializers.RegexField(
        IDEMPOTENCY_KEY_RE,
        max_length=100,
        required=False,
        allow_blank=True,
        error_messages={"invalid": IDEMPOTENCY_KEY_INVALID, "max_length": IDEMPOTENCY_KEY_INVALID},
        help_text="The client's key for this submission (the Idempotency-Key header does the same; the header "
        "wins). A repeated key answers the first submission's tracking code and never stores a second one.",
    )
    submitted_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="ISO 8601: when the citizen submitted it on a device that was offline. IKM counts the "
        "submission in this period. Not in the future (beyond a small clock skew), not older than "
        "FEEDBACK_OFFLINE_MAX_AGE_DAYS (default 7) days.",
    )


# The public POST at run time (feedback.api.apis.FeedbackSubmitApi): the serializer
# above documents the body (OpenAPI); the request is checked once, by
# feedback_submit (the rules of a submission, for the form, the kiosk and the API
# alike), after submission_from_json has only made sure that each field has the
# JSON type the service takes. Running the serializer as well validated every
# field twice (a sixth of the write path's CPU).
_TEXT_FIELDS = ("unit", "service", "kind", "message", "contact", "contact_name", "gender", "age_band",
                "education", "occupation", "website", "idempotency_key")  # fmt: skip
_REQUIRED = ("unit", "scores", "kind", "message", "anonymous")
_SCORES = ScoresField()
_SUBMITTED_AT = serializers.DateTimeField(allow_null=True)
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_RE)


def submission_from_json(data) -> tuple[dict, dict]:
    """(fields, errors): the body's fields with the types feedback_submit takes
    (text as str, the answers as a dict of U1-U9 to 1-4, `anonymous` a boolean,
    `submitted_at` an aware datetime or None), and the errors of the fields that
    are missing or of another type. Such a field gets a neutral value ("", {},
    False, None) so that the service can still judge the others. Unknown fields
    are ignored, as by a serializer."""
    if not isinstance(data, dict):
        data = {}
        errors = {"non_field_errors": [_("Send the feedback as a JSON object with its fields.")]}
    else:
        errors = {}
    fields = dict.fromkeys(_TEXT_FIELDS, "") | {"scores": {}, "anonymous": False, "submitted_at": None}
    field_messages = serializers.Field.default_error_messages
    for name in _REQUIRED:
        if name not in data:
            errors[name] = [field_messages["required"]]
    for name in _TEXT_FIELDS:
        value = data.get(name, "")
        if value is None:
            errors[name] = [field_messages["null"]]
        elif not isinstance(value, str):
            errors[name] = [serializers.CharField.default_error_messages["invalid"]]
        else:
            fields[name] = value
    key = fields["idempotency_key"] = fields["idempotency_key"].strip()
    if key and not _IDEMPOTENCY_KEY.match(key):
        errors["idempotency_key"] = [IDEMPOTENCY_KEY_INVALID]
    if "scores" in data:
        try:
            fields["scores"] = _SCORES.to_internal_value(data["scores"])
        except serializers.ValidationError as exc:
            errors["scores"] = exc.detail
    if "anonymous" in data:
        value = data["anonymous"]
        value = value.lower() if isinstance(value, str) else value
        boolean = serializers.BooleanField
        if isinstance(value, bool | int | str) and value in boolean.TRUE_VALUES | boolean.FALSE_VALUES:
            fields["anonymous"] = value in boolean.TRUE_VALUES  # as a serializer's BooleanField reads it
        else:
            errors["anonymous"] = [boolean.default_error_messages["invalid"]]
    if data.get("submitted_at") is not None:
        try:
            fields["submitted_at"] = _SUBMITTED_AT.to_internal_value(data["submitted_at"])
        except serializers.ValidationError as exc:
            errors["submitted_at"] = exc.detail
    return fields, errors


class FeedbackCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()


class PublicEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display")

    class Meta:
        model = FeedbackEvent
        fields = ["action", "action_display", "public_text", "created_at"]


class FeedbackTrackSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    kind_display = serializers.CharField(source="get_kind_display")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    service = serializers.CharField(source="service.code", default=None)
    handling_unit = serializers.CharField(source="handling_unit.code")
    is_overdue = serializers.BooleanField()
    replies = PublicEventSerializer(source="public_events", many=True)
    can_reply = serializers.SerializerMethodField()
    can_rate = serializers.SerializerMethodField()
    can_reopen = serializers.SerializerMethodField()
    reopen_until = serializers.SerializerMethodField()

    def get_can_reply(self, obj) -> bool:
        return feedback_citizen_can_reply(feedback=obj)

    def get_can_rate(self, obj) -> bool:
        return feedback_citizen_can_rate(feedback=obj)

    def get_can_reopen(self, obj) -> bool:
        return feedback_citizen_can_reopen(feedback=obj)

    def get_reopen_until(self, obj) -> datetime.date | None:
        return feedback_reopen_deadline(feedback=obj) if obj.status in ("responded", "closed") else None

    class Meta:
        model = Feedback
        fields = [
            "tracking_code",
            "status",
            "status_display",
            "kind",
            "kind_display",
            "unit",
            "unit_name",
            "service",
            "handling_unit",
            "created_at",
            "verify_due",
            "answer_due",
            "is_overdue",
            "rejection_reason",
            "verified_at",
            "responded_at",
            "replies",
            "citizen_rating",
            "citizen_rating_comment",
            "rated_at",
            "can_reply",
            "can_rate",
            "can_reopen",
            "reopen_until",
        ]


class CitizenReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH)


class CitizenRatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        max_length=settings.FEEDBACK_RATING_COMMENT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class CitizenReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=settings.FEEDBACK_MESSAGE_MAX_LENGTH)


class IkmElementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    nrr = serializers.FloatField(allow_null=True)


class IkmSerializer(serializers.Serializer):
    unit = serializers.CharField(allow_null=True)
    service = serializers.CharField(allow_null=True)
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    responses = serializers.IntegerField()
    elements = IkmElementSerializer(many=True)
    ikm = serializers.FloatField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    sample_warning = serializers.BooleanField()
    min_sample = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    # When the oldest figures read from the IKM summary table were computed (closed days
    # and months); null when everything was counted from the feedback rows.
    summary_at = serializers.DateTimeField(allow_null=True)


class IkmQuerySerializer(serializers.Serializer):
    unit = serializers.SlugField(required=False, allow_blank=True)
    service = serializers.SlugField(required=False, allow_blank=True)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": _("The end date must not be before the start date.")})
        return attrs


class KioskPairSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text="The one-time pairing code HR issued, e.g. K7QM-4TXD.")


class KioskPairedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as the X-Kiosk-Token header.")
    unit = serializers.CharField(help_text="Code of the kiosk's unit.")
