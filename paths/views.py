"""Pages of learning paths: the ASN's paths with progress, a path's page
(follow / stop following), HR's editor and the report per unit. Who may do
what: paths/rules.py."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import employee_for_user
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, flash_errors
from asn_competency.common.shortcuts import or_404

from . import rules, selectors, services
from .forms import PathForm, step_formset
from .models import LearningPath


def rule_required(predicate):
    """Views open to users for whom `predicate(user)` holds (sign-in first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _employee(request):
    if not hasattr(request, "_paths_employee"):
        request._paths_employee = employee_for_user(user=request.user)
    return request._paths_employee


# --- ASN ---------------------------------------------------------------------------


@rule_required(rules.can_see_my_paths)
@require_GET
def my_paths(request):
    employee = _employee(request)
    paths = list(selectors.path_list_for_employee(employee=employee)) if employee else []
    return render(request, "paths/mine.html", {"employee": employee, "paths": paths})


@rule_required(lambda user: user.is_authenticated)
@require_GET
def path_detail(request, pk: int):
    employee = _employee(request)
    path = or_404(selectors.path_get, pk=pk, employee=employee)
    if not rules.can_view_path(request.user, path):
        raise PermissionDenied
    steps = list(selectors.path_steps(path=path, employee=employee))
    return render(
        request,
        "paths/detail.html",
        {
            "path": path,
            "steps": steps,
            "employee": employee,
            "can_follow": rules.can_follow_path(request.user, path),
            "can_manage": rules.can_manage_paths(request.user),
        },
    )


@rule_required(lambda user: user.is_authenticated)
@require_POST
def path_follow(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    try:
        services.path_follow(path=path, employee=_employee(request))
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("You now follow this learning path."))
    return redirect(path.get_absolute_url())


@rule_required(lambda user: user.is_authenticated)
@require_POST
def path_unfollow(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    try:
        services.path_unfollow(path=path, employee=_employee(request))
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("You no longer follow this learning path."))
    return redirect("paths:mine")


# --- HR ----------------------------------------------------------------------------


@rule_required(rules.can_manage_paths)
@require_GET
def manage(request):
    return render(request, "paths/manage.html", {"paths": list(selectors.path_list_manage())})


@rule_required(rules.can_manage_paths)
@require_http_methods(["GET", "POST"])
def path_edit(request, pk: int | None = None):
    path = or_404(selectors.path_get, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = PathForm(data, instance=path)
    formset = step_formset(
        data, path=path, programs=selectors.program_choices(), tutorials=selectors.tutorial_choices()
    )
    if request.method == "POST":
        form_ok, steps_ok = form.is_valid(), formset.is_valid()
        if form_ok and steps_ok:
            values = {key: form.cleaned_data[key] for key in ("competency", "from_level", "title", "description")}
            try:
                if path is None:
                    saved = services.path_create(**values, steps=formset.steps(), actor=request.user)
                else:
                    saved = services.path_update(
                        path=path, **values, steps=formset.steps(), expected_revision=form.cleaned_data["revision"]
                    )
            except (ApplicationError, ValidationError) as exc:
                apply_errors(form, exc)  # errors of the steps go on top of the form
            else:
                messages.success(request, _("The learning path was saved."))
                return redirect("paths:edit", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "paths/edit.html", {"path": path, "form": form, "formset": formset}, status=status)


@rule_required(rules.can_manage_paths)
@require_POST
def path_publish(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    try:
        services.path_publish(path=path, actor=request.user)
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The learning path is published."))
    return redirect("paths:edit", pk=path.pk)


@rule_required(rules.can_manage_paths)
@require_POST
def path_archive(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    services.path_archive(path=path, actor=request.user)
    messages.success(request, _("The learning path is archived."))
    return redirect("paths:edit", pk=path.pk)


@rule_required(rules.can_view_path_report)
@require_GET
def report(request):
    rows = list(selectors.path_report())
    paths: dict[int, dict] = {}
    for row in rows:  # grouped rows (paths x units), not data rows
        entry = paths.setdefault(
            row["path_id"],
            {
                "id": row["path_id"],
                "title": row["path__title"],
                "status": LearningPath.Status(row["path__status"]).label,
                "competency": row["path__competency__code"],
                "from_level": row["path__from_level"],
                "to_level": row["path__to_level"],
                "units": [],
                "following": 0,
                "finished": 0,
            },
        )
        entry["units"].append(row)
        entry["following"] += row["following"]
        entry["finished"] += row["finished"]
    return render(request, "paths/report.html", {"paths": list(paths.values())})
