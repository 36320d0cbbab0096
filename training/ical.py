"""iCalendar (RFC 5545) feeds of sessions, built with the `icalendar` library."""

from django.conf import settings
from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event

FEED_SALT = "training.ical.employee"


def employee_feed_token(employee_id: int) -> str:
    """A signed, unguessable token for an ASN's personal feed (calendar apps cannot log in)."""
    return signing.dumps(employee_id, salt=FEED_SALT, compress=True)


def employee_from_feed_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=FEED_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def sessions_to_ical(sessions, *, name: str, base_url: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pemkot Medan//Kompeten Medan//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@kompeten.pemkomedan.go.id")
        event.add("dtstamp", now)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", session.display_title)
        event.add("last-modified", session.updated_at)
        location = ", ".join(p for p in [session.venue.name, session.venue.address] if p) if session.venue_id else ""
        if session.online_link:
            location = f"{location} / {session.online_link}" if location else session.online_link
        if location:
            event.add("location", location)
        lines = [f"{session.program.code} · {session.code}", f"JP: {session.program.jp}"]
        if base_url:
            url = base_url + session.get_absolute_url()
            event.add("url", url)
            lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if session.status == session.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
