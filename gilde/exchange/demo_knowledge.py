"""Demo data for paying for knowledge: in SUSPACC a training priced in credits, for which
three members registered and paid; in the Biocoöperatie a question with a reward, reserved
on the asker's account, with an answer not yet accepted.

Written through the knowledge services, which pay through the ledger, with the demo people
acting as themselves: the organiser announces, each member registers and pays. `seed()`
runs inside `manage.py seed_demo`'s transaction after the knowledge seeder (core.demo's
registry); a second run writes nothing, as the session and the question are found by
network and title.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from gilde.accounts.models import User
from gilde.core import demo
from gilde.knowledge import services
from gilde.knowledge.demo_seeder import at
from gilde.knowledge.models import Question, Session
from gilde.networks.management.commands.seed_demo import MEMBERSHIPS
from gilde.networks.models import Network

SESSION_NETWORK = "suspacc"
SESSION_TITLE = "Training: veilig werken met de spuitgietmachine"
SESSION_PRICE = 2 * 60  # 2 uur
SESSION_PAYERS = 3
QUESTION_NETWORK = "biocooperatie"
QUESTION_TITLE = "Wie heeft PLA-resten laten composteren, en waar?"
QUESTION_REWARD = 60  # 1 uur


def _members(slug: str) -> list[User]:
    """The network's demo members (not coordinators or guests), in the data file's order."""
    emails = [email for email, role in MEMBERSHIPS[slug] if role == "member"]
    found = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [found[email] for email in emails if email in found]


def seed(context=None) -> str:
    """Seed one paid session and one question with a reward; returns a line for the report."""
    networks = {n.slug: n for n in Network.objects.filter(slug__in=MEMBERSHIPS)}
    if SESSION_NETWORK not in networks or QUESTION_NETWORK not in networks:
        return "Paying for knowledge: the demo networks are missing, nothing seeded."
    # The demo is Dutch, and so is what the ledger writes in the active language.
    with translation.override("nl"), demo.without_mail():
        paid = _seed_session(networks[SESSION_NETWORK])
        _seed_question(networks[QUESTION_NETWORK])
    return (
        f"Paying for knowledge: a session in credits with {paid} paid registrations, "
        "a question with a reward."
    )


def _seed_session(network: Network) -> int:
    existing = Session.objects.filter(network=network, title=SESSION_TITLE).first()
    if existing is None:
        organiser, *people = _members(network.slug)
        starts = at(timezone.localdate(), 10, 13, weekday=True)
        existing = services.create_session(
            network,
            by=organiser,
            kind=Session.Kind.TRAINING,
            title=SESSION_TITLE,
            description=(
                "Een middag aan de spuitgietmachine van de Groene Proeffabriek: instellen, "
                "matrijs wisselen, veilig stoppen. Daarna mag je de machine zelf boeken.\n\n"
                "De training kost 2 uur, betaald in de uren van het netwerk."
            ),
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            location="Groene Proeffabriek Emmen",
            capacity=6,
            price_kind=Session.Price.CREDITS,
            price_credits=SESSION_PRICE,
        )
        for person in people[:SESSION_PAYERS]:
            services.register(existing, by=person)
    return existing.registrations.filter(paid_credits__gt=0).count()


def _seed_question(network: Network) -> None:
    if Question.objects.filter(network=network, title=QUESTION_TITLE).exists():
        return
    asker, answerer, *_others = _members(network.slug)
    question = services.ask_question(
        network,
        by=asker,
        title=QUESTION_TITLE,
        body="We houden snijafval van PLA-verpakkingen over. Wie weet een composteerder die "
        "het aanneemt, en onder welke voorwaarden?",
        reward=QUESTION_REWARD,
    )
    services.answer_question(
        question,
        by=answerer,
        body="Bij ons ging het naar een industriële composteerder in Groningen; vraag naar "
        "hun acceptatievoorwaarden voor PLA.",
    )
