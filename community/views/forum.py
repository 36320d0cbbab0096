"""Forum pages: index, forum, search, thread, new topic, reply, support, follow, report, status, adoption."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from asn_competency.common.errors import ApplicationError

from .. import rules, selectors, services
from ..forms import AdoptForm, ReplyForm, ReportForm, SearchForm, StatusForm, TopicForm
from ..personal_data import personal_data_labels
from ..ratelimits import limited
from ._helpers import TOO_MANY, apply_errors, paginate


def _topic_list_context(request, *, category=None):
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    topics = selectors.topic_list(
        category=category,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        sort=filters.get("sort") or "activity",
    )
    return {"search_form": form, "page": paginate(request, topics), "query": filters.get("q", "")}


def forum_index(request):
    context = _topic_list_context(request)
    context["categories"] = selectors.category_list()
    return render(request, "community/index.html", context)


def topic_search(request):
    return render(request, "community/search.html", _topic_list_context(request))


@login_required
def my_topics(request):
    page = paginate(request, selectors.topic_list_followed(user=request.user))
    return render(request, "community/my_topics.html", {"page": page})


def category_detail(request, slug):
    category = selectors.category_get(slug=slug)
    context = _topic_list_context(request, category=category)
    context["category"] = category
    return render(request, "community/category.html", context)


def topic_detail(request, pk, slug=None):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    if request.path != topic.get_absolute_url():
        # Short links and renamed titles lead to the one canonical address.
        target = topic.get_absolute_url()
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=False)
    page = paginate(request, selectors.thread_posts(topic=topic, viewer=request.user))
    return render(request, "community/topic.html", _thread_context(request, topic, page, _reply_form(request, topic)))


def _reply_form(request, topic, data=None):
    official_allowed = rules.can_answer_officially(request.user, topic)
    return ReplyForm(data, user=request.user, official_allowed=official_allowed)


def _held_message(kinds) -> str:
    return _(
        "Your text seems to contain personal data (%(kinds)s), so a moderator will check it before it "
        "appears. Please do not share phone numbers, NIK or e-mail addresses in the forum: the unit "
        "contacts you through the feedback form if needed."
    ) % {"kinds": personal_data_labels(kinds)}


def _thread_context(request, topic, page, reply_form):
    user = request.user
    return {
        "topic": topic,
        "page": page,
        "reply_form": reply_form,
        "can_moderate": rules.can_moderate(user),
        "can_adopt": rules.can_adopt(user),
        "can_participate": rules.can_participate(user),
        "can_support": rules.can_support(user, topic),
        "status_choices": [(s, topic.Status(s).label) for s in rules.status_choices_for(user, topic)],
    }


def topic_create(request):
    user = request.user
    initial = {}
    if request.GET.get("category"):
        initial["category"] = request.GET["category"]
    form = TopicForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if limited(request, setting="COMMUNITY_POST_RATE_LIMIT", group="post"):
            form.add_error(None, TOO_MANY)
            return render(request, "community/topic_form.html", {"form": form}, status=429)
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                category=data["category"],
                title=data["title"],
                body=data["body"],
                author=user if user.is_authenticated else None,
                guest_name=data.get("guest_name", ""),
                guest_email=data.get("guest_email", ""),
            )
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            if topic.personal_data:
                messages.warning(request, _held_message(topic.personal_data))
                return redirect(data["category"].get_absolute_url())
            if not user.is_authenticated:
                messages.success(request, _("Thank you. Your topic will appear once a moderator has approved it."))
                return redirect(data["category"].get_absolute_url())
            messages.success(request, _("Your topic has been published."))
            return redirect(topic.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "community/topic_form.html", {"form": form}, status=status)


@require_POST
def topic_reply(request, pk):
    user = request.user
    topic = selectors.topic_get(pk=pk, viewer=user)
    form = _reply_form(request, topic, request.POST)
    status = 400
    if form.is_valid():
        if limited(request, setting="COMMUNITY_POST_RATE_LIMIT", group="post"):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            data = form.cleaned_data
            try:
                post = services.post_create(
                    topic=topic,
                    body=data["body"],
                    author=user if user.is_authenticated else None,
                    guest_name=data.get("guest_name", ""),
                    guest_email=data.get("guest_email", ""),
                    official=data.get("official", False),
                )
            except (ValidationError, ApplicationError) as exc:
                apply_errors(form, exc)
            else:
                if post.personal_data:
                    messages.warning(request, _held_message(post.personal_data))
                    return redirect(topic.get_absolute_url())
                if post.visibility == "pending":
                    messages.success(request, _("Thank you. Your reply will appear once a moderator has approved it."))
                    return redirect(topic.get_absolute_url())
                messages.success(request, _("Your reply has been published."))
                return redirect(selectors.post_url(post=post))
    page = paginate(request, selectors.thread_posts(topic=topic, viewer=user))
    return render(request, "community/topic.html", _thread_context(request, topic, page, form), status=status)


def _participation_response(request, topic):
    """htmx gets the refreshed buttons; a plain form post goes back to the thread."""
    if request.htmx:
        topic = selectors.topic_get(pk=topic.pk, viewer=request.user)
        context = {"topic": topic, "can_participate": True, "can_support": rules.can_support(request.user, topic)}
        return render(request, "community/partials/participation.html", context)
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def topic_support(request, pk):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    if request.POST.get("action") == "withdraw":
        services.topic_unsupport(topic=topic, user=request.user)
    else:
        try:
            services.topic_support(topic=topic, user=request.user)
        except ApplicationError as exc:
            if not request.htmx:
                messages.info(request, exc.message)
    return _participation_response(request, topic)


@login_required
@require_POST
def topic_follow(request, pk):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    if request.POST.get("action") == "unfollow":
        services.topic_unfollow(topic=topic, user=request.user)
    else:
        services.topic_follow(topic=topic, user=request.user)
        if not request.htmx:
            messages.success(request, _("You will receive an email when someone replies."))
    return _participation_response(request, topic)


@login_required
@require_POST
def topic_status(request, pk):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(topic.get_absolute_url())
    services.topic_set_status(topic=topic, status=form.cleaned_data["status"], actor=request.user)
    messages.success(request, _("The status of the topic has been changed."))
    return redirect(topic.get_absolute_url())


@permission_required("community.adopt_topic")
def topic_adopt(request, pk):
    topic = selectors.topic_get(pk=pk, viewer=request.user)
    initial = {"program": topic.program_id, "note": topic.adoption_note}
    form = AdoptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_adopt(topic=topic, actor=request.user, note=form.cleaned_data["note"], **form.link_kwargs())
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The topic is recorded as input."))
            return redirect(topic.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "community/topic_adopt.html", {"topic": topic, "form": form}, status=status)


@login_required
def post_report(request, pk):
    post = selectors.post_get(pk=pk, viewer=request.user)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if limited(request, setting="COMMUNITY_REPORT_RATE_LIMIT", group="report"):
                form.add_error(None, TOO_MANY)
                status = 429
            else:
                try:
                    services.post_report(post=post, reporter=request.user, **form.cleaned_data)
                except (ValidationError, ApplicationError) as exc:
                    apply_errors(form, exc)
                    status = exc.status
                else:
                    messages.success(request, _("Thank you. The moderators will review the post."))
                    return redirect(post.topic.get_absolute_url())
    return render(request, "community/report_form.html", {"post": post, "form": form}, status=status)
