"""Who may do what with the e-government tutorials (django-rules; accounts/permissions.py):
signed-in users browse the catalogue (login only); an ASN follows tutorials, takes quizzes and
reports being stuck (progress belongs to the ASN profile); HR staff write the
tutorials, watch readiness and handle the stuck reports."""

import rules

from accounts.rules import add_asn_perm, is_hr_staff

add_asn_perm("tutorials.learn")
rules.add_perm("tutorials.manage_tutorials", is_hr_staff)
