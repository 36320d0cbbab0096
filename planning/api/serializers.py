from rest_framework import serializers

from accounts.models import Employee


class JpReportQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    unit = serializers.SlugField(required=False, help_text="OrgUnit code; its sub-units are included.")
    employment_type = serializers.ChoiceField(choices=Employee.EmploymentType.choices, required=False)
    search = serializers.CharField(required=False, max_length=100)
    below = serializers.BooleanField(required=False, default=True, help_text="Only ASN below their target.")


class JpReportRowSerializer(serializers.Serializer):
    nip = serializers.CharField()
    full_name = serializers.CharField()
    unit = serializers.CharField(source="org_unit.code")
    unit_name = serializers.CharField(source="org_unit.name")
    employment_type = serializers.CharField()
    jp_total = serializers.DecimalField(max_digits=8, decimal_places=1)
    jp_target = serializers.DecimalField(max_digits=8, decimal_places=1)
    jp_missing = serializers.DecimalField(max_digits=8, decimal_places=1)


class NeedsQuerySerializer(serializers.Serializer):
    unit = serializers.SlugField(required=False)
    include_subunits = serializers.BooleanField(required=False, default=True)
    employment_type = serializers.ChoiceField(choices=Employee.EmploymentType.choices, required=False)


class NeedRowSerializer(serializers.Serializer):
    competency = serializers.CharField(source="competency__code")
    name = serializers.CharField(source="competency__name")
    type = serializers.CharField(source="competency__type")
    required = serializers.IntegerField(help_text="ASN whose position requires it")
    with_gap = serializers.IntegerField(help_text="ASN assessed below the required level")
    average_gap = serializers.FloatField(allow_null=True)
    not_assessed = serializers.IntegerField()
    published_programs = serializers.IntegerField(allow_null=True)


class GapLearningPathSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    from_level = serializers.IntegerField()
    to_level = serializers.IntegerField()
    url = serializers.CharField(source="get_absolute_url", help_text="The path's page on this site.")


class GapSerializer(serializers.Serializer):
    competency = serializers.CharField(source="competency.code")
    name = serializers.CharField(source="competency.name")
    required = serializers.IntegerField(source="level")
    assessed = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField(
        allow_null=True,
        help_text="required - assessed level (accounts.gaps): positive = levels short (a deficit), "
        "0 = met, negative = above the requirement; null = not assessed",
    )
    learning_path = GapLearningPathSerializer(
        allow_null=True,
        default=None,
        help_text="The published learning path that is the ASN's next step for this gap "
        "(from the assessed level to the next); null when there is none or no gap.",
    )


class RecommendedProgramSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    jp = serializers.DecimalField(max_digits=5, decimal_places=1)
    addresses = serializers.SerializerMethodField()

    def get_addresses(self, obj) -> list[str]:
        return [link.competency.code for link in obj.addresses]


class MyGapsSerializer(serializers.Serializer):
    competencies = GapSerializer(many=True)
    recommended_programs = RecommendedProgramSerializer(many=True)
