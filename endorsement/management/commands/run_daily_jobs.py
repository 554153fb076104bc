import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from endorsement import jobs

logger = logging.getLogger("endorsement.jobs")

# The embedded scheduler wakes at least this often, so a changed clock (sleep, DST) delays a job
# by at most this long.
LONGEST_NAP = 15 * 60


class Command(BaseCommand):
    help = (
        "Run the daily jobs (rating reminders, renewal sweep) in this process now, recording their "
        "heartbeats. With --forever, keep running them every day at DAILY_JOBS_AT, as beat does "
        "(the embedded default's scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--job", action="append", choices=sorted(jobs.DAILY_JOBS), help="Run only this job (repeatable)."
        )
        parser.add_argument(
            "--forever",
            action="store_true",
            help="Run the jobs not yet done today now, then every day at DAILY_JOBS_AT, until stopped.",
        )

    def handle(self, *args, job=None, forever=False, **options):
        if forever:
            return self.run_forever()
        failed = [name for name in job or jobs.DAILY_JOBS if not self.run_one(name)]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)} (the heartbeat in the admin has the error).")

    def run_one(self, name):
        try:
            result = jobs.run_job(name)
        except Exception as error:  # noqa: BLE001 -- reported, recorded in the heartbeat, and the next job runs
            logger.exception("The daily job %s failed", name)
            self.stderr.write(f"{name}: failed: {type(error).__name__}: {error}")
            return False
        self.stdout.write(f"{name}: done ({result})" if result is not None else f"{name}: done")
        return True

    def run_forever(self):
        at = settings.DAILY_JOBS_AT
        self.stdout.write(f"Running the daily jobs every day at {at:%H:%M} ({settings.TIME_ZONE}).")
        try:
            while True:
                for name in jobs.due_jobs(timezone.now(), at):
                    self.run_one(name)
                time.sleep(min(LONGEST_NAP, jobs.seconds_until_next(timezone.now(), at)))
        except KeyboardInterrupt:  # Ctrl-C in ./scripts/run.sh reaches this process too
            self.stdout.write("Stopped running the daily jobs.")
