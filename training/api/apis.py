"""Training API: catalogue, sessions, enrolment (DESIGN.md contract), my enrolments, my JP."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission, require_employee
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from ..filters import ProgramFilter, SessionFilter
from ..selectors import (
    enrollment_get,
    enrollment_list_for_employee,
    external_claim_list_pending_for_supervisor,
    external_training_get,
    external_training_list,
    jp_entries_for,
    jp_summary_for,
    program_get_published,
    program_list_published,
    session_get,
    session_get_for_enrolment,
    session_list,
)
from ..services import (
    attendance_check_in,
    enrollment_cancel,
    enrollment_create,
    external_claim_decide,
    external_claim_revoke,
    external_claim_submit,
)
from .serializers import (
    EnrollmentCancelledSerializer,
    EnrollmentSerializer,
    EnrollResponseSerializer,
    ExternalClaimCreateSerializer,
    ExternalClaimDecisionSerializer,
    ExternalClaimRevokeSerializer,
    ExternalTrainingSerializer,
    JpSummarySerializer,
    ProgramSerializer,
    SessionSerializer,
)


def _employee(request):
    """The signed-in ASN's profile (the view's `training.use_self_service` was checked)."""
    return require_employee(request.user)


class SelfServiceApi:
    """The ASN's own endpoints: 403 `no_employee_profile` for an account without an ASN profile."""

    permission_classes = [HasRulePermission]
    permission_required = "training.use_self_service"


@extend_schema(tags=["training"])
class ProgramListApi(generics.ListAPIView):
    """Published training programs, with the competencies they address."""

    permission_classes = [AllowAny]
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter  # applied by the selector; here for the schema

    def get_queryset(self):
        return program_list_published(filters=self.request.query_params)


@extend_schema(tags=["training"])
class ProgramDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProgramSerializer)
    def get(self, request, code):
        program = or_404(program_get_published, code=code)
        return Response(ProgramSerializer(program, context={"request": request}).data)


@extend_schema(tags=["training"])
class SessionListApi(generics.ListAPIView):
    """Scheduled sessions of published programs. Filters: program (code), category,
    start/end (local dates the session runs on), has_seats."""

    permission_classes = [AllowAny]
    serializer_class = SessionSerializer
    filterset_class = SessionFilter  # applied by the selector; here for the schema

    def get_queryset(self):
        return session_list(filters=self.request.query_params)


@extend_schema(tags=["training"])
class SessionDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=SessionSerializer)
    def get(self, request, pk):
        return Response(SessionSerializer(or_404(session_get, pk=pk)).data)


@extend_schema(tags=["training"])
class SessionEnrollApi(SelfServiceApi, APIView):
    """Enrol the signed-in ASN. 201 with the enrolment id and status
    (`enrolled`, `waitlisted` or `pending_approval`); 409 when already enrolled
    (or registered for an overlapping session); 400 with a reason when enrolment is closed."""

    @extend_schema(
        request=None,
        responses={201: EnrollResponseSerializer, **error_responses(400, 403, 409)},
    )
    def post(self, request, pk):
        session = or_404(session_get_for_enrolment, pk=pk)
        enrollment = enrollment_create(session=session, employee=_employee(request), actor=request.user)
        return Response({"enrollment": enrollment.pk, "status": enrollment.status}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["training"])
class EnrollmentCancelApi(APIView):
    """Cancel one of my enrolments (until the session's cancellation deadline)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: EnrollmentCancelledSerializer, **error_responses(400, 403)})
    def post(self, request, pk):
        enrollment = or_404(enrollment_get, pk=pk)
        enrollment = enrollment_cancel(enrollment=enrollment, actor=request.user)
        return Response({"enrollment": enrollment.pk, "status": enrollment.status})


@extend_schema(tags=["training"])
class MyEnrollmentListApi(SelfServiceApi, generics.ListAPIView):
    """My enrolments, newest session first."""

    serializer_class = EnrollmentSerializer
    error_statuses = {403}  # an account without an ASN profile

    def get_queryset(self):
        return enrollment_list_for_employee(employee=_employee(self.request), with_trainers=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


@extend_schema(tags=["training"])
class MyJpApi(SelfServiceApi, APIView):
    """My JP for a year (default: this year): total, target, progress and entries."""

    @extend_schema(parameters=[YearSerializer], responses={200: JpSummarySerializer, **error_responses(403)})
    def get(self, request):
        year = validated_query(YearSerializer, request).get("year") or timezone.localdate().year
        employee = _employee(request)
        summary = jp_summary_for(employee=employee, year=year)
        summary["entries"] = jp_entries_for(employee=employee, year=year)
        return Response(JpSummarySerializer(summary).data)


class CheckInRequestSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class CheckInResponseSerializer(serializers.Serializer):
    attendance = serializers.IntegerField()
    session = serializers.IntegerField()
    date = serializers.DateField()
    late = serializers.BooleanField()
    recorded = serializers.BooleanField(help_text="False when the ASN was already marked present for the day.")


@extend_schema(tags=["training"])
class CheckInApi(SelfServiceApi, APIView):
    """QR self check-in from the mobile app: the signed-in ASN sends the code read
    from the check-in screen (the last part of its URL). 201 when this call marked
    them present, 200 when they already were; 400 for an expired, forged or other
    day's code; 403 for someone who is not a participant."""

    @extend_schema(
        request=CheckInRequestSerializer,
        responses={201: CheckInResponseSerializer, 200: CheckInResponseSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        serializer = CheckInRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attendance, recorded = attendance_check_in(token=serializer.validated_data["token"], user=request.user)
        body = {
            "attendance": attendance.pk,
            "session": attendance.day.session_id,
            "date": attendance.day.date,
            "late": attendance.late,
            "recorded": recorded,
        }
        return Response(
            CheckInResponseSerializer(body).data, status=status.HTTP_201_CREATED if recorded else status.HTTP_200_OK
        )


def _claim(pk):
    return or_404(external_training_get, pk=pk)


@extend_schema(tags=["training"])
class MyExternalClaimListApi(SelfServiceApi, generics.ListAPIView):
    """My external training (claims and HR records), newest first; POST (multipart)
    claims a training taken elsewhere: it waits for my supervisor's decision."""

    serializer_class = ExternalTrainingSerializer
    parser_classes = [MultiPartParser, FormParser]
    error_statuses = {403}

    def get_queryset(self):
        return external_training_list(employee=_employee(self.request))

    @extend_schema(
        request={"multipart/form-data": ExternalClaimCreateSerializer},
        responses={201: ExternalTrainingSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        employee = _employee(request)
        serializer = ExternalClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = external_claim_submit(
            employee=employee,
            title=data["title"],
            organiser=data["organiser"],
            start_date=data.get("start_date"),
            end_date=data["end_date"],
            jp=data["jp"],
            competency=data.get("competency"),
            proof=data["proof"],
            actor=request.user,
        )
        return Response(ExternalTrainingSerializer(claim).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["training"])
class PendingExternalClaimListApi(generics.ListAPIView):
    """Claims waiting for my decision as supervisor."""

    permission_classes = [IsAuthenticated]
    serializer_class = ExternalTrainingSerializer

    def get_queryset(self):
        return external_claim_list_pending_for_supervisor(user=self.request.user)


@extend_schema(tags=["training"])
class ExternalClaimDecideApi(APIView):
    """The supervisor approves (the JP are credited once) or rejects (with a note)
    a pending claim; 409 when it was already decided, 403 for anyone else."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ExternalClaimDecisionSerializer,
        responses={200: ExternalTrainingSerializer, **error_responses(400, 403, 409)},
    )
    def post(self, request, pk):
        serializer = ExternalClaimDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = external_claim_decide(
            claim=_claim(pk),
            actor=request.user,
            approve=serializer.validated_data["decision"] == "approve",
            note=serializer.validated_data["note"],
        )
        return Response(ExternalTrainingSerializer(claim).data)


@extend_schema(tags=["training"])
class ExternalClaimRevokeApi(APIView):
    """HR revokes an approved external training: its JP credit is removed."""

    permission_classes = [HasRulePermission]
    permission_required = "training.revoke_claim"

    @extend_schema(
        request=ExternalClaimRevokeSerializer,
        responses={200: ExternalTrainingSerializer, **error_responses(400, 403, 409)},
    )
    def post(self, request, pk):
        serializer = ExternalClaimRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = external_claim_revoke(claim=_claim(pk), actor=request.user, reason=serializer.validated_data["reason"])
        return Response(ExternalTrainingSerializer(claim).data)
