"""Reads of the notification centre."""

from collections.abc import Iterable, Mapping

from asn_competency.common.filters import filter_data, filter_queryset

from .filters import NotificationFilter
from .models import EmailChoice, Kind, Notification, NotificationPreference


def notification_list(*, user, filters: Mapping | None = None):
    """The user's own notifications, newest first, filtered by `unread`/`kind`.
    One query per page (the recipient is not loaded: it is the viewer)."""
    queryset = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    return filter_queryset(NotificationFilter, data=filter_data(filters), queryset=queryset)


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's own notifications (DoesNotExist for anyone else's)."""
    return Notification.objects.get(recipient=user, pk=pk)


def notification_unread_count(*, user) -> int:
    """The bell's number. One COUNT over the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_email_preferences(*, user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """The e-mail choice of each user for `kind` (EmailChoice.ON when unset). One query."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "email")
    )
    return {user_id: chosen.get(user_id, EmailChoice.ON) for user_id in user_ids}


def notification_email_preference(*, user_id: int | None, kind: str) -> str:
    """One user's e-mail choice for `kind`: on, off or digest (ON when unset or no user)."""
    if user_id is None:
        return EmailChoice.ON
    return notification_email_preferences(user_ids=[user_id], kind=kind)[user_id]


def notification_email_wanted(*, user_ids: Iterable[int], kind: str) -> set[int]:
    """Of these users, those who want a notice of `kind` e-mailed now (preference
    "on"; "digest" users get the daily digest, "off" users nothing). One query."""
    return {
        user_id
        for user_id, choice in notification_email_preferences(user_ids=user_ids, kind=kind).items()
        if choice == EmailChoice.ON
    }


def notification_preferences_for(*, user) -> dict[str, str]:
    """Every kind with the user's e-mail choice (ON when unset). One query."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, EmailChoice.ON) for kind in Kind.values}


def notification_digest_recipients() -> list[int]:
    """Users with notices waiting for the daily digest (the partial index's rows)."""
    return list(
        Notification.objects.filter(digest=True, emailed_at__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
