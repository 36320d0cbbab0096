"""The announcements API (HR): write a draft, count its audience, send it, follow
its delivery. Who may: announcements/rules.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRulePermission
from asn_competency.common.api import validated_query
from asn_competency.common.schema import error_responses
from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from .serializers import (
    AnnouncementCreateSerializer,
    AnnouncementSerializer,
    AudienceCountSerializer,
    AudienceSerializer,
)


class AnnouncementsApi:
    """HR staff only (announcements.manage_announcements, announcements/rules.py)."""

    permission_classes = [HasRulePermission]
    permission_required = "announcements.manage_announcements"


def _target(data) -> dict:
    return {key: data.get(key) for key in ("audience", "session", "program", "unit", "include_subunits")}


@extend_schema(tags=["announcements"])
class AnnouncementListCreateApi(AnnouncementsApi, generics.ListAPIView):
    """HR: every announcement, newest first; POST writes a draft (nothing is sent)."""

    serializer_class = AnnouncementSerializer

    def get_queryset(self):
        return selectors.announcement_list()

    @extend_schema(request=AnnouncementCreateSerializer, responses={201: AnnouncementSerializer})
    def post(self, request):
        data = AnnouncementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        announcement = services.announcement_create(
            actor=request.user, subject=values["subject"], body=values["body"], **_target(values)
        )
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)


class AnnouncementPreviewApi(AnnouncementsApi, APIView):
    """HR: how many people an audience reaches (one COUNT), before writing anything."""

    @extend_schema(parameters=[AudienceSerializer], responses=AudienceCountSerializer, tags=["announcements"])
    def get(self, request):
        values = validated_query(AudienceSerializer, request)
        return Response({"recipients": selectors.announcement_audience_count(**_target(values))})


class AnnouncementDetailApi(AnnouncementsApi, APIView):
    """HR: one announcement with its delivery status (`delivered` of `total`)."""

    @extend_schema(responses=AnnouncementSerializer, tags=["announcements"])
    def get(self, request, pk):
        announcement = or_404(selectors.announcement_get, pk=pk)
        return Response(AnnouncementSerializer(announcement).data)


class AnnouncementSendApi(AnnouncementsApi, APIView):
    """HR: send a draft; the delivery runs in the background (follow it with the
    announcement's status). 400 when nobody is in its audience, 409 when it was
    already sent."""

    @extend_schema(
        request=None,
        responses={202: AnnouncementSerializer, **error_responses(400, 409)},
        tags=["announcements"],
    )
    def post(self, request, pk):
        or_404(selectors.announcement_get, pk=pk)
        announcement = services.announcement_send(announcement_id=pk, actor=request.user)
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_202_ACCEPTED)
