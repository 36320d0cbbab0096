from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Competency
from training.models import Program
from tutorials.models import Tutorial

from ..models import FROM_LEVELS, LearningPath, PathStep
from ..services import StepInput


class PathCompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PathSerializer(serializers.ModelSerializer):
    competency = PathCompetencySerializer()
    step_count = serializers.IntegerField()
    required_count = serializers.IntegerField()
    url = serializers.CharField(source="get_absolute_url", help_text="The path's page on this site.")

    class Meta:
        model = LearningPath
        fields = [
            "id",
            "title",
            "competency",
            "from_level",
            "to_level",
            "status",
            "step_count",
            "required_count",
            "url",
        ]


class MyPathSerializer(PathSerializer):
    """A path with the signed-in ASN's progress."""

    following = serializers.BooleanField()
    done_count = serializers.IntegerField(help_text="Steps done (required and optional).")
    required_done = serializers.IntegerField(help_text="Required steps done.")
    finished = serializers.BooleanField(help_text="Every required step is done.")

    class Meta(PathSerializer.Meta):
        fields = [*PathSerializer.Meta.fields, "following", "done_count", "required_done", "finished"]


class PathStepItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class PathStepSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=["program", "tutorial"])
    program = PathStepItemSerializer(allow_null=True)
    tutorial = PathStepItemSerializer(allow_null=True)
    done = serializers.BooleanField(
        allow_null=True, default=None, help_text="For an ASN: the step is done; null for accounts without a profile."
    )

    class Meta:
        model = PathStep
        fields = ["position", "kind", "program", "tutorial", "required", "done"]


class PathDetailSerializer(PathSerializer):
    description = serializers.CharField()
    revision = serializers.IntegerField()
    following = serializers.BooleanField(allow_null=True, default=None)
    required_done = serializers.IntegerField(allow_null=True, default=None)
    finished = serializers.BooleanField(allow_null=True, default=None)
    steps = PathStepSerializer(many=True, source="step_rows")

    class Meta(PathSerializer.Meta):
        fields = [
            *PathSerializer.Meta.fields, "description", "revision", "following", "required_done", "finished", "steps",
        ]  # fmt: skip


class PathFollowSerializer(serializers.Serializer):
    path = serializers.IntegerField()
    following = serializers.BooleanField()


class PathListQuerySerializer(serializers.Serializer):
    competency = serializers.IntegerField(required=False, min_value=1, help_text="A competency id.")


class PathReportRowSerializer(serializers.Serializer):
    path = serializers.IntegerField(source="path_id")
    path_title = serializers.CharField(source="path__title")
    competency = serializers.CharField(source="path__competency__code")
    from_level = serializers.IntegerField(source="path__from_level")
    to_level = serializers.IntegerField(source="path__to_level")
    unit = serializers.IntegerField(source="employee__org_unit_id")
    unit_name = serializers.CharField(source="employee__org_unit__name")
    following = serializers.IntegerField()
    finished = serializers.IntegerField()


class PathReportQuerySerializer(serializers.Serializer):
    path = serializers.IntegerField(required=False, min_value=1, help_text="Only this path.")


class PathStepInputSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all(), allow_null=True, required=False)
    tutorial = serializers.PrimaryKeyRelatedField(queryset=Tutorial.objects.all(), allow_null=True, required=False)
    required = serializers.BooleanField(default=True)

    def validate(self, attrs):
        if (attrs.get("program") is None) == (attrs.get("tutorial") is None):
            raise serializers.ValidationError(_("Choose either a training program or a tutorial."))
        return attrs


class PathWriteSerializer(serializers.Serializer):
    """HR's path with its steps in order (the steps replace the path's steps)."""

    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all())
    from_level = serializers.ChoiceField(choices=list(FROM_LEVELS))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=settings.TEXT_MAX_LENGTH
    )
    steps = PathStepInputSerializer(many=True, max_length=50)
    revision = serializers.IntegerField(
        required=False, min_value=1, help_text="Update: the revision the client read; a newer one answers 409."
    )

    def step_inputs(self) -> list[StepInput]:
        return [
            StepInput(program=s.get("program"), tutorial=s.get("tutorial"), required=s["required"])
            for s in self.validated_data["steps"]
        ]
