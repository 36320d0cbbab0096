from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import gaps as gap_rules
from accounts.permissions import HasRulePermission
from accounts.rules import employee_of
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses
from paths import selectors as path_selectors

from .. import selectors
from .serializers import (
    JpReportQuerySerializer,
    JpReportRowSerializer,
    MyGapsSerializer,
    NeedRowSerializer,
    NeedsQuerySerializer,
)


def _unit_ids(code: str | None, *, with_subunits: bool = True):
    if not code:
        return None
    unit = selectors.unit_by_code(code=code)
    if unit is None:
        raise exceptions.ValidationError({"unit": [_("No organisation unit has the code %(code)s.") % {"code": code}]})
    return selectors.unit_ids_with_descendants([unit.pk]) if with_subunits else [unit.pk]


@extend_schema(parameters=[JpReportQuerySerializer])
class JpReportApi(generics.ListAPIView):
    """HR: ASN and their JP of a year against the yearly target (default: only those below it).

    Its parameters are those of a report (the year the JP are summed over, a unit
    with its sub-units), validated by a serializer, not a FilterSet."""

    permission_classes = [HasRulePermission]
    permission_required = "planning.manage_planning"
    serializer_class = JpReportRowSerializer

    def get_queryset(self):
        data = validated_query(JpReportQuerySerializer, self.request)
        return selectors.jp_report_rows(
            year=data.get("year") or timezone.localdate().year,
            unit_ids=_unit_ids(data.get("unit")),
            employment_type=data.get("employment_type"),
            search=data.get("search"),
            below_only=data["below"],
        )


class TrainingNeedsApi(APIView):
    """HR: per required competency, how many ASN need it, fall short, are not assessed."""

    permission_classes = [HasRulePermission]
    permission_required = "planning.manage_planning"

    @extend_schema(parameters=[NeedsQuerySerializer], responses=NeedRowSerializer(many=True))
    def get(self, request):
        data = validated_query(NeedsQuerySerializer, request)
        needs = selectors.training_needs(
            unit_ids=_unit_ids(data.get("unit"), with_subunits=data["include_subunits"]),
            employment_type=data.get("employment_type"),
        )
        return Response(NeedRowSerializer(needs, many=True).data)


class MyCompetencyGapsApi(APIView):
    """The signed-in ASN's required vs assessed competencies and the programs that close the gaps."""

    permission_classes = [HasRulePermission]
    permission_required = "planning.view_own_gaps"

    @extend_schema(responses={200: MyGapsSerializer, **error_responses(403)})
    def get(self, request):
        employee = employee_of(request.user)
        profile = list(selectors.competency_profile_for(employee=employee))
        gaps = [row for row in profile if gap_rules.needs_development(row.gap)]
        path_selectors.attach_learning_paths(rows=gaps)
        programs = selectors.programs_for_gaps(gaps=gaps, employee=employee)
        return Response(MyGapsSerializer({"competencies": profile, "recommended_programs": programs}).data)
