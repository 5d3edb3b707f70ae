# Written by hand: PostgreSQL-only indexes for the visibility half of search.

from django.db import migrations

# PostgreSQL answers a search by intersecting two bitmaps before it reads any
# row: the GIN index's matches and the documents the user may see. Without
# these indexes the second bitmap came from full scans of indexes that do not
# start with the column asked for (network_id is last in
# search_document_unique, visibility second in search_document_access): 23 of
# the 50 ms of the most common query at 100,000 documents. With them it is read
# from the entries it needs (see docs/performance.md). SQLite checks visibility
# per match in search_document_access (INDEXED BY) and needs neither.
POSTGRESQL_CREATE = [
    # "public or network in one of my member networks": network_id = ANY (...)
    "CREATE INDEX IF NOT EXISTS search_document_network ON core_searchdocument (network_id)",
    # "public and the network is not hidden", for everyone, also logged out
    "CREATE INDEX IF NOT EXISTS search_document_public ON core_searchdocument (id)"
    " WHERE visibility = 'public' AND NOT network_hidden",
    "ANALYZE core_searchdocument",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_document_public",
    "DROP INDEX IF EXISTS search_document_network",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_outgoing_mail"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_CREATE}),
            _run({"postgresql": POSTGRESQL_DROP}),
            elidable=False,
        ),
    ]
