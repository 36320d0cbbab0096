"""Citizen sign-up and email confirmation."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from asn_competency.common.errors import ApplicationError

from .. import services
from ..forms import SignupForm
from ..ratelimits import limited
from ._helpers import TOO_MANY, apply_errors


def signup(request):
    if request.user.is_authenticated:
        return redirect("community:index")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if limited(request, setting="COMMUNITY_SIGNUP_RATE_LIMIT", group="signup"):
                form.add_error(None, TOO_MANY)
                status = 429
            else:
                data = form.cleaned_data
                try:
                    services.citizen_signup(
                        full_name=data["full_name"],
                        email=data["email"],
                        password=data["password1"],
                        phone=data["phone"],
                    )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        apply_errors(form, exc)
                    else:  # password validators raise a plain list
                        form.add_error("password1", exc)
                else:
                    request.session["community_signup_email"] = data["email"]
                    return redirect("community:signup-sent")
    return render(request, "community/signup.html", {"form": form}, status=status)


def signup_sent(request):
    return render(request, "community/signup_sent.html", {"email": request.session.get("community_signup_email", "")})


def confirm_email(request, uidb64, token):
    try:
        user = services.citizen_confirm_email(uidb64=uidb64, token=token)
    except ApplicationError as exc:
        return render(request, "community/confirm_failed.html", {"message": exc.message}, status=400)
    login(request, user, backend="accounts.backends.CaseInsensitiveModelBackend")
    messages.success(request, _("Your email address is confirmed. Welcome to the forums!"))
    return redirect("community:index")
