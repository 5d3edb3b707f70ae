"""Demo knowledge for the three demo networks (placeholder until the demo content lands)."""


def seed() -> str:
    return "Knowledge: nothing seeded yet."
