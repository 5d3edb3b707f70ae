from django.urls import path

from gilde.exchange import clearing_views, conversation_views, listing_views, views

app_name = "exchange"

N = "n/<slug:slug>/exchange/"

urlpatterns = [
    path(N, views.account, name="account"),
    path(N + "pay/", views.pay, name="pay"),
    path(N + "request/", views.request_payment, name="request"),
    path(N + "statement/", views.statement_page, name="statement"),
    path(N + "statement.csv", views.statement_csv, name="statement_csv"),
    path(N + "transfers/<int:transfer_id>/", views.transfer, name="transfer"),
    path(N + "transfers/<int:transfer_id>/decide/", views.transfer_decide, name="transfer_decide"),
    path(
        N + "transfers/<int:transfer_id>/reverse/", views.transfer_reverse, name="transfer_reverse"
    ),
    path(N + "overview/", views.overview, name="overview"),
    path(N + "settings/", views.ledger_settings, name="settings"),
    path(N + "accounts/new/", views.shared_account_new, name="shared_account_new"),
    path(N + "accounts/<int:account_id>/limits/", views.account_limits, name="account_limits"),
]

# -- offers and wants ---------------------------------------------------------------
L = N + "listings/"
urlpatterns += [
    path(L, listing_views.listings, name="listings"),
    path(L + "new/", listing_views.listing_new, name="listing_new"),
    path(L + "<int:listing_id>/", listing_views.listing, name="listing"),
    path(L + "<int:listing_id>/edit/", listing_views.listing_edit, name="listing_edit"),
    path(L + "<int:listing_id>/renew/", listing_views.listing_renew, name="listing_renew"),
    path(L + "<int:listing_id>/close/", listing_views.listing_close, name="listing_close"),
]

# -- between networks (clearing) ------------------------------------------------------
urlpatterns += [
    path(N + "partners/", clearing_views.partners, name="partners"),
    path(
        N + "partners/<int:partner_id>/propose/",
        clearing_views.clearing_propose,
        name="clearing_propose",
    ),
    path(
        N + "clearing/<int:clearing_id>/approve/",
        clearing_views.clearing_approve,
        name="clearing_approve",
    ),
    path(N + "clearing/<int:clearing_id>/end/", clearing_views.clearing_end, name="clearing_end"),
    path(N + "pay-partner/", clearing_views.pay_partner, name="pay_partner"),
]


# -- conversations and agreements ---------------------------------------------------
urlpatterns += [
    path(N + "conversations/", conversation_views.conversations, name="conversations"),
    path(
        N + "conversations/new/",
        conversation_views.conversation_start,
        name="conversation_start",
    ),
    path(
        N + "conversations/<int:conversation_id>/",
        conversation_views.conversation,
        name="conversation",
    ),
    path(
        N + "conversations/<int:conversation_id>/messages/",
        conversation_views.conversation_reply,
        name="conversation_reply",
    ),
    path(
        N + "conversations/<int:conversation_id>/agreements/",
        conversation_views.agreement_propose,
        name="agreement_propose",
    ),
    path(
        N + "agreements/<int:agreement_id>/step/",
        conversation_views.agreement_step,
        name="agreement_step",
    ),
    path(
        N + "agreements/<int:agreement_id>/settle/",
        conversation_views.agreement_settle,
        name="agreement_settle",
    ),
    path(N + "disputes/", conversation_views.disputes, name="disputes"),
]
