from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from asn_competency.common.shortcuts import or_404

from .. import selectors, services
from ..filters import NotificationFilter
from .serializers import NotificationSerializer


@extend_schema(tags=["notifications"])
class NotificationListApi(generics.ListAPIView):
    """The caller's own notifications, newest first (`unread`, `kind` filter)."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter  # applied by the selector; here for the schema

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user, filters=self.request.query_params)


class NotificationReadApi(APIView):
    """Mark one of the caller's notifications read (404 for anyone else's)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer, tags=["notifications"])
    def post(self, request, pk):
        notification = or_404(services.notification_mark_read, user=request.user, notification_id=pk)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllApi(APIView):
    """Mark all the caller's unread notifications read; answers how many."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarkedRead", {"marked": serializers.IntegerField()}),
        tags=["notifications"],
    )
    def post(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})
