from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.catalog, name="catalog"),
    path("workshops/action-plans/", views.my_plans, name="my-plans"),
    path("workshops/action-plans/<int:enrollment_id>/", views.action_plan, name="action-plan"),
    path("workshops/hr/", views.hr_list, name="hr-list"),
    path("workshops/hr/sessions/<int:pk>/action-plans/", views.hr_session_plans, name="hr-session-plans"),
    path("workshops/hr/<slug:code>/", views.hr_edit, name="hr-edit"),
    path("workshops/<slug:code>/", views.detail, name="detail"),
]
