"""`manage.py ikm_summary [--full]`: fill the IKM summary table now (what the
worker's job `feedback.ikm_summary_refresh` does every few minutes), e.g. after
loading or seeding feedback in bulk."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Summarise the closed days and months of citizen feedback for the IKM figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Recompute every period, not only missing or dirty ones."
        )

    def handle(self, *args, full, **options):
        from feedback.services import ikm_summary_refresh

        started = time.monotonic()
        count = ikm_summary_refresh(full=full)
        self.stdout.write(f"{count} periods summarised in {time.monotonic() - started:.1f} s")
