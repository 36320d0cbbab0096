"""The learning paths API: published paths, the ASN's own with progress, a
path's steps, following, and HR's report per unit. Rules: paths/rules.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission, check_perm, require_employee
from accounts.rules import employee_of
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..models import LearningPath
from .serializers import (
    MyPathSerializer,
    PathDetailSerializer,
    PathFollowSerializer,
    PathListQuerySerializer,
    PathReportQuerySerializer,
    PathReportRowSerializer,
    PathSerializer,
    PathWriteSerializer,
)

TAGS = ["paths"]


def _detail(path: LearningPath, employee=None) -> dict:
    path = selectors.path_get(pk=path.pk, employee=employee)
    path.step_rows = list(selectors.path_steps(path=path, employee=employee))
    return PathDetailSerializer(path).data


class PathListApi(generics.ListAPIView):
    """Published learning paths (optionally of one competency); HR creates a path (a draft)."""

    permission_classes = [IsAuthenticated]
    serializer_class = PathSerializer

    def get_queryset(self):
        data = validated_query(PathListQuerySerializer, self.request)
        return selectors.path_list(status=LearningPath.Status.PUBLISHED, competency_id=data.get("competency"))

    @extend_schema(tags=TAGS, parameters=[PathListQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, request=PathWriteSerializer, responses={201: PathDetailSerializer, **error_responses(403)}
    )
    def post(self, request):
        check_perm(request.user, "paths.manage_paths")
        data = PathWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: data.validated_data[k] for k in ("competency", "from_level", "title", "description")}
        path = services.path_create(**values, steps=data.step_inputs(), actor=request.user)
        return Response(_detail(path), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, responses={200: MyPathSerializer(many=True), **error_responses(403)})
class MyPathListApi(APIView):
    """The signed-in ASN's paths: those towards a level their position requires,
    and those they follow, each with their progress."""

    permission_classes = [HasRulePermission]
    permission_required = "paths.view_own_paths"

    def get(self, request):
        paths = selectors.path_list_for_employee(employee=require_employee(request.user))
        return Response(MyPathSerializer(paths, many=True).data)


def _visible_path(request, pk: int, employee):
    path = or_404(selectors.path_get, pk=pk, employee=employee)
    check_perm(request.user, "paths.view_path", path)
    return path


class PathDetailApi(APIView):
    """A path with its ordered steps; for an ASN, which steps are done. HR replaces
    a path and its steps (PUT; `revision` guards against overwriting a newer save)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: PathDetailSerializer, **error_responses(403)})
    def get(self, request, pk: int):
        employee = employee_of(request.user)
        path = _visible_path(request, pk, employee)
        path.step_rows = list(selectors.path_steps(path=path, employee=employee))
        return Response(PathDetailSerializer(path).data)

    @extend_schema(
        tags=TAGS, request=PathWriteSerializer, responses={200: PathDetailSerializer, **error_responses(403, 409)}
    )
    def put(self, request, pk: int):
        check_perm(request.user, "paths.manage_paths")
        path = or_404(selectors.path_get, pk=pk)
        data = PathWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: data.validated_data[k] for k in ("competency", "from_level", "title", "description")}
        path = services.path_update(
            path=path, **values, steps=data.step_inputs(), expected_revision=data.validated_data.get("revision")
        )
        return Response(_detail(path))


class PathPublishApi(APIView):
    """HR publishes a path (400 without a required published step, 409 when
    another path of the level is published)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={200: PathDetailSerializer, **error_responses(400, 403, 409)})
    def post(self, request, pk: int):
        check_perm(request.user, "paths.manage_paths")
        path = services.path_publish(path=or_404(selectors.path_get, pk=pk), actor=request.user)
        return Response(_detail(path))


class PathArchiveApi(APIView):
    """HR withdraws a path (its followers keep it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={200: PathDetailSerializer, **error_responses(403)})
    def post(self, request, pk: int):
        check_perm(request.user, "paths.manage_paths")
        path = services.path_archive(path=or_404(selectors.path_get, pk=pk), actor=request.user)
        return Response(_detail(path))


class PathFollowApi(APIView):
    """Follow a published path (POST) or stop following it (DELETE)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={201: PathFollowSerializer, **error_responses(400, 403, 409)})
    def post(self, request, pk: int):
        employee = employee_of(request.user)
        path = _visible_path(request, pk, employee)
        check_perm(request.user, "paths.follow_path", path)
        services.path_follow(path=path, employee=employee)
        return Response({"path": path.pk, "following": True}, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, request=None, responses={204: None, **error_responses(403)})
    def delete(self, request, pk: int):
        employee = employee_of(request.user)
        path = _visible_path(request, pk, employee)
        services.path_unfollow(path=path, employee=employee)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS, parameters=[PathReportQuerySerializer], responses=PathReportRowSerializer(many=True))
class PathReportApi(APIView):
    """HR: per path and organisation unit, how many ASN follow it and how many finished it."""

    permission_classes = [HasRulePermission]
    permission_required = "paths.view_path_report"

    def get(self, request):
        data = validated_query(PathReportQuerySerializer, request)
        return Response(PathReportRowSerializer(selectors.path_report(path_id=data.get("path")), many=True).data)
