"""iCalendar (RFC 5545) file of a consultation meeting, with the `icalendar` library."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def meeting_to_ical(meeting, *, url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pemkot Medan//Kompeten Medan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"community-meeting-{meeting.pk}@kompeten.pemkomedan.go.id")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("last-modified", meeting.updated_at)
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    event.add("description", f"{meeting.agenda}\n\n{url}")
    event.add("url", url)
    if meeting.status == meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()
