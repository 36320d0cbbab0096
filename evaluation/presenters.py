"""Turn selector results into chart data and export tables (no queries here)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from training.models import Program

from .exports import Percent
from .models import Dimension, Finding, Question

COLORS = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545"]


def _r(value, digits=2):
    return None if value is None else round(float(value), digits)


def question_rows(distribution: dict) -> list[dict]:
    rows = []
    for q in distribution["questions"]:
        if q["question__kind"] == Question.Kind.SINGLE_CHOICE:
            labels = q["question__choices"] or []
        else:
            labels = [str(i) for i in range(1, 6)]
        counts = [q[f"v{i}"] for i in range(1, len(labels) + 1)]
        rows.append(
            {
                "text": q["question__text"],
                "dimension": Dimension(q["question__dimension"]).label,
                "scored": q["question__kind"] in Question.SCORED_KINDS,
                "n": q["n"],
                "mean": _r(q["mean"]),
                "chart": {
                    "labels": labels,
                    "datasets": [{"label": _("Answers"), "data": counts, "backgroundColor": COLORS[0]}],
                },
                "chart_id": f"q-chart-{q['question_id']}",
            }
        )
    return rows


def dimension_chart(rows) -> dict:
    """Mean per dimension of each program row (grouped bars)."""
    dims = list(Dimension)
    return {
        "labels": [str(d.label) for d in dims],
        "datasets": [
            {
                "label": row.program.code,
                "data": [_r(row.dimension_means.get(d.value)) for d in dims],
                "backgroundColor": COLORS[i % len(COLORS)],
            }
            for i, row in enumerate(rows)
            if row.dimension_means
        ][:8],
    }


def _month(value) -> str:
    return date_format(value, "M Y") if value else "-"


def dashboard_charts(data: dict) -> dict:
    categories = dict(Program.Category.choices)
    rules = dict(Finding.Rule.choices)
    return {
        "satisfaction": {
            "labels": [_month(r["month"]) for r in data["satisfaction_trend"]],
            "datasets": [
                {
                    "label": _("Satisfaction (1-5)"),
                    "data": [_r(r["mean"]) for r in data["satisfaction_trend"]],
                    "borderColor": COLORS[0],
                    "backgroundColor": COLORS[0],
                }
            ],
        },
        "gain": {
            "labels": [_month(r["month"]) for r in data["gain_trend"]],
            "datasets": [
                {
                    "label": _("Normalised learning gain"),
                    "data": [_r(r["gain"]) for r in data["gain_trend"]],
                    "borderColor": COLORS[1],
                    "backgroundColor": COLORS[1],
                }
            ],
        },
        "categories": {
            "labels": [
                str(categories.get(r["session__program__category"], r["session__program__category"]))
                for r in data["by_category"]
            ],
            "datasets": [
                {"label": _("Participants"), "data": [r["n"] for r in data["by_category"]], "backgroundColor": COLORS}
            ],
        },
        "problems": {
            "labels": [str(rules.get(r["rule"], r["rule"])) for r in data["problems"]],
            "datasets": [
                {"label": _("Findings"), "data": [r["n"] for r in data["problems"]], "backgroundColor": COLORS[3]}
            ],
        },
        "ikm": {
            "labels": [r.get("name", "") for r in data["ikm"]],
            "datasets": [
                {"label": _("IKM"), "data": [_r(r.get("ikm")) for r in data["ikm"]], "backgroundColor": COLORS[2]}
            ],
        },
        "bar_options": {"indexAxis": "y", "plugins": {"legend": {"display": False}}},
    }


def _pct(value):
    return None if value is None else Percent(value)


def dashboard_tables(data: dict) -> list:
    k = data["kpis"]
    jp = k["jp"]
    kpis = [
        [_("Trainings held"), k["trainings"]],
        [_("Participants who completed"), k["participants"]],
        [_("ASN at or above the JP target (%(year)s)") % {"year": jp["year"]}, _pct(jp["share"])],
        [_("Satisfaction (1-5)"), _r(k["satisfaction"])],
        [_("Normalised learning gain"), _r(k["gain"])],
    ]
    programs = [
        [p["code"], p["title"], p["sessions"], p["participants"], _r(p["satisfaction"]), _r(p["gain"])]
        for p in data["programs"]
    ]
    rules = dict(Finding.Rule.choices)
    problems = [[str(rules.get(p["rule"], p["rule"])), p["n"], p["open"]] for p in data["problems"]]
    trend = [[_month(r["month"]), _r(r["mean"]), r["responses"]] for r in data["satisfaction_trend"]]
    gains = [[_month(r["month"]), _r(r["gain"]), r["n"]] for r in data["gain_trend"]]
    ikm = [[r.get("name", ""), _r(r.get("ikm")), r.get("responses", r.get("n", ""))] for r in data["ikm"]]
    return [
        (_("KPIs"), [_("Indicator"), _("Value")], kpis),
        (
            _("Programs"),
            [_("Code"), _("Program"), _("Sessions"), _("Participants"), _("Satisfaction"), _("Gain")],
            programs,
        ),
        (_("Satisfaction per month"), [_("Month"), _("Mean"), _("Responses")], trend),
        (_("Learning gain per month"), [_("Month"), _("Gain"), _("Participants")], gains),
        (_("Top problems"), [_("Finding"), _("Count"), _("Open")], problems),
        (_("IKM per unit"), [_("Unit"), _("IKM"), _("Responses")], ikm),
    ]


def report_tables(context: dict) -> list:
    dims = list(Dimension)
    header = [
        _("Program"),
        _("Session"),
        _("Participants"),
        _("Invited"),
        _("Responses"),
        _("Response rate"),
        *[str(d.label) for d in dims],
        _("Pre-test"),
        _("Post-test"),
        _("Gain"),
        _("Follow-up"),
        _("Stuck reports"),
        _("Citizen complaints"),
        _("Forum topics"),
        _("Consultation outcomes"),
    ]

    def line(row):
        return [
            row.program.title,
            row.session.display_title if row.session_id else _("All sessions"),
            row.participants,
            row.invited,
            row.responses,
            _pct(row.response_rate),
            *[_r(row.dimension_means.get(d.value)) for d in dims],
            _r(row.pre_mean, 1),
            _r(row.post_mean, 1),
            _r(row.gain),
            _r(row.follow_up_mean),
            row.stuck_reports,
            row.citizen_complaints,
            row.forum_topics,
            row.meeting_outcomes,
        ]

    findings = [
        [f.program.title, f.get_rule_display(), f.text, f.advice, f.get_decision_display()] for f in context["findings"]
    ]
    return [
        (_("Programs"), header, [line(r) for r in context["rows"]]),
        (_("Sessions"), header, [line(r) for r in context["session_rows"]]),
        (_("Findings"), [_("Program"), _("Rule"), _("Evidence"), _("Recommendation"), _("Decision")], findings),
    ]


def dashboard_filter_rows(filters) -> list[tuple[str, str]]:
    """The filters of a dashboard export, as (label, value) rows."""
    categories = dict(Program.Category.choices)
    return [
        (_("From"), date_format(filters.start, "j F Y")),
        (_("Until"), date_format(filters.end - datetime.timedelta(days=1), "j F Y")),
        (_("Organisation unit"), filters.org_unit.name if filters.org_unit is not None else _("All units")),
        (_("Program"), str(filters.program) if filters.program is not None else _("All programs")),
        (_("Category"), str(categories.get(filters.category, "")) if filters.category else _("All categories")),
    ]


def report_filter_rows(report, *, program=None) -> list[tuple[str, str]]:
    """The filters of a report export, as (label, value) rows."""
    return [
        (_("Report"), str(report)),
        (_("From"), date_format(report.period_start, "j F Y")),
        (_("Until"), date_format(report.period_end - datetime.timedelta(days=1), "j F Y")),
        (_("Program"), str(program) if program is not None else _("All programs")),
    ]
