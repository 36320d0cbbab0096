"""Community API: public reads of topics and meetings, support votes,
meeting registration, and the adopted inputs for the evaluation team."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses

from .. import rules, selectors, services
from ..filters import MeetingFilter, TopicFilter
from ..ratelimits import limited
from .serializers import (
    InputsQuerySerializer,
    MeetingSerializer,
    PostSerializer,
    RegistrationInputSerializer,
    TopicDetailSerializer,
    TopicListSerializer,
)


@extend_schema(tags=["community"])
class TopicListApi(generics.ListAPIView):
    """Public topics, newest activity first; `q` searches (full text on PostgreSQL)."""

    permission_classes = [AllowAny]
    serializer_class = TopicListSerializer
    filterset_class = TopicFilter  # applied by the selector; here for the schema

    def get_queryset(self):
        return selectors.topic_list(filters=self.request.query_params)


class TopicDetailApi(APIView):
    permission_classes = [AllowAny]

    """A topic, its posts, and what the caller may do with it (`viewer`, from community.rules)."""

    @extend_schema(
        responses=inline_serializer(
            "TopicWithPosts",
            {
                "topic": TopicDetailSerializer(),
                "posts": PostSerializer(many=True),
                "viewer": inline_serializer(
                    "TopicViewerRights",
                    {
                        "can_support": serializers.BooleanField(),
                        "can_answer_officially": serializers.BooleanField(),
                        "statuses": serializers.ListField(child=serializers.CharField()),
                    },
                ),
            },
        ),
        tags=["community"],
    )
    def get(self, request, pk):
        topic = selectors.topic_get(pk=pk, viewer=request.user)
        posts = selectors.thread_posts(topic=topic, viewer=request.user)[:200]
        viewer = {
            "can_support": rules.can_support(request.user, topic),
            "can_answer_officially": rules.can_answer_officially(request.user, topic),
            "statuses": [str(s) for s in rules.status_choices_for(request.user, topic)],
        }
        return Response(
            {
                "topic": TopicDetailSerializer(topic).data,
                "posts": PostSerializer(posts, many=True).data,
                "viewer": viewer,
            }
        )


class TopicSupportApi(APIView):
    """POST: support the topic (409 when this account already does, 403 for its own author); DELETE: withdraw."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer("SupportCreated", {"supports": serializers.IntegerField()}),
            **error_responses(400, 409),
        },
        tags=["community"],
    )
    def post(self, request, pk):
        topic = selectors.topic_get(pk=pk, viewer=request.user)
        services.topic_support(topic=topic, user=request.user)
        topic = selectors.topic_get(pk=pk, viewer=request.user)
        return Response({"supports": topic.support_count}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, tags=["community"])
    def delete(self, request, pk):
        topic = selectors.topic_get(pk=pk, viewer=request.user)
        services.topic_unsupport(topic=topic, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingListApi(APIView):
    permission_classes = [AllowAny]

    filterset_class = MeetingFilter  # applied by the selector; here for the schema

    @extend_schema(responses=MeetingSerializer(many=True), tags=["community"])
    def get(self, request):
        meetings = selectors.meeting_list(filters=request.query_params)[:100]
        return Response(MeetingSerializer(meetings, many=True).data)


class MeetingRegisterApi(APIView):
    """Register for a meeting (no login needed): 201 with the confirmation code;
    409 when full or already registered; 400 when registration is closed."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={
            201: inline_serializer(
                "MeetingRegistered", {"code": serializers.CharField(), "status": serializers.CharField()}
            ),
            **error_responses(409, 429),
        },
        tags=["community"],
    )
    def post(self, request, pk):
        meeting = selectors.meeting_get(pk=pk)
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if limited(request, setting="COMMUNITY_REGISTRATION_RATE_LIMIT", group="register"):
            raise Throttled(detail=_("You are posting too fast. Please wait a while and try again."))
        user = request.user if request.user.is_authenticated else None
        registration = services.meeting_register(meeting=meeting, user=user, **data.validated_data)
        return Response({"code": registration.code, "status": registration.status}, status=status.HTTP_201_CREATED)


class CommunityInputsApi(APIView):
    """Adopted topics and meeting outcomes in a period, for program revision (HR, admin)."""

    permission_classes = [HasRulePermission]
    permission_required = "community.view_inputs"

    @extend_schema(
        parameters=[InputsQuerySerializer],
        responses={
            200: inline_serializer(
                "CommunityInputs",
                {
                    "start": serializers.DateField(),
                    "end": serializers.DateField(),
                    "inputs": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        tags=["community"],
    )
    def get(self, request):
        query = validated_query(InputsQuerySerializer, request)
        program = None
        if query.get("program"):
            try:
                program = selectors.program_get(code=query["program"])
            except Http404:
                raise serializers.ValidationError({"program": [_("No training program has this code.")]}) from None
        inputs = selectors.community_inputs_for(start=query["start"], end=query["end"], program=program)
        rows = inputs.rows()
        for row in rows:
            row["date"] = row["date"].isoformat()
        return Response({"start": query["start"], "end": query["end"], "inputs": rows})
