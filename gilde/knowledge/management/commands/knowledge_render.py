import time

from django.core.management.base import BaseCommand
from django.db import transaction

from gilde.core import fragments
from gilde.knowledge.models import MARKDOWN_FIELDS, render_markdown


class Command(BaseCommand):
    help = (
        "Render the Markdown of every article, question, answer and session again and store "
        "the HTML: after loading data outside the services, or after the sanitiser's rules changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        for model, sources in MARKDOWN_FIELDS.items():
            started = time.monotonic()
            targets = [f"{source}_html" for source in sources]
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), batch_size):
                with transaction.atomic():
                    rows = list(
                        model.objects.filter(pk__in=ids[start : start + batch_size]).only(
                            "pk", *sources
                        )
                    )
                    for row in rows:
                        render_markdown(row)
                    model.objects.bulk_update(rows, targets)
            fragments.bump_all()  # bulk_update sends no signal
            seconds = time.monotonic() - started
            self.stdout.write(f"{model._meta.label}: {len(ids)} rendered in {seconds:.1f} s")
