"""Pages of learning paths: the ASN's paths with progress, a path's page
(follow / stop following), HR's editor and the report per unit. Who may do
what: paths/rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import check_perm, permission_required, require_employee, user_can
from accounts.rules import employee_of
from asn_competency.common.errors import ApplicationError
from asn_competency.common.forms import apply_errors, flash_errors
from asn_competency.common.shortcuts import or_404

from . import selectors, services
from .forms import PathForm, step_formset
from .models import LearningPath

# --- ASN ---------------------------------------------------------------------------


@permission_required("paths.view_own_paths")
@require_GET
def my_paths(request):
    employee = require_employee(request.user)
    paths = list(selectors.path_list_for_employee(employee=employee))
    return render(request, "paths/mine.html", {"employee": employee, "paths": paths})


@login_required
@require_GET
def path_detail(request, pk: int):
    employee = employee_of(request.user)
    path = or_404(selectors.path_get, pk=pk, employee=employee)
    check_perm(request.user, "paths.view_path", path)
    steps = list(selectors.path_steps(path=path, employee=employee))
    return render(
        request,
        "paths/detail.html",
        {
            "path": path,
            "steps": steps,
            "employee": employee,
            "can_follow": user_can(request.user, "paths.follow_path", path),
            "can_manage": user_can(request.user, "paths.manage_paths"),
        },
    )


@login_required
@require_POST
def path_follow(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    check_perm(request.user, "paths.view_path", path)
    try:
        services.path_follow(path=path, employee=require_employee(request.user))
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("You now follow this learning path."))
    return redirect(path.get_absolute_url())


@login_required
@require_POST
def path_unfollow(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    try:
        services.path_unfollow(path=path, employee=require_employee(request.user))
    except (ApplicationError, ValidationError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("You no longer follow this learning path."))
    return redirect("paths:mine")


# --- HR ----------------------------------------------------------------------------


@permission_required("paths.manage_paths")
@require_GET
def manage(request):
    return render(request, "paths/manage.html", {"paths": list(selectors.path_list_manage())})


@permission_required("paths.manage_paths")
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


@permission_required("paths.manage_paths")
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


@permission_required("paths.manage_paths")
@require_POST
def path_archive(request, pk: int):
    path = or_404(selectors.path_get, pk=pk)
    services.path_archive(path=path, actor=request.user)
    messages.success(request, _("The learning path is archived."))
    return redirect("paths:edit", pk=path.pk)


@permission_required("paths.view_path_report")
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
