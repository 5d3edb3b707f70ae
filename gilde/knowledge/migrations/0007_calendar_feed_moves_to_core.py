# Written by hand: the personal calendar link belongs to the person, not to knowledge.
# CalendarFeed leaves knowledge's state only: its table (knowledge_calendarfeed) and its
# rows stay where they are, and core's migration 0007 takes the model over with that
# table as its db_table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_paying_for_knowledge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarFeed")],
            database_operations=[],
        ),
    ]
