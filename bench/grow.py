"""More rows in the bench database: `rows` members and `rows` articles in the demo network.

    python -c "import django; django.setup(); from bench.grow import grow; grow(2000)"

Used by bench/pages.py --rows; not part of the product. The rows are written in
bulk (a few seconds for thousands), with what the pages show filled in: each
member has an organisation, a region and three expertise tags; each article its
author, tags, rendered body and a publication date, some public. The search index
is rebuilt afterwards and every cached fragment made stale.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gilde.accounts.models import Expertise, Organisation, Region, Tag, User
from gilde.core import fragments
from gilde.knowledge.models import Article, render_markdown
from gilde.networks.models import Membership, Network

SLUG = "biocooperatie"
WORDS = [
    "vezels",
    "hennep",
    "vlas",
    "biogas",
    "compost",
    "mestvergisting",
    "eiwit",
    "zeewier",
    "algen",
    "bioplastic",
    "isolatie",
    "stro",
    "riet",
    "zuivel",
    "aardappel",
    "suikerbiet",
    "wei",
    "digestaat",
    "kringloop",
    "waterstof",
]


def grow(rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)  # noqa: S311 - bench data, not secrets
    network = Network.objects.get(slug=SLUG)
    now = timezone.now()
    with transaction.atomic():
        tags = [Tag.objects.get_or_create(slug=w, defaults={"name": w})[0] for w in WORDS]
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Bench Bedrijf {i:04d}") for i in range(max(1, rows // 10))
        )
        User.objects.bulk_create(
            User(
                email=f"bench{i:05d}@example.nl",
                name=f"{rng.choice(WORDS).title()} Benchlid {i:05d}",
                headline=f"Werkt aan {rng.choice(WORDS)} en {rng.choice(WORDS)}",
                region=rng.choice(Region.values),
                password="!",  # unusable: these members never log in  # noqa: S106
            )
            for i in range(rows)
        )
        users = list(User.objects.filter(email__startswith="bench").order_by("pk"))
        Membership.objects.bulk_create(
            Membership(
                network=network,
                user=user,
                organisation=rng.choice(organisations),
                joined_at=now - timedelta(days=rng.randrange(1, 900)),
            )
            for user in users
        )
        Expertise.objects.bulk_create(
            Expertise(user=user, tag=tag, level=rng.choice(Expertise.Level.values))
            for user in users
            for tag in rng.sample(tags, 3)
        )
        articles = []
        for i in range(rows):
            article = Article(
                network=network,
                author=rng.choice(users),
                title=f"{rng.choice(WORDS).title()} in de praktijk, deel {i:05d}",
                summary=f"Wat we leerden over {rng.choice(WORDS)} en {rng.choice(WORDS)}.",
                body=f"Over **{rng.choice(WORDS)}**: " + " ".join(rng.choices(WORDS, k=80)),
                kind=rng.choice(Article.Kind.values),
                visibility="public" if i % 4 == 0 else "network",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=rng.randrange(1, 20_000)),
            )
            render_markdown(article)
            articles.append(article)
        Article.objects.bulk_create(articles)
        articles = Article.objects.filter(title__contains=", deel ").order_by("pk")
        through = Article.tags.through
        through.objects.bulk_create(
            through(article_id=article.pk, tag_id=tag.pk)
            for article in articles
            for tag in rng.sample(tags, 2)
        )
        fragments.bump_all()  # bulk writes send no signals
    call_command("search_reindex", verbosity=0)
