"""Properties of the progress and budget roll-ups (gilde.projects.rollup), over random trees."""

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from gilde.projects.rollup import build


@dataclass
class P:
    pk: int
    parent_id: int | None


@dataclass
class Line:
    project_id: int
    organisation_id: int
    planned_cents: int
    actual_cents: int = 0
    planned_hours: int = 0
    actual_hours: int = 0
    planned_credits: int = 0
    actual_credits: int = 0


@st.composite
def trees(draw):
    size = draw(st.integers(1, 25))
    projects = [P(1, None)]
    for pk in range(2, size + 1):
        projects.append(P(pk, draw(st.integers(1, pk - 1))))
    weights = {}
    for p in projects:
        total = draw(st.integers(0, 10))
        weights[p.pk] = (draw(st.integers(0, total)), total)
    lines = [
        Line(p.pk, draw(st.integers(1, 4)), draw(st.integers(0, 10**9)))
        for p in projects
        if draw(st.booleans())
    ]
    return projects, weights, lines


@given(trees())
def test_progress_is_the_weighted_share_of_the_whole_subtree(tree):
    projects, weights, lines = tree
    [root] = build(projects, weights, lines)
    done = sum(d for d, _t in weights.values())
    total = sum(t for _d, t in weights.values())
    assert root.progress == (Fraction(done, total) if total else None)
    for node in root.walk():
        if node.progress is not None:
            assert 0 <= node.progress <= 1


@given(trees())
def test_a_parent_lies_between_its_least_and_most_advanced_parts(tree):
    projects, weights, lines = tree
    [root] = build(projects, weights, lines)
    for node in root.walk():
        parts = [c.progress for c in node.children if c.progress is not None]
        if node.total_weight:
            parts.append(Fraction(node.done_weight, node.total_weight))
        if parts:
            assert min(parts) <= node.progress <= max(parts)


@given(trees())
def test_budget_totals_add_up_per_partner_and_overall(tree):
    projects, weights, lines = tree
    [root] = build(projects, weights, lines)
    for organisation in {line.organisation_id for line in lines}:
        expected = sum(x.planned_cents for x in lines if x.organisation_id == organisation)
        assert root.totals[organisation].planned_cents == expected
    assert root.grand_total.planned_cents == sum(x.planned_cents for x in lines)
    # Every node's total is its own lines plus its children's totals.
    for node in root.walk():
        own = sum(a.planned_cents for a in node.budget.values())
        below = sum(c.grand_total.planned_cents for c in node.children)
        assert node.grand_total.planned_cents == own + below
