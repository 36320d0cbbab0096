from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from asn_competency.common.api import validated_query
from asn_competency.common.errors import ApplicationError
from asn_competency.common.schema import error_responses

from .. import selectors, services
from ..models import Feedback
from ..ratelimit import submission_limited, tracking_limited
from .serializers import (
    FeedbackCreatedSerializer,
    FeedbackSubmitSerializer,
    FeedbackTrackSerializer,
    IkmQuerySerializer,
    IkmSerializer,
)

KIOSK_HEADER = "HTTP_X_KIOSK_TOKEN"


class FeedbackSubmitApi(APIView):
    """Send citizen feedback with the nine IKM answers (no login).

    Limited per client address (FEEDBACK_RATE_LIMIT); a kiosk device sends its
    token in the `X-Kiosk-Token` header and is not limited.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]

    @extend_schema(
        request=FeedbackSubmitSerializer,
        responses={201: FeedbackCreatedSerializer, **error_responses(413, 429)},
        parameters=[OpenApiParameter("X-Kiosk-Token", str, OpenApiParameter.HEADER, required=False)],
        tags=["feedback"],
    )
    def post(self, request):
        if len(request.body) > settings.FEEDBACK_MAX_BODY_BYTES:
            raise ApplicationError(
                _("The submission is too large: at most %(kb)d KB.") % {"kb": settings.FEEDBACK_MAX_BODY_BYTES // 1024},
                code="too_large",
                status=413,
            )
        kiosk = selectors.kiosk_get_by_token(token=request.META.get(KIOSK_HEADER, ""))
        if kiosk is None and submission_limited(request):
            raise ApplicationError(
                _("Too many submissions from your network. Please wait a minute and try again."),
                code="rate_limited",
                status=429,
            )
        serializer = FeedbackSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("website"):
            raise ApplicationError(_("This submission looks automated and was not accepted."), code="honeypot")
        unit = selectors.public_unit_get(code=data["unit"])
        if unit is None:
            raise ValidationError({"unit": [_("No unit that serves the public has this code.")]})
        if kiosk is not None and kiosk.unit_id != unit.pk:
            raise ValidationError(
                {"unit": [_("This kiosk collects feedback for %(unit)s only.") % {"unit": kiosk.unit}]}
            )
        service = None
        if data.get("service"):
            service = selectors.service_get(unit=unit, code=data["service"])
            if service is None:
                raise ValidationError({"service": [_("The chosen unit has no service with this code.")]})
        feedback = services.feedback_submit(
            unit=unit,
            service=service,
            scores=data["scores"],
            kind=data["kind"],
            message=data["message"],
            anonymous=data["anonymous"],
            contact=data.get("contact", ""),
            contact_name=data.get("contact_name", ""),
            gender=data.get("gender", ""),
            age_band=data.get("age_band", ""),
            education=data.get("education", ""),
            occupation=data.get("occupation", ""),
            channel=Feedback.Channel.KIOSK if kiosk else Feedback.Channel.API,
            kiosk=kiosk,
        )
        return Response({"tracking_code": feedback.tracking_code}, status=status.HTTP_201_CREATED)


class FeedbackTrackApi(APIView):
    """Status and public replies of a submission, by its tracking code (no login)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: FeedbackTrackSerializer, **error_responses(429)}, tags=["feedback"])
    def get(self, request, tracking_code):
        if tracking_limited(request):
            raise ApplicationError(
                _("Too many look-ups from your network. Please wait a minute and try again."),
                code="rate_limited",
                status=429,
            )
        feedback = selectors.feedback_get_by_code(code=tracking_code)
        if feedback is None:
            raise NotFound(_("No feedback has this tracking code."))
        return Response(FeedbackTrackSerializer(feedback).data)


class IkmApi(APIView):
    """IKM (PermenPANRB 14/2017) of one unit (or one of its services) or all units for a period (no login)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="OrgUnit code; all units when omitted"),
            OpenApiParameter("service", str, description="Service code of that unit (optional)"),
            OpenApiParameter("start", str, description="YYYY-MM-DD (inclusive)"),
            OpenApiParameter("end", str, description="YYYY-MM-DD (inclusive)"),
        ],
        responses=IkmSerializer,
        tags=["feedback"],
    )
    def get(self, request):
        params = validated_query(IkmQuerySerializer, request)
        unit = None
        if params.get("unit"):
            unit = selectors.public_unit_get(code=params["unit"])
            if unit is None:
                raise ValidationError({"unit": [_("No unit that serves the public has this code.")]})
        service = None
        if params.get("service"):
            if unit is None:
                raise ValidationError({"service": [_("Choose the unit of the service too.")]})
            service = selectors.service_get(unit=unit, code=params["service"])
            if service is None:
                raise ValidationError({"service": [_("The chosen unit has no service with this code.")]})
        start, end = params.get("start"), params.get("end")
        data = selectors.ikm_cached(unit=unit, service=service, start=start, end=end)
        payload = {
            "unit": unit.code if unit else None,
            "service": service.code if service else None,
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            **data,
        }
        return Response(IkmSerializer(payload).data)
