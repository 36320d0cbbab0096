from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from asn_competency.common.ratelimit import limited
from asn_competency.common.shortcuts import or_404

from .forms import CompetencyLevelsForm
from .permissions import permission_required
from .rules import employee_of
from .selectors import competency_dictionary, competency_get
from .services import competency_levels_set, password_reset_request


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
    return render(request, "accounts/profile.html", {"employee": employee_of(request.user)})


@permission_required("accounts.manage_competencies")
def competency_list(request):
    return render(request, "accounts/competency_list.html", {"competencies": competency_dictionary()})


@permission_required("accounts.manage_competencies")
def competency_levels(request, pk):
    """HR edits the level descriptions of a dictionary entry (PermenPANRB 38/2017 for M.01-M.08, SK.01)."""
    competency = or_404(competency_get, pk=pk)
    form = CompetencyLevelsForm(request.POST or None, competency=competency)
    if request.method == "POST":
        if form.is_valid():
            count = competency_levels_set(competency=competency, descriptions=form.descriptions())
            messages.success(request, _("%(count)d level description(s) saved.") % {"count": count})
            return redirect("accounts:competency-list")
        return render(request, "accounts/competency_levels.html", {"competency": competency, "form": form}, status=400)
    return render(request, "accounts/competency_levels.html", {"competency": competency, "form": form})


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
