from rest_framework import serializers

from ..markdown import render_markdown
from ..models import EgovApplication, Tutorial, TutorialProgress, TutorialStep


class ApplicationSerializer(serializers.ModelSerializer):
    owner_unit = serializers.CharField(source="owner_unit.code")
    position_kinds = serializers.SerializerMethodField()
    tutorial_count = serializers.IntegerField(read_only=True)
    ready_users = serializers.IntegerField(read_only=True)
    outdated_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = EgovApplication
        fields = [
            "code",
            "name",
            "owner_unit",
            "purpose",
            "url",
            "current_version",
            "position_kinds",
            "tutorial_count",
            "outdated_count",
            "ready_users",
        ]

    def get_position_kinds(self, obj) -> list[str]:
        return [a.position_kind for a in obj.audience.all()]


class TutorialSummarySerializer(serializers.ModelSerializer):
    application = serializers.CharField(source="application.code")
    step_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tutorial
        fields = [
            "id",
            "application",
            "title",
            "summary",
            "estimated_minutes",
            "jp",
            "pass_mark",
            "app_version",
            "revision",
            "is_outdated",
            "outdated_note",
            "step_count",
        ]


class StepSerializer(serializers.ModelSerializer):
    body_html = serializers.SerializerMethodField()
    screenshot = serializers.SerializerMethodField()

    class Meta:
        model = TutorialStep
        fields = ["id", "position", "title", "body_html", "screenshot", "screenshot_alt"]

    def get_body_html(self, obj) -> str:
        """The step text as sanitised HTML (never the raw Markdown)."""
        return str(render_markdown(obj.body))

    def get_screenshot(self, obj) -> str | None:
        if not obj.screenshot:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(obj.screenshot.url) if request else obj.screenshot.url


class ProgressSerializer(serializers.ModelSerializer):
    tutorial = serializers.IntegerField(source="tutorial_id")
    tutorial_title = serializers.CharField(source="tutorial.title")
    application = serializers.CharField(source="tutorial.application.code")
    is_outdated = serializers.BooleanField(source="tutorial.is_outdated")
    step_count = serializers.IntegerField()
    steps_done = serializers.IntegerField()
    last_step = serializers.IntegerField(source="last_step.position", allow_null=True, default=None)

    class Meta:
        model = TutorialProgress
        fields = [
            "tutorial",
            "tutorial_title",
            "application",
            "is_outdated",
            "step_count",
            "steps_done",
            "last_step",
            "best_score",
            "completed_at",
        ]


class TutorialDetailSerializer(TutorialSummarySerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta(TutorialSummarySerializer.Meta):
        fields = [f for f in TutorialSummarySerializer.Meta.fields if f != "step_count"] + ["steps"]


class QuizSubmitSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(), help_text="{question id: chosen answer id}", allow_empty=False
    )


class QuizResultSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    pass_mark = serializers.IntegerField()
    completed = serializers.BooleanField()
