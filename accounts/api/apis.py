from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..filters import OrgUnitFilter
from ..lockout import lockout_response
from ..selectors import orgunit_list
from .serializers import OrgUnitSerializer


class TokenObtainApi(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        tags=["auth"],
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        # django-axes marks the DRF request it was given, which its middleware
        # never sees: answer the lockout here, as the log-in page does.
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request._request, api=True)
        if not valid:
            raise exceptions.ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class OrgUnitListApi(APIView):
    """The organisation units of Pemkot Medan (no login needed)."""

    permission_classes = [AllowAny]
    filterset_class = OrgUnitFilter  # applied by the selector; here for the schema

    @extend_schema(responses=OrgUnitSerializer(many=True), tags=["organisation"])
    def get(self, request):
        units = orgunit_list(filters=request.query_params)
        return Response(OrgUnitSerializer(units, many=True).data)
