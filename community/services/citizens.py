"""Citizen sign-up with email confirmation."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from accounts.usernames import username_normalise
from asn_competency.common.errors import ApplicationError
from asn_competency.common.outbox import enqueue

from ..models import CitizenProfile
from ..rules import CITIZEN_GROUP

User = get_user_model()


@transaction.atomic
def citizen_signup(*, full_name: str, email: str, password: str, phone: str = "") -> User:
    """An inactive account (the email is the user name) and a confirmation email after commit."""
    email = username_normalise(email)  # the email is the user name: one spelling everywhere
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("Enter your name.")})
    first, _sep, last = full_name.partition(" ")
    unconfirmed = (
        CitizenProfile.objects.select_for_update()
        .select_related("user")
        .filter(user__username__iexact=email, email_confirmed_at__isnull=True, user__is_active=False)
        .first()
    )
    if unconfirmed is None and (
        User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError({"email": _("An account with this email address already exists. Log in instead.")})
    # Signing up again before confirming (a lost email) starts over with a new
    # link; the old link stops working because the password changes.
    user = unconfirmed.user if unconfirmed else User(username=email, email=email, is_active=False)
    user.first_name, user.last_name, user.phone = first[:150], last[:150], phone
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=CITIZEN_GROUP)[0])
    if unconfirmed:
        profile = unconfirmed
        CitizenProfile.objects.filter(pk=profile.pk).update(confirmation_sent_at=None)
    else:
        profile = CitizenProfile.objects.create(user=user)
    from ..tasks import send_signup_confirmation

    enqueue(send_signup_confirmation, profile.pk)
    return user


@transaction.atomic
def citizen_confirm_email(*, uidb64: str, token: str) -> User:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        profile = CitizenProfile.objects.select_for_update().select_related("user").get(user__pk=pk)
    except (ValueError, TypeError, OverflowError, CitizenProfile.DoesNotExist):
        raise ApplicationError(_("This confirmation link is not valid."), code="invalid_link") from None
    user = profile.user
    if profile.email_confirmed_at and user.is_active:
        return user
    if not default_token_generator.check_token(user, token):
        raise ApplicationError(_("This confirmation link is not valid or has expired."), code="invalid_link")
    user.is_active = True
    user.save(update_fields=["is_active"])
    profile.email_confirmed_at = timezone.now()
    profile.save(update_fields=["email_confirmed_at", "updated_at"])
    return user
