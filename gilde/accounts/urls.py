from django.urls import path

from gilde.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/expertise/", views.add_expertise, name="add_expertise"),
    path(
        "me/expertise/<int:expertise_id>/delete/", views.remove_expertise, name="remove_expertise"
    ),
    path("me/items/", views.add_item, name="add_item"),
    path("me/items/<int:item_id>/delete/", views.remove_item, name="remove_item"),
    path("me/organisations/", views.organisations, name="organisations"),
    path(
        "me/organisations/<int:organisation_id>/", views.edit_organisation, name="edit_organisation"
    ),
    path(
        "me/organisations/<int:organisation_id>/leave/",
        views.leave_organisation,
        name="leave_organisation",
    ),
    path("me/organisations/claim/", views.claim_organisation, name="claim_organisation"),
    path(
        "me/organisations/claim/<int:my_claim_id>/withdraw/",
        views.withdraw_claim,
        name="withdraw_claim",
    ),
    path("me/organisations/requests/", views.claims, name="claims"),
    path("me/organisations/requests/<int:claim_id>/", views.decide_claim, name="decide_claim"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("tags/", views.tags, name="tags"),
    path("tags/suggest/", views.suggest_tags, name="suggest_tags"),
    path("tags/merge/", views.merge_tags, name="merge_tags"),
    path("tags/synonyms/", views.add_synonym, name="add_synonym"),
    path("tags/merges/<int:entry_id>/undo/", views.undo_merge, name="undo_merge"),
]
