"""The production settings plus one bench-only URL: the hello-world view bench/pages.py
compares every page with. Never used by the product."""

from gilde.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
