"""People in the search index: one document per active membership (placeholder)."""


def register_sources() -> None:
    """Register the "person" source with core.search."""
