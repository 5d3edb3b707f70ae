from django.core.management.base import BaseCommand

from gilde.exchange.services import remind_waiting_agreements


class Command(BaseCommand):
    help = (
        "Remind the receiver of a delivery that waits 14 days for confirmation, and ask the "
        "coordinators to settle one that waits 30 days. Run it from cron (daily is enough); "
        "running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        reminded, escalated = remind_waiting_agreements()
        self.stdout.write(
            f"{reminded} receivers reminded, {escalated} agreements sent to a coordinator."
        )
