# Written by hand: core takes over the personal calendar link from knowledge, in the
# migrations' state only. The table was made by knowledge's migration 0004 and keeps its
# name (db_table), so no row moves and nothing is renamed, on SQLite as on PostgreSQL.
# Depending on knowledge's 0007 (which removes the model from knowledge's state, after its
# 0004 made the table) orders this after the table exists on a fresh database, and leaves
# one owner of the model at every step.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_search_postgresql_visibility_gin"),
        ("knowledge", "0007_calendar_feed_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarFeed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token_hash",
                            models.CharField(editable=False, max_length=64, unique=True),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="calendar_feeds",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "calendar link",
                        "verbose_name_plural": "calendar links",
                        "db_table": "knowledge_calendarfeed",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
