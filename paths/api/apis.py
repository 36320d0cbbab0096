"""The learning paths API: published paths, the ASN's own with progress, a
path's steps, following, and HR's report per unit. Rules: paths/rules.py."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import employee_for_user
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from .. import rules, selectors, services
from ..models import LearningPath
from .serializers import (
    MyPathSerializer,
    PathDetailSerializer,
    PathFollowSerializer,
    PathListQuerySerializer,
    PathReportQuerySerializer,
    PathReportRowSerializer,
    PathSerializer,
)


def Rule(predicate):  # noqa: N802  (reads like a class in permission_classes)
    """A DRF permission class from a user predicate of paths/rules.py."""

    class _Rule(BasePermission):
        def has_permission(self, request, view):
            return predicate(request.user)

    return _Rule


TAGS = ["paths"]


@extend_schema(tags=TAGS, parameters=[PathListQuerySerializer])
class PathListApi(generics.ListAPIView):
    """Published learning paths (optionally of one competency)."""

    permission_classes = [IsAuthenticated]
    serializer_class = PathSerializer

    def get_queryset(self):
        data = validated_query(PathListQuerySerializer, self.request)
        return selectors.path_list(status=LearningPath.Status.PUBLISHED, competency_id=data.get("competency"))


@extend_schema(tags=TAGS, responses={200: MyPathSerializer(many=True), **error_responses(403)})
class MyPathListApi(APIView):
    """The signed-in ASN's paths: those towards a level their position requires,
    and those they follow, each with their progress."""

    permission_classes = [IsAuthenticated, Rule(rules.can_see_my_paths)]

    def get(self, request):
        employee = employee_for_user(user=request.user)
        paths = selectors.path_list_for_employee(employee=employee) if employee else []
        return Response(MyPathSerializer(paths, many=True).data)


def _visible_path(request, pk: int, employee):
    path = or_404(selectors.path_get, pk=pk, employee=employee)
    if not rules.can_view_path(request.user, path):
        raise PermissionDenied
    return path


@extend_schema(tags=TAGS, responses={200: PathDetailSerializer, **error_responses(403)})
class PathDetailApi(APIView):
    """A path with its ordered steps; for an ASN, which steps are done."""

    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        employee = employee_for_user(user=request.user)
        path = _visible_path(request, pk, employee)
        path.step_rows = list(selectors.path_steps(path=path, employee=employee))
        return Response(PathDetailSerializer(path).data)


class PathFollowApi(APIView):
    """Follow a published path (POST) or stop following it (DELETE)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=None, responses={201: PathFollowSerializer, **error_responses(400, 403, 409)})
    def post(self, request, pk: int):
        employee = employee_for_user(user=request.user)
        path = _visible_path(request, pk, employee)
        services.path_follow(path=path, employee=employee)
        return Response({"path": path.pk, "following": True}, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, request=None, responses={204: None, **error_responses(403)})
    def delete(self, request, pk: int):
        employee = employee_for_user(user=request.user)
        path = _visible_path(request, pk, employee)
        services.path_unfollow(path=path, employee=employee)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS, parameters=[PathReportQuerySerializer], responses=PathReportRowSerializer(many=True))
class PathReportApi(APIView):
    """HR: per path and organisation unit, how many ASN follow it and how many finished it."""

    permission_classes = [IsAuthenticated, Rule(rules.can_view_path_report)]
    error_statuses = {403}

    def get(self, request):
        data = validated_query(PathReportQuerySerializer, request)
        return Response(PathReportRowSerializer(selectors.path_report(path_id=data.get("path")), many=True).data)
