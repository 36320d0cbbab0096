"""Publish the outbox rows that are still pending (after a broker outage), now.

The beat job `common.outbox_relay` does the same every minute; this command is
for operators (and for deployments without beat): `python manage.py relay_outbox`.
"""

from django.core.management.base import BaseCommand

from asn_competency.common.outbox import outbox_pending_count, relay_pending


class Command(BaseCommand):
    help = "Publish pending outbox rows to the Celery broker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=float, default=0, help="only rows older than this many seconds (default: all)"
        )

    def handle(self, *args, older_than, **options):
        sent = relay_pending(older_than=older_than)
        pending = outbox_pending_count()
        self.stdout.write(f"{sent} sent, {pending} still pending")
        if pending:
            self.stderr.write("The broker is still unavailable or rows are being sent; run again later.")
