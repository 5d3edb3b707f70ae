from django.core.management.base import BaseCommand

from gilde.exchange.services import mail_expired_listings


class Command(BaseCommand):
    help = (
        "Mail the owner of each offer or want that expired, once, with a link to renew it, "
        "and take it out of search. Safe to run as often as cron likes: nobody is mailed twice."
    )

    def handle(self, *args, **options):
        mailed = mail_expired_listings()
        self.stdout.write(f"{mailed} expired offers and wants mailed to their owners.")
