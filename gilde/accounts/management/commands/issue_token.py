from django.core.management.base import BaseCommand, CommandError

from gilde.accounts import services
from gilde.accounts.models import User
from gilde.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a personal API access token for EMAIL and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="manage.py issue_token", help="What the token is for")

    def handle(self, *args, email: str, name: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person with e-mail address {email}.")
        try:
            _token, raw = services.issue_token(user, name, by=user)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(raw)
