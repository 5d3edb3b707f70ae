import time

from django.core.management.base import BaseCommand, CommandError

from gilde.core import search


class Command(BaseCommand):
    help = "Rebuild the search index from the content (all kinds, or the ones given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help="Only this kind (article, question, session, person); may be repeated.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, kinds=None, batch_size=500, **options):
        kinds = kinds or search.kinds()
        unknown = sorted(set(kinds) - set(search.kinds()))
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}")
        for kind in kinds:
            started = time.monotonic()
            count = search.reindex(kind, batch_size=batch_size)
            seconds = time.monotonic() - started
            self.stdout.write(f"{kind}: {count} document(s) in {seconds:.1f} s")
        search.optimise()
