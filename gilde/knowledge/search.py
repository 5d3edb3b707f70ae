"""What knowledge puts in the search index: articles, questions (with answers), sessions."""


def register_sources() -> None:
    """Register a core.search Source per kind (placeholder until the search backends land)."""
