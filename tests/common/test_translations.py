"""The .po catalogues are the source of the Indonesian texts; these tests keep them one consistent whole.

Django merges every app's catalogue (and LOCALE_PATHS) into one namespace per language, so the same
msgid with two Indonesian texts in two apps silently shows one of them everywhere: the field "position"
of a tutorial step once read "jabatan" (a job title) because accounts' catalogue won. Where a word's
meaning differs, the code gives it a context (pgettext); where it is the same, the catalogues agree.
"""

import gettext
import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation


def catalogue_dirs() -> list[Path]:
    """Every locale folder Django reads, as it reads them: LOCALE_PATHS and each installed app's locale/."""
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    root = Path(settings.BASE_DIR)
    return [d for d in dirs if d.is_dir() and d.resolve().is_relative_to(root) and ".venv" not in d.parts]


def po_files(lang: str) -> list[Path]:
    return [p for d in catalogue_dirs() for p in sorted((d / lang / "LC_MESSAGES").glob("*.po"))]


def _text(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def conflicts(catalogues: dict[str, polib.POFile]) -> dict[tuple, dict[str, tuple[str, ...]]]:
    """(msgctxt, msgid) -> {catalogue: translation} for the keys translated differently in two catalogues."""
    seen: dict[tuple, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for name, po in catalogues.items():
        for entry in po:
            if not entry.obsolete and "fuzzy" not in entry.flags:
                seen[(entry.msgctxt, entry.msgid)][name] = _text(entry)
    return {key: texts for key, texts in seen.items() if len(set(texts.values())) > 1}


def problems(po: polib.POFile) -> list[str]:
    """Fuzzy, empty or duplicated entries of one catalogue, and plurals with the wrong number of forms."""
    found, keys = [], set()
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", "nplurals=2"))[1])
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in keys:
            found.append(f"duplicate entry {key}")
        keys.add(key)
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy entry {key}")
        elif not all(_text(entry)):
            found.append(f"empty translation {key}")
        elif entry.msgid_plural and len(entry.msgstr_plural) != nplurals:
            found.append(f"{len(entry.msgstr_plural)} plural forms, not {nplurals}, in {key}")
    return found


def _po(text: str) -> polib.POFile:
    return polib.pofile('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + text)


def test_the_checks_see_a_conflict_a_fuzzy_an_empty_and_a_duplicate_entry():
    a = _po('msgid "position"\nmsgstr "jabatan"\n\nmsgctxt "order"\nmsgid "position"\nmsgstr "urutan"\n')
    b = _po('msgid "position"\nmsgstr "urutan"\n\nmsgctxt "order"\nmsgid "position"\nmsgstr "urutan"\n')
    assert conflicts({"a": a, "b": b}) == {(None, "position"): {"a": ("jabatan",), "b": ("urutan",)}}
    bad = _po(
        '#, fuzzy\nmsgid "Closed"\nmsgstr "Selesai"\n\nmsgid "Open"\nmsgstr ""\n\nmsgid "A"\nmsgstr "a"\n\nmsgid "A"\nmsgstr "a"\n'
    )
    assert problems(bad) == [
        "fuzzy entry (None, 'Closed')",
        "empty translation (None, 'Open')",
        "duplicate entry (None, 'A')",
    ]
    one_form = polib.pofile(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "%(n)s seat"\nmsgid_plural "%(n)s seats"\nmsgstr[0] "%(n)s kursi"\nmsgstr[1] "%(n)s kursi"\n'
    )
    assert problems(one_form) == ["2 plural forms, not 1, in (None, '%(n)s seat')"]


def test_every_app_has_an_indonesian_and_an_english_catalogue():
    names = {str(d.relative_to(settings.BASE_DIR)) for d in catalogue_dirs()}
    assert {"locale", "accounts/locale", "training/locale", "tutorials/locale", "feedback/locale"} <= names
    for d in catalogue_dirs():
        for lang in ("id", "en"):
            assert (d / lang / "LC_MESSAGES" / "django.po").is_file(), f"{d} has no {lang} catalogue"


def test_no_message_has_two_indonesian_translations_in_two_catalogues():
    catalogues = {str(p.relative_to(settings.BASE_DIR)): polib.pofile(str(p)) for p in po_files("id")}
    found = conflicts(catalogues)
    assert not found, (
        "Django merges all catalogues into one namespace, so only one of these texts would show. Agree on one "
        "translation, or give the message a context (pgettext / {% translate ... context %}) where its meaning "
        "differs:\n" + "\n".join(f"  {key}: {texts}" for key, texts in found.items())
    )


@pytest.mark.parametrize("path", po_files("id"), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_indonesian_catalogue_has_no_fuzzy_empty_or_duplicate_entries(path):
    assert not problems(polib.pofile(str(path)))


@pytest.mark.parametrize("path", po_files("id") + po_files("en"), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_its_po_file(path):
    """The .mo files are committed: after editing a .po (or merging branches) they must be recompiled."""
    with path.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    source = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            source.update({(msgid, int(n)): text for n, text in entry.msgstr_plural.items() if text})
        elif entry.msgstr:
            source[msgid] = entry.msgstr
    compiled.pop("", None)
    assert compiled == source, f"{path.with_suffix('.mo')} is stale: run `make messages` (or compilemessages)"


@pytest.mark.parametrize(
    ("field", "indonesian"),
    [
        ("TutorialStep.position", "urutan"),
        ("QuizQuestion.position", "urutan"),
        ("Category.position", "urutan"),
        ("Question.position", "urutan"),
        ("TestQuestion.position", "urutan"),
        ("Employee.position", "jabatan"),
    ],
)
def test_a_field_shows_the_indonesian_of_its_own_meaning(field, indonesian):
    model_name, name = field.split(".")
    # By class name, so the test holds wherever the app lives (and whatever its label).
    (model,) = [
        m for m in apps.get_models() if m.__name__ == model_name and any(f.name == name for f in m._meta.fields)
    ]
    with translation.override("id"):
        assert str(model._meta.get_field(name).verbose_name) == indonesian


def test_a_closed_forum_topic_reads_ditutup_and_a_closed_feedback_selesai():
    from community.models import Topic
    from feedback.models import Feedback
    from training.models import Enrollment

    with translation.override("id"):
        assert str(Topic.Status.CLOSED.label) == "Ditutup"
        assert str(Feedback.Status.CLOSED.label) == "Selesai"
        assert str(Enrollment.Status.COMPLETED.label) == "Lulus"
