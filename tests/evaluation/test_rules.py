"""Every revision rule, just below and at its threshold (pure functions on figures)."""

import pytest

from evaluation import rules
from evaluation.models import Finding

R = Finding.Rule


def _rules(figures):
    return {(rule, subject) for rule, subject, _evidence in rules.evaluate(figures)}


BASE = {"responses": 10, "respondents": 10, "invited": 12, "dimension_means": {}, "dimension_n": {}}


@pytest.mark.parametrize("dimension", ["content", "trainer", "organisation", "facilities", "relevance"])
def test_low_dimension_below_threshold_only(dimension):
    assert _rules({**BASE, "dimension_means": {dimension: 3.49}}) == {(R.LOW_DIMENSION, dimension)}
    assert _rules({**BASE, "dimension_means": {dimension: 3.5}}) == set()


def test_dimension_rule_needs_the_anonymity_minimum_of_respondents(settings):
    settings.EVALUATION_MIN_GROUP_SIZE = 5
    assert (
        _rules({**BASE, "responses": 4, "respondents": 4, "invited": 4, "dimension_means": {"content": 1.0}}) == set()
    )
    # Ten responses by four people are still four people.
    assert _rules({**BASE, "responses": 10, "respondents": 4, "dimension_means": {"content": 1.0}}) == set()


def test_low_gain():
    figures = {"gain": 0.29, "gain_n": 5, "pre_mean": 50.0, "post_mean": 64.5}
    assert _rules(figures) == {(R.LOW_GAIN, "")}
    assert _rules({**figures, "gain": 0.3}) == set()
    assert _rules({**figures, "gain_n": 4}) == set()  # too few participants to judge


def test_low_response_rate():
    assert _rules({"responses": 4, "invited": 10}) == {(R.LOW_RESPONSE_RATE, "")}
    assert _rules({"responses": 5, "invited": 10}) == set()


def test_low_follow_up():
    assert _rules({"follow_up_mean": 2.9, "follow_up_n": 3}) == {(R.LOW_FOLLOW_UP, "")}
    assert _rules({"follow_up_mean": 3.0, "follow_up_n": 3}) == set()
    assert _rules({"follow_up_mean": 1.0, "follow_up_n": 2}) == set()


def test_stuck_tutorial_step_from_ten_reports():
    steps = [{"subject": "12:7", "label": "Langkah 3", "n": 10}, {"subject": "12:8", "label": "Langkah 4", "n": 9}]
    assert _rules({"steps": steps}) == {(R.STUCK_TUTORIAL, "12:7")}


def test_citizen_complaints_and_forum_input():
    assert _rules({"citizen_complaints": 5, "citizen_feedback": 8}) == {(R.CITIZEN_COMPLAINTS, "")}
    assert _rules({"citizen_complaints": 4}) == set()
    assert _rules({"forum_topics": 3}) == {(R.FORUM_INPUT, "")}
    assert _rules({"forum_topics": 2}) == set()


def test_consultation_outcomes_from_the_threshold(settings):
    assert _rules({"meeting_outcomes": 1}) == {(R.MEETING_OUTCOMES, "")}
    assert _rules({"meeting_outcomes": 0}) == set()
    settings.EVALUATION_RULES = {**settings.EVALUATION_RULES, "meeting_outcomes": 3}
    assert _rules({"meeting_outcomes": 3}) == {(R.MEETING_OUTCOMES, "")}
    assert _rules({"meeting_outcomes": 2}) == set()


def test_consultation_finding_lists_its_outcome_titles():
    from django.utils import translation

    figures = {"meeting_outcomes": 7, "meeting_outcome_titles": ["Antrean KTP-el", "Layanan <b>malam</b>"]}
    [(rule, subject, evidence)] = rules.evaluate(figures)
    assert evidence == {"outcomes": 7, "titles": ["Antrean KTP-el", "Layanan <b>malam</b>"], "threshold": 1}
    finding = Finding(rule=rule, subject=subject, evidence=evidence)
    with translation.override("id"):
        assert rules.describe(finding) == (
            "7 hasil forum konsultasi publik berkaitan dengan program ini atau kompetensinya (ambang 1). "
            "Hasil: “Antrean KTP-el”, “Layanan <b>malam</b>” dan 5 lainnya."
        )
    with translation.override("en"):
        one = Finding(rule=rule, evidence={"outcomes": 1, "titles": [], "threshold": 1})
        assert rules.describe(one).startswith("1 outcome of public consultation meetings concerns this program")


def test_each_finding_reads_with_its_numbers_and_a_recommendation():
    figures = {
        **BASE,
        "dimension_means": {"content": 3.1},
        "dimension_n": {"content": 10},
        "gain": 0.1,
        "gain_n": 6,
        "pre_mean": 40.0,
        "post_mean": 46.0,
        "follow_up_mean": 2.0,
        "follow_up_n": 4,
        "steps": [{"subject": "1:1", "label": "Login", "n": 12}],
        "citizen_complaints": 7,
        "citizen_feedback": 9,
        "forum_topics": 4,
        "meeting_outcomes": 2,
        "invited": 40,
    }
    found = rules.evaluate(figures)
    assert {r for r, _s, _e in found} == set(R.values)
    for rule, subject, evidence in found:
        finding = Finding(rule=rule, subject=subject, evidence=evidence)
        text = rules.describe(finding)
        assert text and any(ch.isdigit() for ch in text)
        assert rules.recommendation(finding)
