"""The shared vocabulary is a site-level role: curators merge, add synonyms, and undo a merge.

A coordinator of some network (anyone can set one up) has no say over the
words every network uses. A merge moves every use of the tag (people's
expertise and offers, the tags of articles, questions and sessions), refreshes
what search finds, is written to the audit log, and can be undone.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gilde.accounts import services
from gilde.accounts.models import Expertise, ProfileItem, Tag, TagSynonym
from gilde.core import access, search
from gilde.core.errors import Conflict, NotAllowed
from gilde.core.models import AuditEntry
from gilde.core.testing import make_membership, make_network, make_tag, make_user
from gilde.knowledge import services as knowledge
from gilde.knowledge.models import Article, Question, Session


def found(user, query: str, **filters) -> list[tuple[str, int]]:
    access.forget_memberships(user)
    return sorted((hit.kind, hit.object_id) for hit in search.search(user, query, **filters).hits)


@pytest.fixture
def items(network, anke, bert):
    """An article, a question and a session in Biobased Noord, each tagged "agri-food"."""
    article = knowledge.create_article(
        network, by=bert, title="Vezels uit stro", body="Over stro.", tags=["agri-food"],
        publish=True,
    )  # fmt: skip
    question = knowledge.ask_question(
        network, by=anke, title="Wie verwerkt stro?", tags=["agri-food", "agrifood"]
    )
    starts = timezone.now() + timedelta(days=3)
    session = knowledge.create_session(
        network, by=anke, title="Strodag", description="Over stro.", tags=["agri-food"],
        starts_at=starts, ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
    return article, question, session


def tag_names(item) -> list[str]:
    return sorted(item.tags.values_list("name", flat=True))


def test_a_coordinator_who_is_no_curator_cannot_merge_tags_or_add_synonyms(
    network, anke, bert, client_for
):
    stranger = make_user("Sjaak Vreemd")
    make_membership(stranger, make_network("Sjaaks Eigen Netwerk"), role="coordinator")
    source, target = make_tag("agrifood"), make_tag("voedsel")
    services.add_expertise(bert, "agrifood", "expert", by=bert)
    for someone in (anke, stranger):
        with pytest.raises(NotAllowed):
            services.merge_tags(source, target, by=someone)
        with pytest.raises(NotAllowed):
            services.add_synonym(target, "food", by=someone)
        browser = client_for(someone)
        page = browser.get(reverse("accounts:tags")).content.decode()
        assert reverse("accounts:merge_tags") not in page
        browser.post(reverse("accounts:merge_tags"), {"source": "agrifood", "target": "voedsel"})
        browser.post(reverse("accounts:add_synonym"), {"tag": "voedsel", "name": "food"})
    assert Tag.objects.filter(name="agrifood").exists()
    assert Expertise.objects.get(user=bert).tag.name == "agrifood"
    assert not TagSynonym.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="tag.").exists()


def test_site_admins_and_the_people_they_name_curate_the_vocabulary(curator, site_admin):
    assert services.can_merge_tags(curator) and services.can_merge_tags(site_admin)
    for who, name in ((curator, "één"), (site_admin, "twee")):
        services.add_synonym(make_tag(f"tag {name}"), f"synoniem {name}", by=who)
    entries = AuditEntry.objects.filter(verb="tag.synonym_added")
    assert sorted(entries.values_list("actor__email", flat=True)) == sorted(
        [curator.email, site_admin.email]
    )


def test_merging_moves_article_question_and_session_tags_and_search_finds_them_under_the_target(
    network, anke, bert, curator, items
):
    article, question, session = items
    source, target = Tag.objects.get(name="agri-food"), Tag.objects.get(name="agrifood")
    assert found(bert, "stro", tag="agrifood") == [("question", question.pk)]

    services.merge_tags(source, target, by=curator)

    assert not Tag.objects.filter(pk=source.pk).exists()
    assert tag_names(article) == tag_names(session) == ["agrifood"]
    assert tag_names(question) == ["agrifood"]  # had both: one left
    expected = sorted([("article", article.pk), ("question", question.pk), ("session", session.pk)])
    assert found(bert, "stro", tag="agrifood") == expected
    assert found(bert, "stro", tag="agri-food") == expected  # the old name is a synonym now
    entry = AuditEntry.objects.get(verb="tag.merged")
    assert (entry.actor, entry.target_id) == (curator, target.pk)
    assert entry.data["source"]["name"] == "agri-food"


def test_undoing_a_merge_brings_back_the_tag_and_exactly_what_used_it(
    network, anke, bert, curator, items
):
    article, question, session = items
    services.add_expertise(bert, "agri-food", "basis", by=bert)
    services.add_expertise(anke, "agri-food", "expert", by=anke)
    services.add_expertise(anke, "agrifood", "basis", by=anke)
    offer = services.add_profile_item(bert, "offer", "Strobalen", ["agri-food"], by=bert)
    source, target = Tag.objects.get(name="agri-food"), Tag.objects.get(name="agrifood")
    services.add_synonym(source, "agro-voeding", by=curator)
    before = {
        "article": tag_names(article),
        "question": tag_names(question),
        "session": tag_names(session),
        "offer": tag_names(offer),
        "expertise": sorted(Expertise.objects.values_list("user__name", "tag__name", "level")),
    }
    services.merge_tags(source, target, by=curator)
    assert Expertise.objects.get(user=anke).level == "expert"  # kept the higher level
    entry = AuditEntry.objects.get(verb="tag.merged")

    restored = services.undo_tag_merge(entry, by=curator)

    assert (restored.pk, restored.name, restored.slug) == (source.pk, "agri-food", source.slug)
    assert tag_names(article) == before["article"]
    assert tag_names(question) == before["question"]
    assert tag_names(session) == before["session"]
    assert tag_names(ProfileItem.objects.get(pk=offer.pk)) == before["offer"]
    after = sorted(Expertise.objects.values_list("user__name", "tag__name", "level"))
    assert after == before["expertise"]
    assert list(restored.synonyms.values_list("name", flat=True)) == ["agro-voeding"]
    assert Tag.objects.resolve("agri-food") == restored  # the merge's synonym is gone
    assert found(bert, "stro", tag="agri-food") == sorted(
        [("article", article.pk), ("question", question.pk), ("session", session.pk)]
    )
    assert found(bert, "stro", tag="agrifood") == [("question", question.pk)]
    assert found(anke, "Strobalen", tag="agri-food") == [("person", bert.pk)]
    undo = AuditEntry.objects.get(verb="tag.merge_undone")
    assert (undo.actor, undo.target_id) == (curator, entry.pk)
    with pytest.raises(Conflict):
        services.undo_tag_merge(entry, by=curator)


def test_a_coordinator_cannot_undo_a_merge(network, anke, curator, client_for):
    source, target = make_tag("agri-food"), make_tag("agrifood")
    services.merge_tags(source, target, by=curator)
    entry = AuditEntry.objects.get(verb="tag.merged")
    with pytest.raises(NotAllowed):
        services.undo_tag_merge(entry, by=anke)
    response = client_for(anke).post(reverse("accounts:undo_merge", args=[entry.pk]))
    assert response.status_code == 404
    assert not Tag.objects.filter(name="agri-food").exists()


def test_the_tags_page_lists_recent_merges_with_an_undo_button(network, curator, client_for):
    services.merge_tags(make_tag("agri-food"), make_tag("agrifood"), by=curator)
    entry = AuditEntry.objects.get(verb="tag.merged")
    browser = client_for(curator)
    undo = reverse("accounts:undo_merge", args=[entry.pk])
    assert undo in browser.get(reverse("accounts:tags")).content.decode()
    assert browser.post(undo, {"confirm": "yes"}).status_code == 302
    assert Tag.objects.filter(name="agri-food").exists()
    assert undo not in browser.get(reverse("accounts:tags")).content.decode()  # done once


def test_a_merge_whose_target_was_merged_away_cannot_be_undone(network, curator):
    first, second, third = make_tag("agri-food"), make_tag("agrifood"), make_tag("voedsel")
    services.merge_tags(first, second, by=curator)
    services.merge_tags(second, third, by=curator)
    earlier = AuditEntry.objects.filter(verb="tag.merged").order_by("pk").first()
    with pytest.raises(Conflict):
        services.undo_tag_merge(earlier, by=curator)
    later = AuditEntry.objects.filter(verb="tag.merged").order_by("pk").last()
    services.undo_tag_merge(later, by=curator)
    services.undo_tag_merge(earlier, by=curator)
    names = sorted(Tag.objects.values_list("name", flat=True))
    assert names == ["agri-food", "agrifood", "voedsel"]


def test_nothing_that_used_the_source_tag_is_left_behind_by_the_merge(network, bert, curator):
    """Every relation to Tag (found from Tag's meta) is moved, so the delete cascades nothing."""
    source, target = make_tag("agri-food"), make_tag("agrifood")
    article = knowledge.create_article(
        network, by=bert, title="Stro", body="x", tags=["agri-food"], publish=True
    )
    counts = (Article.tags.through.objects.count(), Question.tags.through.objects.count(),
              Session.tags.through.objects.count())  # fmt: skip
    services.merge_tags(source, target, by=curator)
    assert (
        Article.tags.through.objects.count(),
        Question.tags.through.objects.count(),
        Session.tags.through.objects.count(),
    ) == counts
    assert tag_names(article) == ["agrifood"]
