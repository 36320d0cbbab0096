from django.urls import path

from . import apis

urlpatterns = [
    path("auth/token/", apis.TokenObtainApi.as_view(), name="auth-token"),
    path("units/", apis.OrgUnitListApi.as_view(), name="unit-list"),
]
