# Written by hand: PostgreSQL-only full-text indexes that know about visibility.

from django.db import migrations

# A search is "the vector matches AND (public and not hidden OR in one of my
# member networks and ...)". 0004 gave PostgreSQL btree indexes to read the
# second half from, but it still answered a search by intersecting a bitmap of
# every match with a bitmap of every document the user might see: at 1,000,000
# documents building those bitmaps takes about 90 ms whatever the query, because
# it grows with the table, not with the matches.
#
# These two GIN indexes hold a column of the visibility condition next to the
# vector (btree_gin, a contrib extension that ships with PostgreSQL and that a
# database owner may create), so each half of the condition is one index scan
# that returns only the matches in that half:
#   visibility = 'public' AND NOT network_hidden AND vector @@ query
#       -> search_document_public_vector, which holds public documents only;
#   network_id IN (my member networks) AND vector @@ query
#       -> search_document_network_vector, one scan per network.
# The second also serves "vector @@ query" alone (any column of a multicolumn
# GIN index can be searched on its own), so it replaces 0001's
# core_searchdocument_vector; 0004's btree indexes are no longer needed. See
# docs/performance.md. SQLite checks visibility per match in
# search_document_access (INDEXED BY) and needs none of this.
#
# Building the two indexes takes about 3 minutes per million documents; writes to
# core_searchdocument (publishing, editing) wait meanwhile, searches do not.
POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "SET LOCAL maintenance_work_mem = '256MB'",  # for building GIN indexes; this transaction only
    "CREATE INDEX IF NOT EXISTS search_document_network_vector ON core_searchdocument"
    " USING GIN (network_id, search_vector)",
    "CREATE INDEX IF NOT EXISTS search_document_public_vector ON core_searchdocument"
    " USING GIN (visibility, search_vector) WHERE visibility = 'public' AND NOT network_hidden",
    "DROP INDEX IF EXISTS core_searchdocument_vector",
    "DROP INDEX IF EXISTS search_document_network",
    "DROP INDEX IF EXISTS search_document_public",
    "ANALYZE core_searchdocument",
]
POSTGRESQL_DROP = [
    "SET LOCAL maintenance_work_mem = '256MB'",
    "CREATE INDEX IF NOT EXISTS search_document_public ON core_searchdocument (id)"
    " WHERE visibility = 'public' AND NOT network_hidden",
    "CREATE INDEX IF NOT EXISTS search_document_network ON core_searchdocument (network_id)",
    "CREATE INDEX IF NOT EXISTS core_searchdocument_vector ON core_searchdocument"
    " USING GIN (search_vector)",
    "DROP INDEX IF EXISTS search_document_public_vector",
    "DROP INDEX IF EXISTS search_document_network_vector",
    # btree_gin stays: dropping an extension is for whoever manages the database.
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_outgoing_mail_attachments"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_CREATE}),
            _run({"postgresql": POSTGRESQL_DROP}),
            elidable=False,
        ),
    ]
