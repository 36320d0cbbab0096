from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Competency

from ..models import Enrollment, ExternalTraining, JpLedgerEntry, Program, ProgramCompetency, Session


class ProgramCompetencySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="competency.code")
    name = serializers.CharField(source="competency.name")
    type = serializers.CharField(source="competency.type")

    class Meta:
        model = ProgramCompetency
        fields = ["code", "name", "type", "target_level"]


class ProgramSerializer(serializers.ModelSerializer):
    competencies = ProgramCompetencySerializer(source="program_competencies", many=True, read_only=True)
    upcoming_sessions = serializers.IntegerField(read_only=True)
    next_start = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "title",
            "description",
            "objectives",
            "kind",
            "category",
            "jp",
            "target_audience",
            "status",
            "revision",
            "competencies",
            "upcoming_sessions",
            "next_start",
            "url",
        ]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ProgramBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "title", "category", "kind", "jp"]


class SessionSerializer(serializers.ModelSerializer):
    program = ProgramBriefSerializer(read_only=True)
    title = serializers.CharField(source="display_title")
    venue = serializers.SerializerMethodField()
    trainers = serializers.SerializerMethodField()
    seats_taken = serializers.IntegerField(read_only=True)
    seats_left = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "code",
            "number",
            "title",
            "program",
            "start",
            "end",
            "mode",
            "venue",
            "trainers",
            "capacity",
            "seats_taken",
            "seats_left",
            "waitlist_count",
            "enrollment_opens",
            "enrollment_closes",
            "cancellation_deadline",
            "requires_approval",
            "status",
        ]

    def get_venue(self, obj) -> dict | None:
        if not obj.venue_id:
            return None
        return {"name": obj.venue.name, "address": obj.venue.address}

    def get_trainers(self, obj) -> list[str]:
        return [t.name for t in obj.trainers.all()]


class SessionBriefSerializer(SessionSerializer):
    class Meta(SessionSerializer.Meta):
        fields = ["id", "code", "number", "title", "program", "start", "end", "mode", "venue", "trainers", "status"]


class EnrollResponseSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["enrolled", "waitlisted", "pending_approval"])


class EnrollmentCancelledSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[Enrollment.Status.CANCELLED.value])


class EnrollmentSerializer(serializers.ModelSerializer):
    session = SessionBriefSerializer(read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "status", "session", "waitlisted_at", "completed_at", "created_at"]


class JpEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = JpLedgerEntry
        fields = ["id", "year", "jp", "source", "description", "occurred_on", "created_at"]


class JpSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    target = serializers.DecimalField(max_digits=8, decimal_places=1)
    remaining = serializers.DecimalField(max_digits=8, decimal_places=1)
    percent = serializers.IntegerField()
    reached = serializers.BooleanField()
    by_source = serializers.DictField(child=serializers.DecimalField(max_digits=8, decimal_places=1))
    entries = JpEntrySerializer(many=True)


class ExternalTrainingSerializer(serializers.ModelSerializer):
    """An external training (claim or HR record) as its reader sees it."""

    employee = serializers.CharField(source="employee.full_name", read_only=True)
    nip = serializers.CharField(source="employee.nip", read_only=True)
    competency = serializers.CharField(source="competency.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ExternalTraining
        fields = [
            "id",
            "employee",
            "nip",
            "title",
            "organiser",
            "start_date",
            "date",
            "jp",
            "competency",
            "status",
            "decision_note",
            "decided_at",
            "revoke_reason",
            "created_at",
        ]
        read_only_fields = fields


class ExternalClaimCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    organiser = serializers.CharField(max_length=200)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField()
    jp = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    competency = serializers.SlugRelatedField(
        slug_field="code", queryset=Competency.objects.all(), required=False, allow_null=True
    )
    proof = serializers.FileField(help_text="The certificate: a PDF or a PNG, JPEG or WebP image.")

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and start > end:
            raise serializers.ValidationError({"start_date": _("The first day cannot be after the last day.")})
        return attrs


class ExternalClaimDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ExternalClaimRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
