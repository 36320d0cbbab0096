"""Pages of the feedback app: thin views that validate, call a service or selector, render."""

from .asn import asn_report_create, asn_report_mine, asn_report_summary
from .public import (
    feedback_form,
    ikm_export,
    ikm_public,
    ikm_refresh,
    kiosk_form,
    kiosk_legacy_link,
    kiosk_pair,
    service_options,
    track_detail,
    track_follow_up,
    track_lookup,
    unit_poster,
    unit_qr,
)
from .pwa import offline_bundle, service_worker, web_manifest
from .staff import kiosk_manage, kiosk_pairing_new, kiosk_revoke, staff_detail, staff_list, staff_tag, staff_tag_report

__all__ = [
    "offline_bundle",
    "service_worker",
    "web_manifest",
    "feedback_form",
    "ikm_export",
    "ikm_public",
    "ikm_refresh",
    "kiosk_form",
    "kiosk_legacy_link",
    "kiosk_pair",
    "service_options",
    "track_detail",
    "track_follow_up",
    "track_lookup",
    "unit_poster",
    "unit_qr",
    "kiosk_manage",
    "kiosk_pairing_new",
    "kiosk_revoke",
    "staff_detail",
    "staff_list",
    "staff_tag",
    "staff_tag_report",
    "asn_report_create",
    "asn_report_mine",
    "asn_report_summary",
]
