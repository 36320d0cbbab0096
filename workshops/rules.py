"""Who may do what with the soft-skill workshops (django-rules; accounts/permissions.py):
anyone reads the catalogue; a participant (an ASN profile) writes the action plans
of their own workshop enrolments; HR staff run the workshops."""

import rules

from accounts.rules import add_asn_perm, is_hr_staff

add_asn_perm("workshops.plan_actions")
rules.add_perm("workshops.manage_workshops", is_hr_staff)
