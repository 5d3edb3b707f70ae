from django.core.management.base import BaseCommand

from gilde.core.mail import send_due


class Command(BaseCommand):
    help = (
        "Deliver the mail that is due: retries of failed deliveries, and mail whose task was lost."
    )

    def handle(self, *args, **options):
        sent, failed = send_due()
        self.stdout.write(f"{sent} sent, {failed} not delivered (will be retried or given up)")
