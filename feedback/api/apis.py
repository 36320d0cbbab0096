import re

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
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
from ..ratelimit import follow_up_limited, kiosk_limited, kiosk_pair_limited, submission_limited, tracking_limited
from .serializers import (
    IDEMPOTENCY_KEY_INVALID,
    IDEMPOTENCY_KEY_RE,
    CitizenRatingSerializer,
    CitizenReopenSerializer,
    CitizenReplySerializer,
    FeedbackCreatedSerializer,
    FeedbackSubmitSerializer,
    FeedbackTrackSerializer,
    IkmQuerySerializer,
    IkmSerializer,
    KioskPairedSerializer,
    KioskPairSerializer,
    submission_from_json,
)

KIOSK_HEADER = "HTTP_X_KIOSK_TOKEN"
IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"
KIOSK_COOKIE_HEADER = "HTTP_X_KIOSK_COOKIE"


class FeedbackSubmitApi(APIView):
    """Send citizen feedback with the nine IKM answers (no login).

    Limited per client address (FEEDBACK_RATE_LIMIT). A kiosk app sends its
    device token (from `POST /api/v1/feedback/kiosk/pair/`) in the
    `X-Kiosk-Token` header and is limited per device instead
    (FEEDBACK_KIOSK_RATE_LIMIT).

    Exactly once: a form filled in offline is sent with an `Idempotency-Key`
    header (or `idempotency_key` field) and `submitted_at`, the time the citizen
    made it. Sending it again with the same key answers the same 201 body with
    the first submission's tracking code and stores nothing new.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    # Nested JSON body (objects, lists): a form encoding cannot carry it, so the
    # schema must not offer one.
    parser_classes = [JSONParser]

    @extend_schema(
        request=FeedbackSubmitSerializer,
        responses={201: FeedbackCreatedSerializer, **error_responses(413, 429)},
        parameters=[
            OpenApiParameter("X-Kiosk-Token", str, OpenApiParameter.HEADER, required=False),
            OpenApiParameter(
                "X-Kiosk-Cookie",
                str,
                OpenApiParameter.HEADER,
                required=False,
                enum=["1"],
                description="Sent by the kiosk page: use the paired tablet's device cookie instead of X-Kiosk-Token.",
            ),
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                pattern=IDEMPOTENCY_KEY_RE,
                description="The client's key for this submission (for example a UUID made when the form was "
                "submitted). A repeated key answers 201 with the first submission's tracking code and never "
                "stores a second row.",
            ),
        ],
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
        if kiosk is None and request.META.get(KIOSK_COOKIE_HEADER) == "1":
            # The kiosk page's offline queue: the tablet's signed device cookie, used only
            # with this custom header, which a cross-site form cannot send.
            from ..views.public import kiosk_from_cookie

            kiosk = kiosk_from_cookie(request)
        if kiosk is None and submission_limited(request):
            raise ApplicationError(
                _("Too many submissions from your network. Please wait a minute and try again."),
                code="rate_limited",
                status=429,
            )
        if kiosk is not None and kiosk_limited(request, kiosk):
            raise ApplicationError(
                _("This kiosk has received many submissions in a short time. Please wait a while."),
                code="rate_limited",
                status=429,
            )
        key = request.META.get(IDEMPOTENCY_HEADER, "").strip()
        if key and not re.match(IDEMPOTENCY_KEY_RE, key):
            raise ValidationError({"idempotency_key": [IDEMPOTENCY_KEY_INVALID]})
        if not key and isinstance(request.data, dict) and isinstance(request.data.get("idempotency_key"), str):
            key = request.data["idempotency_key"].strip()
        if key and re.match(IDEMPOTENCY_KEY_RE, key):
            # A repeated delivery answers the first one, even if the form has since gone out of date.
            first = selectors.feedback_tracking_code_by_idempotency_key(key=key)
            if first is not None:
                return Response({"tracking_code": first}, status=status.HTTP_201_CREATED)
        data, errors = submission_from_json(request.data)  # the JSON types: the rules are feedback_submit's
        key = key or data["idempotency_key"] or None
        unit = selectors.public_unit_cached(code=data["unit"]) if data["unit"] else None  # the INSERT re-checks it
        if unit is None and "unit" not in errors:
            errors["unit"] = [_("No unit that serves the public has this code.")]
        # The rules of a submission (the kiosk's unit, the service of the unit, honeypot,
        # anonymity, lengths and choices) are the service's.
        submission = {
            "service_code": data["service"], "honeypot": data["website"], "scores": data["scores"],
            "kind": data["kind"], "message": data["message"], "anonymous": data["anonymous"],
            "contact": data["contact"], "contact_name": data["contact_name"], "gender": data["gender"],
            "age_band": data["age_band"], "education": data["education"], "occupation": data["occupation"],
            "channel": Feedback.Channel.KIOSK if kiosk else Feedback.Channel.API, "kiosk": kiosk,
            "idempotency_key": key, "submitted_at": data["submitted_at"],
        }  # fmt: skip
        if errors:  # every field at fault at once: also what the service says of the others
            raise ValidationError(services.feedback_submission_errors(unit=unit, **submission) | errors)
        feedback = services.feedback_submit(unit=unit, **submission)
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


class _FollowUpApi(APIView):
    """The citizen's follow-up after the unit's answer, by tracking code (no login).

    Answers 200 with the tracking view; 404 for an unknown code; 409 when the
    feedback's state does not allow it; 429 when the client address sends too many
    (FEEDBACK_FOLLOW_UP_RATE_LIMIT). JSON only, so a cross-site HTML form cannot post here.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser]
    input_serializer: type[serializers.Serializer]

    def act(self, *, feedback, **data):
        raise NotImplementedError

    def follow_up(self, request, tracking_code):
        if follow_up_limited(request):
            raise ApplicationError(
                _("Too many attempts from your network. Please wait a while and try again."),
                code="rate_limited",
                status=429,
            )
        feedback = selectors.feedback_get_by_code(code=tracking_code)
        if feedback is None:
            raise NotFound(_("No feedback has this tracking code."))
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.act(feedback=feedback, **data.validated_data)
        return Response(FeedbackTrackSerializer(selectors.feedback_get_by_code(code=tracking_code)).data)


class FeedbackReplyApi(_FollowUpApi):
    """The citizen replies to the unit's answer (while the feedback is not closed)."""

    input_serializer = CitizenReplySerializer

    def act(self, *, feedback, **data):
        services.feedback_citizen_reply(feedback=feedback, **data)

    @extend_schema(
        request=CitizenReplySerializer,
        responses={200: FeedbackTrackSerializer, **error_responses(409, 429)},
        tags=["feedback"],
    )
    def post(self, request, tracking_code):
        return self.follow_up(request, tracking_code)


class FeedbackRateApi(_FollowUpApi):
    """The citizen rates the handling, 1-5 with an optional comment; once (409 the second time)."""

    input_serializer = CitizenRatingSerializer

    def act(self, *, feedback, **data):
        services.feedback_citizen_rate(feedback=feedback, **data)

    @extend_schema(
        request=CitizenRatingSerializer,
        responses={200: FeedbackTrackSerializer, **error_responses(409, 429)},
        tags=["feedback"],
    )
    def post(self, request, tracking_code):
        return self.follow_up(request, tracking_code)


class FeedbackReopenApi(_FollowUpApi):
    """The citizen reopens an answered feedback within FEEDBACK_REOPEN_WORKING_DAYS working days (409 after)."""

    input_serializer = CitizenReopenSerializer

    def act(self, *, feedback, **data):
        services.feedback_citizen_reopen(feedback=feedback, **data)

    @extend_schema(
        request=CitizenReopenSerializer,
        responses={200: FeedbackTrackSerializer, **error_responses(409, 429)},
        tags=["feedback"],
    )
    def post(self, request, tracking_code):
        return self.follow_up(request, tracking_code)


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


class KioskPairApi(APIView):
    """Pair a kiosk app with its one-time pairing code (no login): answers the
    device token to send as `X-Kiosk-Token`. Attempts are limited per address."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=KioskPairSerializer,
        responses={201: KioskPairedSerializer, **error_responses(429)},
        tags=["feedback"],
    )
    def post(self, request):
        if kiosk_pair_limited(request):
            raise ApplicationError(
                _("Too many pairing attempts from your network. Please wait and try again."),
                code="rate_limited",
                status=429,
            )
        data = KioskPairSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kiosk, token = services.kiosk_pair(code=data.validated_data["code"])
        return Response({"token": token, "unit": kiosk.unit.code}, status=status.HTTP_201_CREATED)
