"""Progress and budget totals rolled up a project tree, computed from rows already read.

- A project's progress is the weighted share of done milestones in it and in all its
  sub-projects: done weight / total weight over the subtree. A tree without milestones
  has no progress (None), not 0 %, so "not planned yet" is not shown as "nothing done".
- A project's budget per partner is its own budget lines plus those of its sub-projects;
  the grand total is the sum over partners.

`build` makes the tree from flat rows (one query each for projects, milestone sums and
budget lines, whatever the depth); the properties are checked with hypothesis in
gilde/projects/tests/test_rollup.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Amounts:
    """Planned and actual cash (euro cents), hours in kind, and credits (minor units)."""

    planned_cents: int = 0
    actual_cents: int = 0
    planned_hours: Decimal = Decimal(0)
    actual_hours: Decimal = Decimal(0)
    planned_credits: int = 0
    actual_credits: int = 0

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Amounts)))

    @classmethod
    def of(cls, line) -> Amounts:
        return cls(*(getattr(line, f.name) for f in fields(Amounts)))

    @property
    def is_zero(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(Amounts))


ZERO = Amounts()


@dataclass
class Node:
    project: Any  # a Project, with the rows gilde.projects.tree puts on it
    done_weight: int = 0
    total_weight: int = 0
    budget: dict[int, Amounts] = field(default_factory=dict)  # organisation id → amounts
    children: list[Node] = field(default_factory=list)
    depth: int = 0

    def walk(self) -> Iterable[Node]:
        """This node and every node under it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def subtree_weights(self) -> tuple[int, int]:
        done = total = 0
        for node in self.walk():
            done += node.done_weight
            total += node.total_weight
        return done, total

    @property
    def progress(self) -> Fraction | None:
        done, total = self.subtree_weights
        return Fraction(done, total) if total else None

    @property
    def percent(self) -> int | None:
        progress = self.progress
        return None if progress is None else int(progress * 100)

    @property
    def totals(self) -> dict[int, Amounts]:
        """Budget per organisation over the subtree."""
        result: dict[int, Amounts] = defaultdict(lambda: ZERO)
        for node in self.walk():
            for organisation_id, amounts in node.budget.items():
                result[organisation_id] = result[organisation_id] + amounts
        return dict(result)

    @property
    def grand_total(self) -> Amounts:
        total = ZERO
        for amounts in self.totals.values():
            total = total + amounts
        return total


def build(projects, weights: dict[int, tuple[int, int]], lines) -> list[Node]:
    """The forest of `projects` (each with `pk` and `parent_id`), with `weights`
    {project id: (done, total)} and budget `lines` (each with `project_id`,
    `organisation_id` and the amounts). A project whose parent is not among `projects`
    is a root. Children keep the order of `projects`."""
    nodes = {p.pk: Node(p) for p in projects}
    for project_id, (done, total) in weights.items():
        if project_id in nodes:
            nodes[project_id].done_weight = done
            nodes[project_id].total_weight = total
    for line in lines:
        node = nodes.get(line.project_id)
        if node is not None:
            node.budget[line.organisation_id] = node.budget.get(
                line.organisation_id, ZERO
            ) + Amounts.of(line)
    roots = []
    for project in projects:
        node = nodes[project.pk]
        parent = nodes.get(project.parent_id)
        if parent is None or parent is node:
            roots.append(node)
        else:
            parent.children.append(node)
    for root in roots:
        _set_depth(root, 0, set())
    return roots


def _set_depth(node: Node, depth: int, seen: set) -> None:
    if id(node) in seen:  # a cycle cannot be stored (services refuse it); never loop
        return
    seen.add(id(node))
    node.depth = depth
    for child in node.children:
        _set_depth(child, depth + 1, seen)
