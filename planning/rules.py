"""Who may do what in training planning (django-rules; accounts/permissions.py):
HR staff run bulk enrolment, the 20-JP report, training needs and the competency
assessments; an ASN sees their own competency gaps."""

import rules

from accounts.rules import add_asn_perm, is_hr_staff

rules.add_perm("planning.manage_planning", is_hr_staff)
add_asn_perm("planning.view_own_gaps")
