from django.urls import path

from .views import asn, check_in, claims, hr, public, supervisor

app_name = "training"

urlpatterns = [
    # Everyone
    path("training/", public.catalog, name="catalog"),
    path("training/programs/<slug:code>/", public.program_detail, name="program-detail"),
    path("training/programs/<slug:code>/calendar.ics", public.program_ical, name="program-ical"),
    path("training/sessions/<int:pk>/", public.session_detail, name="session-detail"),
    path("training/calendar/", public.calendar_view, name="calendar"),
    # ASN
    path("training/sessions/<int:pk>/enroll/", asn.enroll, name="enroll"),
    path("training/enrollments/<int:pk>/cancel/", asn.cancel, name="cancel"),
    path("training/my/", asn.my_enrollments, name="my-enrollments"),
    path("training/my/jp/", asn.my_jp, name="my-jp"),
    path("training/my/calendar/<str:token>.ics", asn.my_ical, name="my-ical"),
    path("training/check-in/<str:token>/", check_in.check_in, name="check-in"),
    path("training/my/external/", claims.my_claims, name="my-claims"),
    # Supervisors
    path("training/external/pending/", claims.pending_claims, name="claims-pending"),
    path("training/external/<int:pk>/decide/", claims.decide_claim, name="claims-decide"),
    path("training/approvals/", supervisor.approvals, name="approvals"),
    path(
        "training/approvals/<int:pk>/<str:decision>/",
        supervisor.decide,
        name="decide",
    ),
    # HR (BKPSDM)
    path("training/hr/sessions/", hr.session_list_view, name="hr-sessions"),
    path("training/hr/sessions/new/", hr.session_edit, name="hr-session-create"),
    path("training/hr/sessions/<int:pk>/", hr.session_roster, name="hr-session-roster"),
    path("training/hr/sessions/<int:pk>/edit/", hr.session_edit, name="hr-session-edit"),
    path("training/hr/sessions/<int:pk>/cancel/", hr.session_cancel_view, name="hr-session-cancel"),
    path("training/hr/sessions/<int:pk>/reopen/", hr.session_reopen_view, name="hr-session-reopen"),
    path("training/hr/sessions/<int:pk>/finalize/", hr.session_finalize_view, name="hr-session-finalize"),
    path("training/hr/sessions/<int:pk>/days/<int:day_id>/", hr.attendance_day, name="hr-attendance"),
    path("training/sessions/<int:pk>/days/<int:day_id>/check-in/", check_in.screen, name="check-in-screen"),
    path("training/sessions/<int:pk>/days/<int:day_id>/check-in/qr/", check_in.screen_qr, name="check-in-qr"),
    path(
        "training/sessions/<int:pk>/days/<int:day_id>/check-in/arrivals/",
        check_in.screen_list,
        name="check-in-arrivals",
    ),
    path("training/hr/enrollments/<int:pk>/history/", hr.enrollment_history_view, name="hr-enrollment-history"),
    path("training/hr/enrollments/<int:pk>/<str:action>/", hr.enrollment_action, name="hr-enrollment-action"),
    path("training/hr/programs/", hr.program_list_view, name="hr-programs"),
    path("training/hr/programs/new/", hr.program_edit, name="hr-program-create"),
    path("training/hr/programs/<slug:code>/edit/", hr.program_edit, name="hr-program-edit"),
    path("training/hr/programs/<slug:code>/revise/", hr.program_revise_view, name="hr-program-revise"),
    path("training/hr/venues/", hr.venues, name="hr-venues"),
    path("training/hr/venues/<int:pk>/", hr.venues, name="hr-venue-edit"),
    path("training/hr/trainers/", hr.trainers, name="hr-trainers"),
    path("training/hr/trainers/<int:pk>/", hr.trainers, name="hr-trainer-edit"),
    path("training/hr/external/", hr.external_training, name="hr-external"),
    path("training/hr/external/<int:pk>/proof/", claims.claim_proof, name="hr-external-proof"),
    path("training/hr/external/audit/", claims.audit, name="claims-audit"),
    path("training/hr/external/<int:pk>/revoke/", claims.revoke_claim, name="claims-revoke"),
]
