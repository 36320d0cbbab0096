"""Community API: public reads of topics and meetings, support votes,
meeting registration, and the adopted inputs for the evaluation team."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRole
from accounts.roles import Role
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses

from .. import selectors, services
from ..forms import SearchForm
from ..ratelimits import limited
from .serializers import (
    InputsQuerySerializer,
    MeetingSerializer,
    PostSerializer,
    RegistrationInputSerializer,
    TopicDetailSerializer,
    TopicListSerializer,
)


class TopicListApi(APIView):
    """Public topics, newest activity first; `q` searches (full text on PostgreSQL)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("category", str, description="Forum slug"),
            OpenApiParameter("status", str),
            OpenApiParameter("sort", str, enum=["activity", "new", "support", "replies"]),
        ],
        responses=TopicListSerializer(many=True),
        tags=["community"],
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        category = None
        if request.query_params.get("category"):
            category = selectors.category_get(slug=request.query_params["category"])
        topics = selectors.topic_list(
            category=category,
            q=form.cleaned_data["q"],
            status=form.cleaned_data["status"],
            sort=form.cleaned_data["sort"] or "activity",
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(topics, request, view=self)
        return paginator.get_paginated_response(TopicListSerializer(page, many=True).data)


class TopicDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "TopicWithPosts", {"topic": TopicDetailSerializer(), "posts": PostSerializer(many=True)}
        ),
        tags=["community"],
    )
    def get(self, request, pk):
        topic = selectors.topic_get(pk=pk, viewer=request.user)
        posts = selectors.thread_posts(topic=topic, viewer=request.user)[:200]
        return Response({"topic": TopicDetailSerializer(topic).data, "posts": PostSerializer(posts, many=True).data})


class TopicSupportApi(APIView):
    """POST: support the topic (409 when this account already does); DELETE: withdraw."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer("SupportCreated", {"supports": serializers.IntegerField()}),
            **error_responses(409),
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

    @extend_schema(
        parameters=[OpenApiParameter("past", bool, description="Past meetings instead of upcoming ones.")],
        responses=MeetingSerializer(many=True),
        tags=["community"],
    )
    def get(self, request):
        past = serializers.BooleanField().to_internal_value(request.query_params.get("past", "false"))
        meetings = selectors.meeting_list(upcoming=not past)[:100]
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

    permission_classes = [HasRole(Role.HR, Role.ADMIN)]

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
            program = selectors.program_get(code=query["program"])
        inputs = selectors.community_inputs_for(start=query["start"], end=query["end"], program=program)
        rows = inputs.rows()
        for row in rows:
            row["date"] = row["date"].isoformat()
        return Response({"start": query["start"], "end": query["end"], "inputs": rows})
