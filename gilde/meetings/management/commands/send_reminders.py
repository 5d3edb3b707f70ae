from django.core.management.base import BaseCommand

from gilde.meetings.reminders import KINDS, send_reminders

LABELS = {
    "action_due": "actions due soon",
    "action_overdue": "overdue actions",
    "overdue_summary": "weekly overdue lists to coordinators",
    "meeting_not_closed": "meetings not closed",
    "minutes_to_finalise": "corrections waiting for a decision",
}


class Command(BaseCommand):
    help = (
        "Remind owners of actions due within two days or overdue, coordinators of their "
        "network's overdue actions (weekly), and organisers of meetings not closed 48 hours "
        "after they ended and of corrections open for two days. Run it from cron (daily); "
        "running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent, and send nothing.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        sent = send_reminders(dry_run=dry_run)
        verb = "would be sent" if dry_run else "sent"
        for kind in KINDS:
            self.stdout.write(f"{len(sent[kind])} reminders {verb}: {LABELS[kind]} ({kind}).")
            if options["verbosity"] >= 2:
                for one in sent[kind]:
                    self.stdout.write(
                        f"  {kind} #{one.object_id} [{one.key}] to {', '.join(one.to)}: {one.about}"
                    )
