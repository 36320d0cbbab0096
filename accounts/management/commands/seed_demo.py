from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from asn_competency.common.outbox import relay_deferred, relay_pending


class Command(BaseCommand):
    help = "Load idempotent demo data (units, ASN, programs, surveys, feedback, forums) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off: seed_demo refuses to touch what may be a production database. Use --force if you are sure."
                )
            )
        # One transaction for the whole run: one commit (not one per row, which on
        # SQLite is one fsync each and was most of the time), and an interrupted run
        # leaves nothing half-seeded. The background work the seeders queue (e.g.
        # drawing the certificate PDFs) is relayed to the worker in one go afterwards.
        with transaction.atomic(), relay_deferred():
            self._seed_all()
            transaction.on_commit(lambda: relay_pending(older_than=0))
        self.stdout.write(self.style.SUCCESS(f"\nDemo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, first, last, roles, unit, *_rest in DEMO_USERS:
            role_names = ", ".join(str(r.label) for r in roles)
            self.stdout.write(f"  {username:<11} {first + ' ' + last:<20} {role_names} ({unit})")

    def _seed_all(self):
        seeders = settings.DEMO_SEEDERS
        for number, module_name in enumerate(seeders, start=1):
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue  # an app without demo data yet
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{number}/{len(seeders)}] {module_name}"))
            module.seed(out=self.stdout)
