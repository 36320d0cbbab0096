from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.catalog, name="catalog"),
    path("workshops/action-plans/", views.my_plans, name="my-plans"),
    path("workshops/action-plans/<int:enrollment_id>/", views.action_plan, name="action-plan"),
    path("workshops/<slug:code>/", views.detail, name="detail"),
]
