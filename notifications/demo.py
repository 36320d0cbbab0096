"""Demo data of the notification centre: a few notices in the demo users' inboxes
and one user who chose the daily digest. Idempotent (a notice is added once per
user and title)."""

from django.urls import NoReverseMatch, reverse

from accounts.models import User

from .models import EmailChoice, Kind, Notification, NotificationPreference
from .services import notify

DEMO_NOTICES = [
    ("asn1", Kind.ENROLMENT, "Pendaftaran dikonfirmasi: Pelayanan Prima", "training:my-enrollments"),
    ("asn1", Kind.SURVEY, "Mohon pendapat Anda tentang pelatihan yang baru selesai", "evaluation:my"),
    ("asn1", Kind.FORUM_REPLY, "Balasan baru di topik yang Anda ikuti", "community:index"),
    ("asn2", Kind.WAITLIST_PROMOTION, "Kursi tersedia untuk Anda: Pelayanan Prima", "training:my-enrollments"),
    ("supervisor", Kind.FOLLOW_UP, "Tindak lanjut pelatihan bawahan Anda menunggu penilaian", "evaluation:my"),
    ("officer", Kind.UNIT_FEEDBACK, "Pengaduan baru untuk unit Anda", "feedback:staff-list"),
]


def _path(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:  # a renamed page only loses the demo link
        return ""


def seed(*, out):
    users = {u.username: u for u in User.objects.filter(username__in={n[0] for n in DEMO_NOTICES})}
    created = 0
    for username, kind, title, url_name in DEMO_NOTICES:
        user = users.get(username)
        if user is None or Notification.objects.filter(recipient=user, title=title).exists():
            continue
        notify(users=[user], kind=kind, title=title, link=_path(url_name))
        created += 1
    if "asn2" in users:
        NotificationPreference.objects.get_or_create(
            user=users["asn2"], kind=Kind.WAITLIST_PROMOTION, defaults={"email": EmailChoice.DIGEST}
        )
    out.write(f"  notifications: {created} new demo notices")
