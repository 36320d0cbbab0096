"""Extract and compile translations, one catalogue per app.

    python scripts/messages.py            # every app and the project catalogue
    python scripts/messages.py training   # one app

An app's catalogue (<app>/locale/) holds the strings of its code and of its
templates in templates/<app>/; the project catalogue (locale/) holds
asn_competency/, scripts and the shared templates. Source strings are English;
Indonesian (id) is the default language, English (en) the second. The Indonesian
texts live in <locale>/translations_id.py ({msgid: msgstr}) and are applied to the
catalogue before it is compiled, so a missing translation is printed here.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "training", "evaluation", "feedback", "community"]
LANGS = ["id", "en"]
# Not `python -m django`: with an app folder as cwd, its selectors.py would shadow the stdlib module.
DJANGO_ADMIN = [str(Path(sys.executable).parent / "django-admin")]


def run(args, cwd):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    subprocess.run(args, cwd=cwd, check=True, env=env)


def sub_apps(app_dir):
    """Nested apps (training/tutorials) keep their own catalogue."""
    return [p.parent.name for p in app_dir.glob("*/apps.py")]


def app_messages(app):
    """`app` is a folder name relative to the repo: accounts, training/tutorials..."""
    app_dir = ROOT / app
    (app_dir / "locale").mkdir(exist_ok=True)
    link = app_dir / "_templates"
    templates = ROOT / "templates" / app
    if templates.is_dir() and not link.exists():
        link.symlink_to(templates)
    ignores = ["-i", "migrations", "-i", "locale"]
    for sub in sub_apps(app_dir):
        ignores += ["-i", sub, "-i", f"_templates/{sub}"]
    try:
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and not any(app_dir.rglob("*.js")):
                continue
            run(
                [
                    *DJANGO_ADMIN,
                    "makemessages",
                    "--symlinks",
                    "--no-obsolete",
                    "-d",
                    domain,
                    *ignores,
                    *[f"-l{lang}" for lang in LANGS],
                ],
                cwd=app_dir,
            )
    finally:
        if link.is_symlink():
            link.unlink()
    fill(app_dir / "locale")
    run([*DJANGO_ADMIN, "compilemessages"], cwd=app_dir)


def fill(locale_dir):
    """Apply <locale>/translations_id.py (the reviewed Indonesian texts) to the id catalogue."""
    source = locale_dir / "translations_id.py"
    if source.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "po_fill.py"),
                str(locale_dir / "id" / "LC_MESSAGES" / "django.po"),
                str(source),
            ],
            check=False,
        )


def project_messages():
    ignores = []
    for app in APPS:
        ignores += ["-i", f"{app}/*", "-i", f"templates/{app}/*"]
    ignores += ["-i", ".venv/*", "-i", "node_modules/*", "-i", "tests/*", "-i", "staticfiles/*", "-i", "bench/*"]
    run([*DJANGO_ADMIN, "makemessages", "--no-obsolete", *ignores, *[f"-l{lang}" for lang in LANGS]], cwd=ROOT)
    fill(ROOT / "locale")
    run(
        [*DJANGO_ADMIN, "compilemessages", "-i", ".venv", "-i", "node_modules", *[x for a in APPS for x in ("-i", a)]],
        cwd=ROOT,
    )


if __name__ == "__main__":
    targets = sys.argv[1:] or ["project", *APPS, *[f"{a}/{sub}" for a in APPS for sub in sub_apps(ROOT / a)]]
    for target in targets:
        print(f"== {target}")
        project_messages() if target == "project" else app_messages(target)
