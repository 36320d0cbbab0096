"""Demo data of announcements: one delivered to the participants of a demo
session (so the demo ASN find it in their inbox) and a draft to a unit's ASN.
Idempotent (an announcement is added once per subject)."""

from django.db.models import Count, Q

from accounts.models import OrgUnit, User
from training.models import Session

from .models import Announcement
from .selectors import PARTICIPANT_STATUSES
from .services import announcement_create, announcement_deliver, announcement_send

SENT_SUBJECT = "Perubahan ruang kelas pelatihan"
SENT_BODY = (
    "Yth. peserta pelatihan,\n\n"
    "Mulai hari kedua, kelas pindah ke **Ruang Rapat Lantai 3** gedung BKPSDM.\n\n"
    "- Bawa laptop masing-masing\n- Hadir 15 menit sebelum mulai\n\nTerima kasih."
)
DRAFT_SUBJECT = "Sosialisasi pelayanan adminduk daring"
DRAFT_BODY = "Seluruh ASN Disdukcapil diundang mengikuti sosialisasi pelayanan adminduk daring pekan depan."


def seed(*, out):
    hr = User.objects.filter(username="hr").first()
    if hr is None:
        out.write("  announcements: no demo HR user; skipped")
        return
    created = 0
    if not Announcement.objects.filter(subject=SENT_SUBJECT).exists():
        # The session whose participants include the most demo accounts, so the
        # demo logins (asn1, asn2...) find it in their inbox.
        session = (
            Session.objects.annotate(
                accounts=Count(
                    "enrollments",
                    filter=Q(
                        enrollments__status__in=PARTICIPANT_STATUSES,
                        enrollments__employee__user__isnull=False,
                    ),
                )
            )
            .filter(accounts__gt=0)
            .order_by("-accounts", "-start", "pk")
            .first()
        )
        if session is not None:
            announcement = announcement_create(
                actor=hr, subject=SENT_SUBJECT, body=SENT_BODY, audience=Announcement.Audience.SESSION, session=session
            )
            announcement_send(announcement_id=announcement.pk, actor=hr)
            # Delivered here, so the demo inboxes have it without a worker; the
            # queued task then finds it sent and does nothing.
            announcement_deliver(announcement_id=announcement.pk)
            created += 1
    unit = OrgUnit.objects.filter(code="disdukcapil").first()
    if unit is not None and not Announcement.objects.filter(subject=DRAFT_SUBJECT).exists():
        announcement_create(
            actor=hr, subject=DRAFT_SUBJECT, body=DRAFT_BODY, audience=Announcement.Audience.UNIT, unit=unit
        )
        created += 1
    out.write(f"  announcements: {created} new demo announcements")
