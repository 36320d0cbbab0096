from rest_framework import serializers

from ..models import Enrollment, JpLedgerEntry, Program, ProgramCompetency, Session


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
