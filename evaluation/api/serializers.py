from django.conf import settings
from rest_framework import serializers

from ..models import Finding, Question, Questionnaire, ReportRow, RevisionReport
from ..rules import describe, recommendation


class QuestionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)

    class Meta:
        model = Question
        fields = ["id", "position", "text", "kind", "dimension", "choices", "required"]
        read_only_fields = ["position"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "title", "description", "is_default", "is_active", "questions"]
        extra_kwargs = {"description": {"max_length": settings.TEXT_MAX_LENGTH}}  # a TextField: no limit of its own


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.CharField(source="session.display_title")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    anonymous = serializers.BooleanField()
    responded_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.BooleanField()
    questionnaire = QuestionnaireSerializer()


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    value = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ResponseInputSerializer(serializers.Serializer):
    invitation = serializers.IntegerField()
    answers = AnswerInputSerializer(many=True)


class RunRequestSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=RevisionReport.Period.choices)
    day = serializers.DateField()


class ReportRowSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    session = serializers.CharField(source="session.code", default=None, allow_null=True)

    class Meta:
        model = ReportRow
        fields = [
            "program", "session", "sessions", "participants", "invited", "responses", "response_rate",
            "suppressed", "satisfaction", "dimension_means", "distributions", "pre_mean", "post_mean", "gain",
            "gain_n", "follow_up_mean", "action_plan_mean", "follow_up_n", "stuck_reports", "citizen_feedback",
            "citizen_complaints", "forum_topics", "meeting_outcomes",
        ]  # fmt: skip


class FindingSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    message = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="revision.number", default=None, allow_null=True)

    class Meta:
        model = Finding
        fields = ["id", "program", "rule", "subject", "evidence", "message", "recommendation", "decision", "revision"]

    def get_message(self, obj) -> str:
        return describe(obj)

    def get_recommendation(self, obj) -> str:
        return str(recommendation(obj))


class ReportListSerializer(serializers.ModelSerializer):
    # Plain text here: the choice set is documented once, on the run request (PeriodEnum).
    period_kind = serializers.CharField(read_only=True)
    finding_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(read_only=True)
    status = serializers.CharField(source="current_run.status", default=None)

    class Meta:
        model = RevisionReport
        fields = ["id", "period_kind", "period_start", "period_end", "generated_at", "status", "finding_count",
                  "open_count"]  # fmt: skip


class ReportDetailSerializer(ReportListSerializer):
    programs = ReportRowSerializer(many=True)
    sessions = ReportRowSerializer(many=True)
    findings = FindingSerializer(many=True)

    class Meta(ReportListSerializer.Meta):
        fields = [*ReportListSerializer.Meta.fields, "programs", "sessions", "findings"]
