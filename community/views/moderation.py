"""The moderation queue and log (moderator and admin roles)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from asn_competency.common.errors import ApplicationError
from asn_competency.common.http import safe_next

from .. import selectors, services
from ..forms import ModerationForm
from ._helpers import paginate


def _back(request, fallback):
    return redirect(safe_next(request, fallback))


@permission_required("community.moderate")
def moderation_queue(request):
    queue = selectors.moderation_queue()
    return render(
        request,
        "community/moderation/queue.html",
        {"pending": queue["pending"], "reported": queue["reported"], "form": ModerationForm()},
    )


@permission_required("community.moderate")
def moderation_log(request):
    return render(request, "community/moderation/log.html", {"page": paginate(request, selectors.moderation_log())})


def _moderate(request, moderate, *, back):
    """Run a moderation service with the note from the form, say how it went, go back."""
    form = ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        moderate(note=note)
    except (ApplicationError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return _back(request, back)


@permission_required("community.moderate")
@require_POST
def moderation_post(request, pk, action):
    post = selectors.post_get(pk=pk, viewer=request.user)
    moderate = partial(services.post_moderate, post=post, action=action, actor=request.user)
    return _moderate(request, moderate, back="community:moderation")


@permission_required("community.moderate")
@require_POST
def moderation_topic(request, pk, action):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    moderate = partial(services.topic_moderate, topic=topic, action=action, actor=request.user)
    return _moderate(request, moderate, back=topic.get_absolute_url())
