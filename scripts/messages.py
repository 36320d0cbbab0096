"""Extract and compile translations, one catalogue per app: plain makemessages + compilemessages.

    python scripts/messages.py            # every app and the project catalogue
    python scripts/messages.py training   # one app (or project)

An app's catalogue (<app>/locale/) holds the strings of its code and of its
templates in templates/<app>/; the project catalogue (locale/) holds
asn_competency/, scripts and the shared templates. Source strings are English;
Indonesian (id) is the default language, English (en) the second. The .po files
are the source of the Indonesian texts: edit them directly.

Catalogues carry no source locations (--no-location), so an entry only changes
when its text does and branches that add entries merge cleanly (.gitattributes
merges *.po by union). A union merge can leave the same entry twice; msguniq
folds those first (differing translations become one fuzzy entry, which
tests/common/test_translations.py reports until a person picks one).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "training",
    "certificates",
    "planning",
    "tutorials",
    "workshops",
    "evaluation",
    "feedback",
    "community",
    "notifications",
    "announcements",
    "paths",
]
LANGS = ["id", "en"]
# Not `python -m django`: with an app folder as cwd, its selectors.py would shadow the stdlib module.
DJANGO_ADMIN = [str(Path(sys.executable).parent / "django-admin")]


def run(args, cwd):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    subprocess.run(args, cwd=cwd, check=True, env=env)


def fold_duplicates(locale_dir):
    for po in locale_dir.glob("*/LC_MESSAGES/*.po"):
        subprocess.run(["msguniq", "--no-location", "--no-wrap", "-o", str(po), str(po)], check=True)


def makemessages(cwd, *options):
    fold_duplicates(cwd / "locale")
    run(
        [
            *DJANGO_ADMIN,
            "makemessages",
            "--no-location",
            "--no-wrap",
            "--no-obsolete",
            *options,
            *[f"-l{lang}" for lang in LANGS],
        ],
        cwd=cwd,
    )


def app_messages(app):
    """`app` is an app's folder name: accounts, training, tutorials..."""
    app_dir = ROOT / app
    (app_dir / "locale").mkdir(exist_ok=True)
    # makemessages reads the app's folder only: its templates join it through a symlink.
    link = app_dir / "_templates"
    templates = ROOT / "templates" / app
    if templates.is_dir() and not link.exists():
        link.symlink_to(templates)
    ignores = ["-i", "migrations", "-i", "locale"]
    try:
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and not any(app_dir.rglob("*.js")):
                continue
            makemessages(app_dir, "--symlinks", "-d", domain, *ignores)
    finally:
        if link.is_symlink():
            link.unlink()
    run([*DJANGO_ADMIN, "compilemessages"], cwd=app_dir)


def project_messages():
    ignores = []
    for app in APPS:
        ignores += ["-i", f"{app}/*", "-i", f"templates/{app}/*"]
    ignores += ["-i", ".venv/*", "-i", "node_modules/*", "-i", "tests/*", "-i", "staticfiles/*", "-i", "bench/*"]
    makemessages(ROOT, *ignores)
    run(
        [*DJANGO_ADMIN, "compilemessages", "-i", ".venv", "-i", "node_modules", *[x for a in APPS for x in ("-i", a)]],
        cwd=ROOT,
    )


if __name__ == "__main__":
    targets = sys.argv[1:] or ["project", *APPS]
    for target in targets:
        print(f"== {target}")
        project_messages() if target == "project" else app_messages(target)
