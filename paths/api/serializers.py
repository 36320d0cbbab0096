from rest_framework import serializers

from ..models import LearningPath, PathStep


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
    following = serializers.BooleanField(allow_null=True, default=None)
    required_done = serializers.IntegerField(allow_null=True, default=None)
    finished = serializers.BooleanField(allow_null=True, default=None)
    steps = PathStepSerializer(many=True, source="step_rows")

    class Meta(PathSerializer.Meta):
        fields = [*PathSerializer.Meta.fields, "description", "following", "required_done", "finished", "steps"]


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
