from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from asn_competency.common.ratelimit import limited

from .selectors import employee_for_user
from .services import password_reset_request


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"employee": employee_for_user(user=request.user)})


@never_cache
@csrf_protect
def password_reset(request):
    """Ask for a reset link by email (ASN and citizens alike).

    Every valid request answers the same page, whether or not the address
    belongs to an account (no account enumeration); requests per client
    address are limited (ACCOUNTS_PASSWORD_RESET_RATE_LIMIT).
    """
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST":
        if limited(request, group="accounts.password_reset", rate=settings.ACCOUNTS_PASSWORD_RESET_RATE_LIMIT):
            return render(request, "accounts/password_reset_form.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            password_reset_request(email=form.cleaned_data["email"])
            return redirect("accounts:password-reset-done")
        return render(request, "accounts/password_reset_form.html", {"form": form}, status=400)
    return render(request, "accounts/password_reset_form.html", {"form": form})


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
