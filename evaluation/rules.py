"""Rule-based findings of a program-revision report.

Each rule reads the figures of one program in the period (already aggregated
by the database) and returns findings with their evidence numbers; thresholds
are settings (EVALUATION_RULES). The recommendation text of each rule lives in
`recommendation()` so it is shown in the reader's language.

The last section holds who may do what in the evaluation app (django-rules
permissions: accounts/permissions.py).
"""

import rules as _rules
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import add_asn_perm, is_hr_staff, is_supervisor

from .models import Dimension, Finding

Rule = Finding.Rule


def thresholds() -> dict:
    return settings.EVALUATION_RULES


def min_group_size() -> int:
    """The anonymity threshold k (EVALUATION_MIN_GROUP_SIZE)."""
    return settings.EVALUATION_MIN_GROUP_SIZE


def group_is_shown(*, respondents: int | None, k: int | None = None) -> bool:
    """THE anonymity rule (k >= EVALUATION_MIN_GROUP_SIZE) of every survey figure:
    a group's answers are shown only when at least k distinct PEOPLE answered.
    Counting responses would let one person who attended several sessions
    stand for several (10 responses by 4 ASN are still 4 people). `k`: the
    threshold as min_group_size() gave it, read once by a caller deciding for
    many groups."""
    return (respondents or 0) >= (min_group_size() if k is None else k)


def evaluate(figures: dict) -> list[tuple[str, str, dict]]:
    """[(rule, subject, evidence)] for one program's figures.

    Survey figures count only for groups of at least EVALUATION_MIN_GROUP_SIZE
    distinct respondents (`group_is_shown`, the same rule as the reports)."""
    t = thresholds()
    found = []
    responses = figures.get("responses") or 0
    if group_is_shown(respondents=figures.get("respondents")):
        for dimension, mean in sorted((figures.get("dimension_means") or {}).items()):
            if mean is not None and mean < t["dimension_min_mean"]:
                found.append(
                    (
                        Rule.LOW_DIMENSION,
                        dimension,
                        {
                            "dimension": dimension,
                            "mean": round(mean, 2),
                            "threshold": t["dimension_min_mean"],
                            "answers": (figures.get("dimension_n") or {}).get(dimension, 0),
                            "responses": responses,
                        },
                    )
                )
    invited = figures.get("invited") or 0
    # Not an anonymity rule (a rate reveals no answer): the same k keeps the rate
    # of tiny groups from raising findings.
    if invited >= min_group_size():
        rate = responses / invited
        if rate < t["response_rate_min"]:
            found.append(
                (
                    Rule.LOW_RESPONSE_RATE,
                    "",
                    {
                        "rate": round(rate, 3),
                        "responses": responses,
                        "invited": invited,
                        "threshold": t["response_rate_min"],
                    },
                )
            )
    gain = figures.get("gain")
    if gain is not None and (figures.get("gain_n") or 0) >= t["gain_min_participants"] and gain < t["gain_min"]:
        found.append(
            (
                Rule.LOW_GAIN,
                "",
                {
                    "gain": round(gain, 3),
                    "pre_mean": round(figures["pre_mean"], 1),
                    "post_mean": round(figures["post_mean"], 1),
                    "participants": figures["gain_n"],
                    "threshold": t["gain_min"],
                },
            )
        )
    fu_mean = figures.get("follow_up_mean")
    enough_follow_ups = (figures.get("follow_up_n") or 0) >= t["follow_up_min_count"]
    if fu_mean is not None and enough_follow_ups:  # noqa: SIM102  (two conditions, two reasons)
        if fu_mean < t["follow_up_min_mean"]:
            found.append(
                (
                    Rule.LOW_FOLLOW_UP,
                    "",
                    {
                        "mean": round(fu_mean, 2),
                        "follow_ups": figures["follow_up_n"],
                        "threshold": t["follow_up_min_mean"],
                    },
                )
            )
    for step in figures.get("steps") or []:
        if step["n"] >= t["stuck_reports_per_step"]:
            found.append(
                (
                    Rule.STUCK_TUTORIAL,
                    step["subject"][:120],
                    {"step": step["label"], "reports": step["n"], "threshold": t["stuck_reports_per_step"]},
                )
            )
    complaints = figures.get("citizen_complaints") or 0
    if complaints >= t["citizen_complaints"]:
        found.append(
            (
                Rule.CITIZEN_COMPLAINTS,
                "",
                {
                    "complaints": complaints,
                    "feedback": figures.get("citizen_feedback") or 0,
                    "threshold": t["citizen_complaints"],
                },
            )
        )
    topics = figures.get("forum_topics") or 0
    if topics >= t["forum_topics"]:
        found.append((Rule.FORUM_INPUT, "", {"topics": topics, "threshold": t["forum_topics"]}))
    outcomes = figures.get("meeting_outcomes") or 0
    if outcomes >= t["meeting_outcomes"]:
        found.append(
            (
                Rule.MEETING_OUTCOMES,
                "",
                {
                    "outcomes": outcomes,
                    "titles": list(figures.get("meeting_outcome_titles") or []),
                    "threshold": t["meeting_outcomes"],
                },
            )
        )
    return found


def describe(finding) -> str:
    """The finding with its evidence numbers, in the reader's language."""
    e = finding.evidence
    rule = finding.rule
    if rule == Rule.LOW_DIMENSION:
        label = Dimension(e["dimension"]).label if e.get("dimension") in Dimension.values else e.get("dimension")
        return _(
            "%(dimension)s scored %(mean).2f on average (%(answers)d answers, %(responses)d responses), below %(threshold)s."
        ) % {
            **e,
            "dimension": label,
        }
    if rule == Rule.LOW_GAIN:
        return (
            _(
                "Normalised learning gain %(gain).2f (pre-test %(pre_mean).1f, post-test %(post_mean).1f, %(participants)d participants), below %(threshold)s."
            )
            % e
        )
    if rule == Rule.LOW_RESPONSE_RATE:
        return _("%(responses)d of %(invited)d participants answered the survey (%(pct)d%%), below %(min)d%%.") % {
            **e,
            "pct": round(e["rate"] * 100),
            "min": round(e["threshold"] * 100),
        }
    if rule == Rule.LOW_FOLLOW_UP:
        return (
            _(
                "Supervisors rated the application on the job %(mean).2f on average (%(follow_ups)d follow-ups), below %(threshold)s."
            )
            % e
        )
    if rule == Rule.STUCK_TUTORIAL:
        return _("%(reports)d ASN reported being stuck at “%(step)s” (threshold %(threshold)d).") % e
    if rule == Rule.CITIZEN_COMPLAINTS:
        return (
            _(
                "%(complaints)d citizen complaints (of %(feedback)d feedback items) concern the services or competencies of this program (threshold %(threshold)d)."
            )
            % e
        )
    if rule == Rule.FORUM_INPUT:
        return (
            _("%(topics)d forum topics discuss the competencies or services of this program (threshold %(threshold)d).")
            % e
        )
    if rule == Rule.MEETING_OUTCOMES:
        text = ngettext(
            "%(outcomes)d outcome of public consultation meetings concerns this program or its competencies (threshold %(threshold)d).",
            "%(outcomes)d outcomes of public consultation meetings concern this program or its competencies (threshold %(threshold)d).",
            e["outcomes"],
        ) % {"outcomes": e["outcomes"], "threshold": e["threshold"]}
        titles = e.get("titles") or []
        if titles:
            listed = ", ".join(f"“{title}”" for title in titles)
            if e["outcomes"] > len(titles):
                listed = _("%(titles)s and %(more)d more") % {"titles": listed, "more": e["outcomes"] - len(titles)}
            text = " ".join((text, _("Outcomes: %(titles)s.") % {"titles": listed}))
        return text
    return ""


def recommendation(finding) -> str:
    rule = finding.rule
    if rule == Rule.LOW_DIMENSION:
        return {
            Dimension.CONTENT: _("Revise the training material."),
            Dimension.TRAINER: _("Brief or replace the trainers; review their delivery."),
            Dimension.ORGANISATION: _("Improve the organisation: schedule, information, administration."),
            Dimension.FACILITIES: _("Improve the facilities: room, equipment, connectivity."),
            Dimension.RELEVANCE: _("Realign the program with the participants' jobs and target audience."),
        }.get(finding.evidence.get("dimension"), _("Review this part of the program."))
    return {
        Rule.LOW_GAIN: _("Revise the teaching method: more practice, exercises and assessment."),
        Rule.LOW_RESPONSE_RATE: _("Give time for the survey at the end of the session and remind participants."),
        Rule.LOW_FOLLOW_UP: _("Add on-the-job assignments and supervisor coaching after the training."),
        Rule.STUCK_TUTORIAL: _("Revise the tutorial step and the matching part of the training."),
        Rule.CITIZEN_COMPLAINTS: _("Add the cases citizens complain about to the material and exercises."),
        Rule.FORUM_INPUT: _("Review the forum topics and add the questions raised to the material."),
        Rule.MEETING_OUTCOMES: _(
            "Review the outcomes of the consultation meetings and reflect them in the revised program."
        ),
    }.get(rule, "")


# --- Who may do what in the evaluation app (django-rules; accounts/permissions.py) ---


@_rules.predicate
def owns_invitation(user, invitation) -> bool:
    """A survey is answered by the ASN it was sent to."""
    return invitation is not None and invitation.enrollment.employee.user_id == user.pk


@_rules.predicate
def owns_enrollment(user, enrollment) -> bool:
    """Pre- and post-tests are taken by the enrolled ASN."""
    return enrollment is not None and enrollment.employee.user_id == user.pk


@_rules.predicate
def supervises_follow_up(user, follow_up) -> bool:
    """A follow-up (Kirkpatrick level 3) is written by the supervisor it was sent to."""
    return follow_up is not None and follow_up.supervisor.user_id == user.pk


# Questionnaires, programs' evaluation settings, results, revision reports, dashboards.
_rules.add_perm("evaluation.manage_evaluations", is_hr_staff)
add_asn_perm("evaluation.view_own_evaluations")
_rules.add_perm("evaluation.view_follow_ups", is_supervisor)
add_asn_perm("evaluation.answer_survey", owns_invitation)
add_asn_perm("evaluation.take_test", owns_enrollment)
add_asn_perm("evaluation.submit_follow_up", supervises_follow_up)
