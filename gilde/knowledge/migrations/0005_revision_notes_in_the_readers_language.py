"""Revision notes that Gilde wrote itself ("First version", "Edited") were stored in the
author's language and shown so to every reader; they become empty, and the history page
names the first version in its reader's language."""

from django.db import migrations

GENERATED = ["First version", "Eerste versie", "Edited", "Bewerkt"]


def forwards(apps, schema_editor):
    apps.get_model("knowledge", "ArticleRevision").objects.filter(note__in=GENERATED).update(
        note=""
    )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_calendar_feed_and_sequence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
