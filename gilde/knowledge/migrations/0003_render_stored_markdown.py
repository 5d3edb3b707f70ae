"""Render the Markdown of the rows that exist into the new `<field>_html` columns."""

from django.db import migrations

from gilde.core.markdown import render

# The Markdown fields as they were when the columns were added (not read from the
# models, which may have changed by the time this runs).
FIELDS = {
    "Article": ("body",),
    "Question": ("body",),
    "Answer": ("body",),
    "Session": ("description", "materials"),
}


def render_existing(apps, schema_editor):
    for model_name, sources in FIELDS.items():
        model = apps.get_model("knowledge", model_name)
        targets = [f"{source}_html" for source in sources]
        batch = []
        for row in model.objects.only("pk", *sources).iterator(chunk_size=500):
            for source, target in zip(sources, targets, strict=True):
                setattr(row, target, str(render(getattr(row, source))))
            batch.append(row)
            if len(batch) == 500:
                model.objects.bulk_update(batch, targets)
                batch = []
        if batch:
            model.objects.bulk_update(batch, targets)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_store_rendered_markdown"),
    ]

    operations = [
        migrations.RunPython(render_existing, migrations.RunPython.noop, elidable=True),
    ]
