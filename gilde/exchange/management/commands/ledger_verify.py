from django.core.management.base import BaseCommand, CommandError

from gilde.exchange.verify import verify


class Command(BaseCommand):
    help = (
        "Recompute every balance from the transfers, check that each network sums to zero "
        "and that no balance lies outside its limits. Exits non-zero when anything is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--network", action="append", help="Only this network (slug)")

    def handle(self, *args, network=None, **options):
        ids = None
        if network:
            from gilde.networks.models import Network

            ids = list(Network.objects.filter(slug__in=network).values_list("pk", flat=True))
            if len(ids) != len(set(network)):
                raise CommandError("No network with that slug.")
        report = verify(ids)
        for line in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {line}"))
        for line in report.errors:
            self.stdout.write(self.style.ERROR(f"error: {line}"))
        summary = (
            f"{report.networks} networks, {report.accounts} accounts, "
            f"{report.transfers} completed transfers: "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(f"The books are in order. {summary}"))
