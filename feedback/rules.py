"""Who may do what in the feedback app: named predicates (django-rules) and the
permissions the views, the API, the services, templates and the navigation check.

Citizen feedback is handled by the unit officers of the unit it is about (their
own unit's only) and by HR staff city-wide; HR alone tags it for program
revision, reads the ASN reports and refreshes the IKM figures. The citizen pages
(give feedback, track, IKM) are public.
"""

import rules

from accounts.rules import add_asn_perm, is_hr_staff, is_unit_officer

# The people who see the feedback inbox: unit officers (their unit) and HR staff.
is_feedback_staff = is_unit_officer | is_hr_staff


@rules.predicate
def can_handle_feedback(user, feedback) -> bool:
    """HR staff handle every feedback; a unit officer the feedback their unit handles."""
    if is_hr_staff(user):
        return True
    from .selectors.feedback import officer_unit_id

    unit_id = officer_unit_id(user=user)
    return unit_id is not None and unit_id == feedback.handling_unit_id


rules.add_perm("feedback.view_inbox", is_feedback_staff)
rules.add_perm("feedback.handle_feedback", can_handle_feedback)
# City-wide work of BKPSDM: tagging, exports, kiosks, ASN reports, IKM refresh.
rules.add_perm("feedback.manage_feedback", is_hr_staff)
# An ASN reports a difficulty with an e-government application or a training.
add_asn_perm("feedback.report_difficulty")
