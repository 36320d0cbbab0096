from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import OrgUnit
from training.models import Program, Session

from ..models import BODY_MAX, SUBJECT_MAX, Announcement


class AudienceSerializer(serializers.Serializer):
    """Who an announcement reaches: the kind, and the target of that kind (a
    session or program id, a unit's code)."""

    audience = serializers.ChoiceField(choices=Announcement.Audience.choices)
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all(), required=False, allow_null=True)
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all(), required=False, allow_null=True)
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    include_subunits = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        field = attrs["audience"]
        if not attrs.get(field):
            raise serializers.ValidationError({field: [_("Choose the target of this audience.")]})
        return attrs


class AnnouncementCreateSerializer(AudienceSerializer):
    subject = serializers.CharField(max_length=SUBJECT_MAX)
    body = serializers.CharField(max_length=BODY_MAX)


class AnnouncementSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "id", "subject", "body", "audience", "session", "program", "unit", "include_subunits",
            "status", "status_label", "total", "delivered", "percent", "error",
            "created_at", "queued_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class AudienceCountSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(help_text="How many people the audience reaches now.")
