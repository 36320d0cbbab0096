from django.urls import include, path

from .bare import bare_insert

urlpatterns = [
    path("bench/bare/", bare_insert),
    path("", include("asn_competency.urls")),
]
