"""The access matrix: every page and API route, asked by every role, checked against one table.

DESIGN rule 1: who may not see a thing gets 404, so its existence does not leak;
anonymous visitors of personal pages are sent to the login page instead, and so are
logged-out visitors of any page (not the API, files or feeds) that would be a 404:
hidden, members-only and missing alike. The
routes are read from the URL resolver and from the API's OpenAPI schema, so a
new route that is not in TABLE fails `test_every_route_is_in_the_matrix`.

A cell is a status code, or an `Expect` that also says where a redirect leads
and whether the request changed the database. A GET never changes anything; a
refused write (4xx) never does either.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gilde.accounts.models import User
from gilde.accounts.services import (
    add_expertise,
    add_profile_item,
    claim_organisation,
    issue_token,
    merge_tags,
)
from gilde.api import api
from gilde.conftest import cast, login
from gilde.core import calendar
from gilde.core.mail import stop_token
from gilde.core.models import AuditEntry
from gilde.core.testing import (
    make_membership,
    make_network,
    make_organisation,
    make_tag,
    make_user,
)
from gilde.exchange import services as exchange_services
from gilde.knowledge import services as knowledge_services
from gilde.networks import services as network_services
from gilde.networks.models import JoinRequest, Membership, Network, PartnerLink

pytestmark = pytest.mark.matrix

ROLES = ("anonymous", "outsider", "guest", "member", "coordinator")
API_PREFIX = "/api/v1"

# Top-level includes that are not ours to police here (allauth and the admin's login get
# explicit rows below).
SKIPPED_PREFIXES = ("api/v1/", settings.ADMIN_PATH, "accounts/", "i18n/", "media/", "static/")


@dataclass(frozen=True)
class Expect:
    status: int
    to: Callable[[dict], str] | None = None  # a redirect's target starts with this path
    changes: bool | None = None  # None: a write may change things unless it was refused
    content_type: str = "application/json"  # of an API answer (errors are always JSON)


LOGIN = Expect(302, to=lambda a: reverse("account_login"), changes=False)
SIGNUP = Expect(302, to=lambda a: reverse("account_signup"), changes=False)
AT_HOME = Expect(302, to=lambda a: reverse("networks:home", args=[a["slug"]]), changes=False)
DONE = Expect(302, changes=True)  # accepted: did it and redirected
REFUSED = Expect(302, changes=False)  # a message explains why nothing happened
CHANGED = Expect(200, changes=True)


@dataclass(frozen=True)
class Row:
    method: str
    cells: dict[str, Expect]
    data: Callable[[dict], dict] | None = field(default=None)
    # Ids this route asks with instead of the world's defaults: {"agreement_id":
    # "delivered_agreement_id"} (one object per state, for routes that act on one state).
    ids: dict[str, str] | None = field(default=None)


def _row(method, cells, data=None, ids=None) -> Row:
    assert len(cells) == len(ROLES), cells
    expects = [c if isinstance(c, Expect) else Expect(c) for c in cells]
    return Row(method, dict(zip(ROLES, expects, strict=True)), data, ids)


def _with_ids(row: Row, args: dict) -> dict:
    return {**args, **{name: args[source] for name, source in (row.ids or {}).items()}}


def GET(*cells, data=None):
    """`data`, if any, is the query string."""
    return _row("GET", cells, data)


def POST(*cells, data=None, ids=None):
    return _row("POST", cells, data, ids)


def PUT(*cells, data=None, ids=None):
    return _row("PUT", cells, data, ids)


def PATCH(*cells, data=None):
    return _row("PATCH", cells, data)


def DELETE(*cells, ids=None):
    return _row("DELETE", cells, ids=ids)


CREATED = Expect(201, changes=True)
REMOVED = Expect(204, changes=True)
SAME = Expect(200, changes=False)  # answered, and nothing written (a preview)
ICS = Expect(200, content_type="text/calendar")  # a file for calendar programs


def YES(_args) -> dict:
    """A destructive page's second POST: the answer on its question page (core.confirm)."""
    return {"confirm": "yes"}


def _future(hours: int) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def _due(days: int = 14) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _settle_form(args: dict, outcome: str, note: str) -> dict:
    prefix = f"settle-{args['agreement_id']}"
    return {f"{prefix}-outcome": outcome, f"{prefix}-note": note}


# fmt: off
# Pages by route name, API routes by "METHOD /api/v1/path". The network is listed and
# admits on approval; the ids in personal routes (/me/…/<id>/) belong to the member, Bert.
#                                   anonymous outsider guest    member   coordinator
TABLE: dict[str, Row] = {
    "networks:directory":              GET(200,     200,     200,     200,     200),
    "networks:mine":                   GET(LOGIN,   200,     200,     200,     200),
    "networks:create":                 GET(LOGIN,   200,     200,     200,     200),
    "networks:invitation":             GET(SIGNUP,  200,     AT_HOME, AT_HOME, AT_HOME),
    "networks:home":                   GET(200,     200,     200,     200,     200),
    "networks:members":                GET(LOGIN,   404,     404,     200,     200),
    "networks:member_suggestions":     GET(LOGIN,   404,     404,     200,     200,
                                           data=lambda a: {"field": "organisation"}),
    "networks:person":                 GET(LOGIN,   404,     404,     200,     200),
    "networks:join":                   GET(LOGIN,   200,     AT_HOME, AT_HOME, AT_HOME),
    "networks:leave":                 POST(LOGIN,   REFUSED, DONE,    DONE,    REFUSED, data=YES),
    "networks:manage":                 GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_members":         GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_invitations":     GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_partners":        GET(LOGIN,   404,     404,     404,     200),
    "networks:settings":               GET(LOGIN,   404,     404,     404,     200),
    "networks:log":                    GET(LOGIN,   404,     404,     404,     200),
    "networks:change_member":         POST(404,     404,     404,     404,     DONE,
                                           data=lambda a: {"status": "suspended", **YES(a)}),
    "networks:decide_request":        POST(404,     404,     404,     404,     DONE,
                                           data=lambda a: {"decision": "approve"}),
    "networks:create_invitation":     POST(404,     404,     404,     404,     DONE,
                                           data=lambda a: {"role": "member", "max_uses": 1,
                                                           "days_valid": 14}),
    "networks:revoke_invitation":     POST(404,     404,     404,     404,     DONE, data=YES),
    "networks:propose_partner":       POST(404,     404,     404,     404,     DONE,
                                           data=lambda a: {"partner": a["third_id"]}),
    "networks:partner_action":        POST(404,     404,     404,     404,     DONE,
                                           data=lambda a: {"action": "accept"}),
    "accounts:profile":                GET(LOGIN,   200,     200,     200,     200),
    "accounts:add_expertise":         POST(LOGIN,   DONE,    DONE,    DONE,    DONE,
                                           data=lambda a: {"tag": "composiet", "level": "expert"}),
    "accounts:remove_expertise":      POST(LOGIN,   404,     404,     DONE,    404),
    "accounts:add_item":              POST(LOGIN,   DONE,    DONE,    DONE,    DONE,
                                           data=lambda a: {"kind": "offer", "text": "Advies",
                                                           "tags": "vezels"}),
    "accounts:remove_item":           POST(LOGIN,   404,     404,     DONE,    404),
    "accounts:organisations":          GET(LOGIN,   200,     200,     200,     200),
    "accounts:edit_organisation":      GET(LOGIN,   404,     404,     200,     404),
    "accounts:leave_organisation":    POST(LOGIN,   404,     404,     DONE,    404, data=YES),
    # Claims: Piet asked to be linked to Bert's organisation (Bert decides); Bert asked to
    # be linked to Pia's. Bert is already confirmed at the KvK number claimed here.
    "accounts:claim_organisation":    POST(LOGIN,   DONE,    DONE,    REFUSED, DONE,
                                           data=lambda a: {"kvk_number": "90000001"}),
    "accounts:withdraw_claim":        POST(LOGIN,   404,     404,     DONE,    404, data=YES),
    "accounts:claims":                 GET(LOGIN,   200,     200,     200,     200),
    "accounts:decide_claim":          POST(LOGIN,   404,     404,     DONE,    404,
                                           data=lambda a: {"decision": "accept"}),
    "accounts:tokens":                 GET(LOGIN,   200,     200,     200,     200),
    "accounts:revoke_token":          POST(LOGIN,   404,     404,     DONE,    404, data=YES),
    "accounts:tags":                   GET(LOGIN,   200,     200,     200,     200),
    "accounts:suggest_tags":           GET(LOGIN,   200,     200,     200,     200),
    # The vocabulary is site-level: no network role curates it (a site admin merged once).
    "accounts:merge_tags":            POST(LOGIN,   REFUSED, REFUSED, REFUSED, REFUSED,
                                           data=lambda a: {"source": "biopolymeer",
                                                           "target": "biopolymeren"}),
    "accounts:add_synonym":           POST(LOGIN,   REFUSED, REFUSED, REFUSED, REFUSED,
                                           data=lambda a: {"tag": "biopolymeren",
                                                           "name": "PLA-achtigen"}),
    "accounts:undo_merge":            POST(LOGIN,   404,     404,     404,     404, data=YES),
    "search":                          GET(200,     200,     200,     200,     200),
    # The signed address in a notification is the authority; a GET only asks to confirm.
    "mail_stop":                       GET(200,     200,     200,     200,     200),
    "my_mail":                         GET(LOGIN,   200,     200,     200,     200),
    # Bert's own calendar link (made in `world`); the feed needs no cookie, so every
    # browser that has the link gets it.
    "my_calendar":                     GET(LOGIN,   200,     200,     200,     200),
    "my_calendar_revoke":             POST(LOGIN,   REFUSED, REFUSED, DONE,    REFUSED, data=YES),
    "personal_calendar":               GET(200,     200,     200,     200,     200),
    # Without a query the search API answers 400 with a message, to everyone alike.
    "GET /api/v1/search":              GET(400,     400,     400,     400,     400),
    "GET /api/v1/me":                  GET(401,     200,     200,     200,     200),
    "GET /api/v1/me/profile":          GET(401,     200,     200,     200,     200),
    "PATCH /api/v1/me/profile":      PATCH(401,     CHANGED, CHANGED, CHANGED, CHANGED,
                                           data=lambda a: {"headline": "Nieuwe kop"}),
    "GET /api/v1/me/organisations":    GET(401,     200,     200,     200,     200),
    "POST /api/v1/me/organisations":  POST(401,     CREATED, CREATED, CREATED, CREATED,
                                           data=lambda a: {"name": "Nieuw Vezel B.V."}),
    "POST /api/v1/me/organisation-claims":
                                      POST(401,     CREATED, CREATED, 409,     CREATED,
                                           data=lambda a: {"kvk_number": "90000001"}),
    "PATCH /api/v1/organisations/{organisation_id}":
                                     PATCH(401,     404,     404,     CHANGED, 404,
                                           data=lambda a: {"sector": "Vezels"}),
    "GET /api/v1/organisation-claims": GET(401,     200,     200,     200,     200),
    "POST /api/v1/organisation-claims/{claim_id}/decision":
                                      POST(401,     404,     404,     CHANGED, 404,
                                           data=lambda a: {"accept": True}),
    "GET /api/v1/networks":            GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}":     GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/members":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/join":
                                      POST(401,     CHANGED, 409,     409,     409,
                                           data=lambda a: {}),
    # Knowledge: Bert (member) wrote the network-only article and answered Anke's
    # question; Anke (coordinator) organises the session, for which Bert is registered.
    "knowledge:articles":              GET(200,     200,     200,     200,     200),
    "knowledge:article":               GET(LOGIN,   404,     404,     200,     200),
    "knowledge:article_new":           GET(LOGIN,   404,     404,     200,     200),
    "knowledge:article_edit":          GET(LOGIN,   404,     404,     200,     404),
    "knowledge:article_publish":      POST(LOGIN,   404,     404,     DONE,    REFUSED,
                                           data=lambda a: {"action": "unpublish"}),
    "knowledge:article_revisions":     GET(LOGIN,   404,     404,     200,     200),
    "knowledge:article_delete":       POST(LOGIN,   404,     404,     DONE,    REFUSED, data=YES),
    "knowledge:questions":             GET(200,     200,     200,     200,     200),
    "knowledge:question":              GET(LOGIN,   404,     404,     200,     200),
    "knowledge:question_new":          GET(LOGIN,   404,     404,     200,     200),
    "knowledge:question_edit":         GET(LOGIN,   404,     404,     404,     200),
    "knowledge:answer_add":           POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"body": "Nog een antwoord"}),
    "knowledge:answer_accept":        POST(LOGIN,   404,     404,     REFUSED, DONE),
    "knowledge:answer_useful":        POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"useful": "1"}),
    "knowledge:sessions":              GET(200,     200,     200,     200,     200),
    "network_calendar":                GET(200,     200,     200,     200,     200),
    "knowledge:session_new":           GET(LOGIN,   404,     404,     200,     200),
    "knowledge:session":               GET(LOGIN,   404,     404,     200,     200),
    "knowledge:session_edit":          GET(LOGIN,   404,     404,     404,     200),
    "knowledge:session_register":     POST(LOGIN,   404,     404,     REFUSED, DONE),
    "knowledge:session_cancel":       POST(LOGIN,   404,     404,     DONE,    REFUSED, data=YES),
    "knowledge:session_attendance":   POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"attended": [a["user_id"]]}),
    "knowledge:session_ics":           GET(404,     404,     404,     200,     200),
    "knowledge:comment_add":          POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"kind": "article",
                                                           "object_id": a["article_id"],
                                                           "body": "Mooi stuk"}),
    "knowledge:follow":               POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"kind": "article",
                                                           "object_id": a["article_id"],
                                                           "following": "1"}),
    "knowledge:attachment_add":       POST(LOGIN,   404,     404,     DONE,    REFUSED,
                                           data=lambda a: {"kind": "article",
                                                           "object_id": a["article_id"],
                                                           "file": SimpleUploadedFile(
                                                               "notities.pdf", b"%PDF-1.4")}),
    "knowledge:attachment":            GET(LOGIN,   404,     404,     200,     200),
    "knowledge:attachment_delete":    POST(LOGIN,   404,     404,     DONE,    REFUSED, data=YES),
    "GET /api/v1/networks/{slug}/articles":
                                       GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/articles/{article_id}":
                                       GET(404,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/articles":
                                      POST(401,     403,     403,     CREATED, CREATED,
                                           data=lambda a: {"title": "Nieuw", "body": "Tekst"}),
    "PATCH /api/v1/networks/{slug}/articles/{article_id}":
                                     PATCH(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {"title": "Beter"}),
    "POST /api/v1/networks/{slug}/articles/{article_id}/publish":
                                      POST(401,     404,     404,     200,     403,
                                           data=lambda a: {}),
    "GET /api/v1/networks/{slug}/questions":
                                       GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/questions/{question_id}":
                                       GET(404,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/questions":
                                      POST(401,     403,     403,     CREATED, CREATED,
                                           data=lambda a: {"title": "Wie weet het?"}),
    "PATCH /api/v1/networks/{slug}/questions/{question_id}":
                                     PATCH(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"title": "Scherper gevraagd"}),
    "POST /api/v1/networks/{slug}/questions/{question_id}/answers":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"body": "Zo doe je dat"}),
    "POST /api/v1/networks/{slug}/answers/{answer_id}/accept":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/answers/{answer_id}/useful":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"useful": True}),
    "GET /api/v1/networks/{slug}/sessions":
                                       GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/sessions/{session_id}":
                                       GET(404,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/sessions":
                                      POST(401,     403,     403,     CREATED, CREATED,
                                           data=lambda a: {"title": "Lezing", "description": "x",
                                                           "starts_at": _future(48),
                                                           "ends_at": _future(50)}),
    "PATCH /api/v1/networks/{slug}/sessions/{session_id}":
                                     PATCH(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"location": "Emmen"}),
    "POST /api/v1/networks/{slug}/sessions/{session_id}/registration":
                                      POST(401,     404,     404,     409,     CREATED,
                                           data=lambda a: {}),
    "DELETE /api/v1/networks/{slug}/sessions/{session_id}/registration":
                                    DELETE(401,     404,     404,     CHANGED, 404),
    # Exchange: Bert (member) paid Anke once; Anke (coordinator) asks Bert for a payment,
    # which is `transfer_id`. Guests trade nothing and have no account.
    "exchange:account":                GET(LOGIN,   404,     404,     200,     200),
    "exchange:pay":                    GET(LOGIN,   404,     404,     200,     200),
    "exchange:request":                GET(LOGIN,   404,     404,     200,     200),
    "exchange:statement":              GET(LOGIN,   404,     404,     200,     200),
    "exchange:statement_csv":          GET(LOGIN,   404,     404,     200,     200),
    "exchange:transfer":               GET(LOGIN,   404,     404,     200,     200),
    "exchange:transfer_decide":       POST(LOGIN,   404,     404,     DONE,    REFUSED,
                                           data=lambda a: {"action": "accept"}),
    # Only a completed transfer is reversed: the pending request is refused with a message.
    "exchange:transfer_reverse":      POST(LOGIN,   404,     404,     404,     REFUSED,
                                           data=lambda a: {"reason": "Dubbel"}),
    "exchange:overview":               GET(LOGIN,   404,     404,     404,     200),
    "exchange:settings":               GET(LOGIN,   404,     404,     404,     200),
    "exchange:account_limits":         GET(LOGIN,   404,     404,     404,     200),
    "exchange:shared_account_new":    POST(LOGIN,   404,     404,     404,     DONE,
                                           data=lambda a: {"name": "Gedeelde printer"}),
    "GET /api/v1/networks/{slug}/accounts":
                                       GET(401,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/accounts/mine":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/accounts/{account_id}":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/accounts/{account_id}/preview":
                                       GET(401,     404,     404,     200,     200,
                                           data=lambda a: {"amount": 10}),
    "GET /api/v1/networks/{slug}/accounts/{account_id}/statement":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/transfers":
                                       GET(401,     200,     200,     200,     200),
    "POST /api/v1/networks/{slug}/transfers":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"payee": a["shared_account_id"],
                                                           "amount": 5, "description": "Gebruik"}),
    "GET /api/v1/networks/{slug}/transfers/{transfer_id}":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/transfers/{transfer_id}/accept":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/transfers/{transfer_id}/decline":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/transfers/{transfer_id}/cancel":
                                      POST(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/transfers/{transfer_id}/reverse":
                                      POST(401,     404,     404,     403,     409,
                                           data=lambda a: {"reason": "Dubbel"}),
    # Offers and wants: Bert (member) offers `listing_id` to the network's members only;
    # coordinators may withdraw any listing of their network, not change it.
    "exchange:listings":               GET(200,     200,     200,     200,     200),
    "exchange:listing":                GET(LOGIN,   404,     404,     200,     200),
    "exchange:listing_new":            GET(LOGIN,   404,     404,     200,     200),
    "exchange:listing_edit":           GET(LOGIN,   404,     404,     200,     404),
    "exchange:listing_renew":          GET(LOGIN,   404,     404,     200,     404),
    "exchange:listing_close":         POST(LOGIN,   404,     404,     DONE,    DONE, data=YES),
    "GET /api/v1/networks/{slug}/listings":
                                       GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/listings/{listing_id}":
                                       GET(404,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/listings":
                                      POST(401,     403,     403,     CREATED, CREATED,
                                           data=lambda a: {"kind": "offer", "title": "Advies"}),
    "PATCH /api/v1/networks/{slug}/listings/{listing_id}":
                                     PATCH(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {"title": "Vezelanalyse en advies"}),
    "POST /api/v1/networks/{slug}/listings/{listing_id}/renew":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/listings/{listing_id}/close":
                                      POST(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {}),
    # Conversations: Bert (member) and Anke (coordinator) talk (both read all of it); in
    # it Anke proposed `agreement_id` to Bert, Bert accepted one he delivers
    # (`accepted_agreement_id`) and delivered another (`delivered_agreement_id`); Ria
    # (member) delivered to Bert, who disputes it (`disputed_agreement_id`). Nobody wrote
    # to Tom (member) yet.
    "exchange:conversations":          GET(LOGIN,   404,     404,     200,     200),
    "exchange:conversation_start":     GET(LOGIN,   404,     404,     200,     200,
                                           data=lambda a: {"with": a["tom_id"]}),
    "exchange:conversation":           GET(LOGIN,   404,     404,     200,     200),
    "exchange:conversation_reply":    POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"body": "Dank je"}),
    "exchange:agreement_propose":     POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"agreement-role": "provider",
                                                           "agreement-description": "Advies",
                                                           "agreement-amount": "1",
                                                           "agreement-due_on": _due()}),
    "exchange:agreement_step":        POST(LOGIN,   404,     404,     DONE,    REFUSED,
                                           data=lambda a: {"action": "accept"}),
    "exchange:disputes":               GET(LOGIN,   404,     404,     404,     200),
    "exchange:agreement_settle":      POST(LOGIN,   404,     404,     404,     DONE,
                                           ids={"agreement_id": "disputed_agreement_id"},
                                           data=lambda a: _settle_form(a, "none", "Niets")),
    "GET /api/v1/networks/{slug}/conversations":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/conversations":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"member": a["tom_id"],
                                                           "body": "Hoi Tom"}),
    "GET /api/v1/networks/{slug}/conversations/{conversation_id}":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/conversations/{conversation_id}/messages":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"body": "Graag"}),
    "POST /api/v1/networks/{slug}/conversations/{conversation_id}/agreements":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"role": "receiver",
                                                           "description": "Advies",
                                                           "amount": 30, "due_on": _due()}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/accept":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/decline":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/withdraw":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/deliver":
                                      POST(401,     404,     404,     CHANGED, 403,
                                           ids={"agreement_id": "accepted_agreement_id"},
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/confirm":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           ids={"agreement_id": "delivered_agreement_id"},
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/dispute":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           ids={"agreement_id": "delivered_agreement_id"},
                                           data=lambda a: {"reason": "Niet compleet"}),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/settle":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           ids={"agreement_id": "disputed_agreement_id"},
                                           data=lambda a: {"amount": 0, "note": "Niets"}),
    "GET /api/v1/networks/{slug}/disputes":
                                       GET(401,     404,     404,     404,     200),
    # -- paying for knowledge: Anke asked the question; closing is hers (or a coordinator's).
    "knowledge:question_close":       POST(LOGIN,   404,     404,     REFUSED, DONE, data=YES),
    "POST /api/v1/networks/{slug}/questions/{question_id}/close":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {}),
}

# -- between networks (clearing) --------------------------------------------------------
# Ruilkring Drenthe is a partner with an active agreement (Bert paid Ruud once) and new
# terms from its coordinator waiting for Anke (`clearing_id`); Kring Zuid is a partner
# without an agreement, to which Anke proposes.
TABLE.update({
    "exchange:partners":               GET(LOGIN,   404,     404,     404,     200),
    "exchange:clearing_propose":      POST(LOGIN,   404,     404,     404,     DONE,
                                           data=lambda a: _terms_form(a["zuid_slug"])),
    "exchange:clearing_approve":      POST(LOGIN,   404,     404,     404,     DONE),
    "exchange:clearing_end":          POST(LOGIN,   404,     404,     404,     DONE, data=YES),
    "exchange:pay_partner":            GET(LOGIN,   404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/clearing-agreements":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/clearing-agreements/{clearing_id}":
                                       GET(401,     404,     404,     404,     200),
    "POST /api/v1/networks/{slug}/clearing-agreements":
                                      POST(401,     404,     404,     404,     CREATED,
                                           data=lambda a: {"partner": a["zuid_slug"],
                                                           "own_amount": 60,
                                                           "partner_amount": 60,
                                                           "own_cap": 600, "partner_cap": 600}),
    "POST /api/v1/networks/{slug}/clearing-agreements/{clearing_id}/approve":
                                      POST(401,     404,     404,     404,     CHANGED),
    "POST /api/v1/networks/{slug}/clearing-agreements/{clearing_id}/end":
                                      POST(401,     404,     404,     404,     CHANGED),
    "GET /api/v1/networks/{slug}/partner-payees":
                                       GET(401,     404,     404,     200,     200,
                                           data=lambda a: {"partner": a["ruil_slug"]}),
    "GET /api/v1/networks/{slug}/partner-payments/preview":
                                       GET(401,     404,     404,     200,     200,
                                           data=lambda a: {"payee": a["ruud_account_id"],
                                                           "amount": 30}),
    "POST /api/v1/networks/{slug}/partner-payments":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"payee": a["ruud_account_id"],
                                                           "amount": 30,
                                                           "description": "Proef"}),
})


# Meetings: Anke organised yesterday's ledenavond (Bert said yes, proposed a correction and
# owns an action from it), plans next week's, and runs a monthly series; Bert raised an idea.
TABLE.update({
    "meetings:meetings":               GET(LOGIN,   404,     404,     200,     200),
    "meetings:meeting_new":            GET(LOGIN,   404,     404,     200,     200),
    "meetings:meeting":                GET(LOGIN,   404,     404,     200,     200),
    "meetings:meeting_edit":           GET(LOGIN,   404,     404,     REFUSED, 200),
    "meetings:meeting_ics":            GET(LOGIN,   404,     404,     200,     200),
    "meetings:meeting_rsvp":          POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"answer": "maybe"},
                                           ids={"meeting_id": "upcoming_meeting_id"}),
    "meetings:series_start":          POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"title": "Ledenavond",
                                                           "frequency": "monthly",
                                                           "week_of_month": 1},
                                           ids={"meeting_id": "upcoming_meeting_id"}),
    "meetings:meeting_next":          POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           ids={"meeting_id": "series_meeting_id"}),
    "meetings:meeting_close":          GET(LOGIN,   404,     404,     REFUSED, 200),
    "meetings:item_new":              POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"title": "Rondvraag"}),
    "meetings:item_edit":              GET(LOGIN,   404,     404,     REFUSED, 200),
    "meetings:item_move":             POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"direction": "down"}),
    "meetings:item_remove":           POST(LOGIN,   404,     404,     REFUSED, DONE, data=YES,
                                           ids={"agenda_item_id": "spare_agenda_item_id"}),
    "meetings:minutes":                GET(LOGIN,   404,     404,     REFUSED, 200),
    "meetings:correction_new":         GET(LOGIN,   404,     404,     200,     REFUSED),
    "meetings:correction_decide":     POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"decision": "reject"}),
    "meetings:actions":                GET(LOGIN,   404,     404,     200,     200),
    "meetings:action_new":             GET(LOGIN,   404,     404,     200,     200),
    "meetings:action":                 GET(LOGIN,   404,     404,     200,     200),
    "meetings:action_status":         POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"status": "in_progress"}),
    "meetings:action_assign":         POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"owner": a["ria_id"]}),
    "meetings:action_comment":        POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"body": "Ik help mee"}),
    "meetings:ideas":                  GET(LOGIN,   404,     404,     200,     200),
    "meetings:idea_new":              POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"title": "Samen inkopen"}),
    "meetings:idea_support":          POST(LOGIN,   404,     404,     DONE,    DONE),
    "meetings:idea_to_action":        POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"owner": a["user_id"]}),
    "meetings:decisions":              GET(LOGIN,   404,     404,     200,     200),
    "meetings:my_actions":             GET(LOGIN,   200,     200,     200,     200),
    # The meetings API: as the pages; Anke (coordinator) runs yesterday's meeting, where Bert
    # (member) said yes, owns `action_id` and proposed `correction_id`.
    "GET /api/v1/networks/{slug}/meetings":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/meetings":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"title": "Ledenavond",
                                                           "starts_at": _future(48),
                                                           "ends_at": _future(50)}),
    "GET /api/v1/networks/{slug}/meetings/{meeting_id}":
                                       GET(401,     404,     404,     200,     200),
    "PATCH /api/v1/networks/{slug}/meetings/{meeting_id}":
                                     PATCH(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"location": "Emmen"}),
    "GET /api/v1/networks/{slug}/meetings/{meeting_id}/calendar":
                                       GET(401,     404,     404,     ICS,     ICS),
    "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/answer":
                                       PUT(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {"answer": "yes"},
                                           ids={"meeting_id": "upcoming_meeting_id"}),
    "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/attendance":
                                       PUT(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"present": [a["user_id"]]}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/close":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/series":
                                      POST(401,     404,     404,     403,     CREATED,
                                           data=lambda a: {"title": "Ledenavond"},
                                           ids={"meeting_id": "upcoming_meeting_id"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/next":
                                      POST(401,     404,     404,     403,     CREATED,
                                           data=lambda a: {},
                                           ids={"meeting_id": "series_meeting_id"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/agenda":
                                      POST(401,     404,     404,     403,     CREATED,
                                           data=lambda a: {"title": "Rondvraag"}),
    "PATCH /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}":
                                     PATCH(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"title": "Pilot"}),
    "DELETE /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}":
                                    DELETE(401,     404,     404,     403,     REMOVED,
                                           ids={"agenda_item_id": "spare_agenda_item_id"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/move":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"direction": "down"}),
    "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/minutes":
                                       PUT(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"text": "Nieuw"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/preview":
                                      POST(401,     404,     404,     SAME,    SAME,
                                           data=lambda a: {"text": "ACTIE @Bert bellen"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/corrections":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"text": "Anders"}),
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/corrections/{correction_id}/decide":
                                      POST(401,     404,     404,     403,     CHANGED,
                                           data=lambda a: {"accept": False}),
    "GET /api/v1/networks/{slug}/actions":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/actions":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"title": "Bellen",
                                                           "owner": a["user_id"]}),
    "GET /api/v1/networks/{slug}/actions/{action_id}":
                                       GET(401,     404,     404,     200,     200),
    "PATCH /api/v1/networks/{slug}/actions/{action_id}":
                                     PATCH(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {"description": "Drie offertes"}),
    "POST /api/v1/networks/{slug}/actions/{action_id}/assign":
                                      POST(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {"owner": a["ria_id"]}),
    "POST /api/v1/networks/{slug}/actions/{action_id}/status":
                                      POST(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {"status": "in_progress"}),
    "POST /api/v1/networks/{slug}/actions/{action_id}/comments":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"body": "Loopt"}),
    "GET /api/v1/me/actions":          GET(401,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}/follow-through":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/decisions":
                                       GET(401,     404,     404,     200,     200),
    "GET /api/v1/networks/{slug}/ideas":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/ideas":
                                      POST(401,     404,     404,     CREATED, CREATED,
                                           data=lambda a: {"title": "Samen inkopen"}),
    "PUT /api/v1/networks/{slug}/ideas/{idea_id}/support":
                                       PUT(401,     404,     404,     CHANGED, CHANGED,
                                           data=lambda a: {"support": True}),
    "POST /api/v1/networks/{slug}/ideas/{idea_id}/action":
                                      POST(401,     404,     404,     403,     CREATED,
                                           data=lambda a: {"owner": a["user_id"]}),
    # Everyone's own calendar link; only Bert (member) has one to stop.
    "GET /api/v1/me/calendar":         GET(401,     200,     200,     200,     200),
    "POST /api/v1/me/calendar":       POST(401,     CREATED, CREATED, CREATED, CREATED,
                                           data=lambda a: {}),
    "DELETE /api/v1/me/calendar":   DELETE(401,     SAME,    SAME,    CHANGED, SAME),
    # Projects: Ria (member) leads the pilot, in which Bert (member) works and owns the
    # milestone and Gea (guest) is invited; Anke (coordinator) runs it too.
    "projects:projects":               GET(200,     200,     200,     200,     200),
    "projects:project_new":            GET(LOGIN,   404,     404,     200,     200),
    "projects:project":                GET(LOGIN,   404,     200,     200,     200),
    "projects:project_edit":           GET(LOGIN,   404,     404,     404,     200),
    "projects:project_delete":        POST(LOGIN,   404,     404,     404,     DONE, data=YES,
                                           ids={"project_id": "empty_project_id"}),
    "projects:participant_add":       POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"user": a["coordinator_id"],
                                                           "role": "member"}),
    "projects:participant_remove":    POST(LOGIN,   404,     404,     REFUSED, DONE, data=YES),
    "projects:partner_add":           POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"organisation": a["organisation_id"],
                                                           "role": "partner"}),
    "projects:partner_remove":        POST(LOGIN,   404,     404,     REFUSED, DONE, data=YES),
    "projects:milestone_add":         POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"title": "Rapport", "weight": "1"}),
    "projects:milestone_status":      POST(LOGIN,   404,     404,     DONE,    DONE,
                                           data=lambda a: {"status": "done"}),
    "projects:milestone_delete":      POST(LOGIN,   404,     404,     REFUSED, DONE, data=YES),
    "projects:budget_set":            POST(LOGIN,   404,     404,     REFUSED, DONE,
                                           data=lambda a: {"organisation":
                                                           a["partner_organisation_id"],
                                                           "planned_cents": "1.000"}),
})


def _terms_form(partner_slug: str) -> dict:
    """The partners page's form for new terms with one partner (its fields are prefixed)."""
    terms = {"own_amount": "1", "partner_amount": "1", "own_cap": "10", "partner_cap": "10"}
    return {f"{partner_slug}-{name}": value for name, value in terms.items()}

# The same roles in a hidden network: outsiders cannot tell it from one that does not exist.
HIDDEN: dict[str, Row] = {
    "networks:home":                   GET(LOGIN,   404,     200,     200,     200),
    "networks:members":                GET(LOGIN,   404,     404,     200,     200),
    "networks:member_suggestions":     GET(LOGIN,   404,     404,     200,     200,
                                           data=lambda a: {"field": "expertise"}),
    "networks:person":                 GET(LOGIN,   404,     404,     200,     200),
    "networks:join":                   GET(LOGIN,   404,     AT_HOME, AT_HOME, AT_HOME),
    "networks:leave":                 POST(LOGIN,   404,     DONE,    DONE,    REFUSED, data=YES),
    "networks:manage":                 GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_members":         GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_invitations":     GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_partners":        GET(LOGIN,   404,     404,     404,     200),
    "networks:settings":               GET(LOGIN,   404,     404,     404,     200),
    "networks:log":                    GET(LOGIN,   404,     404,     404,     200),
    "knowledge:articles":              GET(LOGIN,   404,     200,     200,     200),
    "knowledge:questions":             GET(LOGIN,   404,     200,     200,     200),
    "knowledge:sessions":              GET(LOGIN,   404,     200,     200,     200),
    "network_calendar":                GET(404,     404,     200,     200,     200),
    "GET /api/v1/networks/{slug}/articles":
                                       GET(404,     404,     200,     200,     200),
    "exchange:listings":               GET(LOGIN,   404,     200,     200,     200),
    "GET /api/v1/networks/{slug}/listings":
                                       GET(404,     404,     200,     200,     200),
    "GET /api/v1/networks/{slug}":     GET(404,     404,     200,     200,     200),
    "GET /api/v1/networks/{slug}/members":
                                       GET(401,     404,     404,     200,     200),
    "POST /api/v1/networks/{slug}/join":
                                      POST(401,     404,     409,     409,     409,
                                           data=lambda a: {}),
}

# A slug no network has: every role gets what an outsider gets for a hidden network.
MISSING: dict[str, Row] = {
    "networks:home":                   GET(LOGIN,   404,     404,     404,     404),
    "networks:members":                GET(LOGIN,   404,     404,     404,     404),
    "networks:member_suggestions":     GET(LOGIN,   404,     404,     404,     404,
                                           data=lambda a: {"field": "organisation"}),
    "networks:join":                   GET(LOGIN,   404,     404,     404,     404),
    "networks:manage":                 GET(LOGIN,   404,     404,     404,     404),
    "networks:manage_members":         GET(LOGIN,   404,     404,     404,     404),
    "networks:manage_invitations":     GET(LOGIN,   404,     404,     404,     404),
    "networks:manage_partners":        GET(LOGIN,   404,     404,     404,     404),
    "networks:log":                    GET(LOGIN,   404,     404,     404,     404),
    "GET /api/v1/networks/{slug}":     GET(404,     404,     404,     404,     404),
    "GET /api/v1/networks/{slug}/members":
                                       GET(401,     404,     404,     404,     404),
    "POST /api/v1/networks/{slug}/join":
                                      POST(401,     404,     404,     404,     404,
                                           data=lambda a: {}),
}

# A network awaiting a site admin's approval (NETWORK_CREATION=approval), set up by the
# coordinator: nobody else can tell it from one that does not exist, and it invites nobody.
PENDING: dict[str, Row] = {
    "networks:home":                   GET(LOGIN,   404,     404,     404,     200),
    "networks:join":                   GET(LOGIN,   404,     404,     404,     AT_HOME),
    "networks:manage":                 GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_members":         GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_invitations":     GET(LOGIN,   404,     404,     404,     200),
    "networks:manage_partners":        GET(LOGIN,   404,     404,     404,     200),
    "networks:log":                    GET(LOGIN,   404,     404,     404,     200),
    "networks:create_invitation":     POST(404,     404,     404,     404,     REFUSED,
                                           data=lambda a: {"role": "member", "max_uses": 1,
                                                           "days_valid": 14}),
    "knowledge:articles":              GET(LOGIN,   404,     404,     404,     200),
    "GET /api/v1/networks/{slug}":     GET(404,     404,     404,     404,     200),
    "POST /api/v1/networks/{slug}/join":
                                      POST(401,     404,     404,     404,     409,
                                           data=lambda a: {}),
}

# An unlisted network is reachable by its link.
UNLISTED: dict[str, Row] = {
    "networks:home":                   GET(200,     200,     200,     200,     200),
    "GET /api/v1/networks/{slug}":     GET(200,     200,     200,     200,     200),
}

# allauth is skipped by the walk; a few of its pages get explicit rows. The admin's login
# sends to allauth's (second factor, rate limits) and refuses the logged-in without staff rights.
ALLAUTH: dict[str, Row] = {
    "admin:login":                     GET(LOGIN,   403,     403,     403,     403),
    "account_login":                   GET(200,     302,     302,     302,     302),
    "account_signup":                  GET(200,     302,     302,     302,     302),
    "account_email":                   GET(LOGIN,   200,     200,     200,     200),
    "mfa_index":                       GET(LOGIN,   200,     200,     200,     200),
}

# The API's own pages and its answer to a path it does not know (JSON, like every API error).
API_EXTRA: dict[str, Row] = {
    "GET /api/v1/openapi.json":        GET(200,     200,     200,     200,     200),
    "GET /api/v1/no-such-route":       GET(404,     404,     404,     404,     404),
}
# fmt: on

# Tenancy: a coordinator of one network cannot reach another network's objects by id,
# nor carry a role over into a network where they have none. (id, route, role, args)
CROSS = [
    ("membership-of-other-network", "networks:change_member", "coordinator",
     {"membership_id": "foreign_membership_id"}),
    ("request-to-other-network", "networks:decide_request", "coordinator",
     {"request_id": "foreign_request_id"}),
    ("invitation-of-other-network", "networks:revoke_invitation", "coordinator",
     {"invitation_id": "foreign_invitation_id"}),
    ("link-between-other-networks", "networks:partner_action", "coordinator",
     {"link_id": "foreign_link_id"}),
    ("person-not-in-network", "networks:person", "member", {"user_id": "foreign_user_id"}),
    ("applicant-not-yet-member", "networks:person", "member", {"user_id": "applicant_id"}),
    ("person-suspended", "networks:person", "member", {"user_id": "suspended_id"}),
    ("person-left", "networks:person", "member", {"user_id": "left_id"}),
    ("manage-other-network", "networks:manage", "coordinator", {"slug": "partner_slug"}),
    ("manage-members-other-network", "networks:manage_members", "coordinator",
     {"slug": "partner_slug"}),
    ("manage-invitations-other-network", "networks:manage_invitations", "coordinator",
     {"slug": "partner_slug"}),
    ("manage-partners-other-network", "networks:manage_partners", "coordinator",
     {"slug": "partner_slug"}),
    ("settings-other-network", "networks:settings", "coordinator", {"slug": "partner_slug"}),
    ("log-other-network", "networks:log", "coordinator", {"slug": "partner_slug"}),
    ("members-other-network", "networks:members", "member", {"slug": "partner_slug"}),
    ("api-members-other-network", "GET /api/v1/networks/{slug}/members", "member",
     {"slug": "partner_slug"}),
    # Organisations: a claim gives no hold, and one decides only on one's own organisation.
    ("edit-organisation-only-claimed", "accounts:edit_organisation", "member",
     {"organisation_id": "claimed_organisation_id"}),
    ("leave-organisation-only-claimed", "accounts:leave_organisation", "member",
     {"organisation_id": "claimed_organisation_id"}),
    ("api-edit-organisation-only-claimed", "PATCH /api/v1/organisations/{organisation_id}",
     "member", {"organisation_id": "claimed_organisation_id"}),
    ("claim-on-another-organisation", "accounts:decide_claim", "member",
     {"claim_id": "foreign_claim_id"}),
    ("api-claim-on-another-organisation", "POST /api/v1/organisation-claims/{claim_id}/decision",
     "member", {"claim_id": "foreign_claim_id"}),
    ("withdraw-someone-elses-claim", "accounts:withdraw_claim", "member",
     {"my_claim_id": "foreign_claim_id"}),
    # The ledger: ids of another network's accounts and transfers reach nothing here.
    ("account-of-other-network", "GET /api/v1/networks/{slug}/accounts/{account_id}",
     "coordinator", {"account_id": "foreign_account_id"}),
    ("statement-of-other-network", "GET /api/v1/networks/{slug}/accounts/{account_id}/statement",
     "coordinator", {"account_id": "foreign_account_id"}),
    ("transfer-of-other-network", "exchange:transfer", "coordinator",
     {"transfer_id": "foreign_transfer_id"}),
    ("api-transfer-of-other-network", "GET /api/v1/networks/{slug}/transfers/{transfer_id}",
     "coordinator", {"transfer_id": "foreign_transfer_id"}),
    ("accept-transfer-of-other-network",
     "POST /api/v1/networks/{slug}/transfers/{transfer_id}/accept", "coordinator",
     {"transfer_id": "foreign_transfer_id"}),
    ("reverse-transfer-of-other-network", "exchange:transfer_reverse", "coordinator",
     {"transfer_id": "foreign_transfer_id"}),
    ("limits-of-other-network", "exchange:account_limits", "coordinator",
     {"account_id": "foreign_account_id"}),
    # Offers and wants: another network's (public) listing is not there under this one's slug.
    ("listing-of-other-network", "exchange:listing", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("edit-listing-of-other-network", "exchange:listing_edit", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("renew-listing-of-other-network", "exchange:listing_renew", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("close-listing-of-other-network", "exchange:listing_close", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("api-listing-of-other-network", "GET /api/v1/networks/{slug}/listings/{listing_id}",
     "coordinator", {"listing_id": "foreign_listing_id"}),
    ("api-change-listing-of-other-network",
     "PATCH /api/v1/networks/{slug}/listings/{listing_id}", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("api-renew-listing-of-other-network",
     "POST /api/v1/networks/{slug}/listings/{listing_id}/renew", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    ("api-close-listing-of-other-network",
     "POST /api/v1/networks/{slug}/listings/{listing_id}/close", "coordinator",
     {"listing_id": "foreign_listing_id"}),
    # Between networks: terms between two networks Anke has no part in stay out of reach,
    # in her network's pages and in the partner's; without an agreement nobody is payable.
    ("approve-clearing-of-other-networks", "exchange:clearing_approve", "coordinator",
     {"clearing_id": "foreign_clearing_id"}),
    ("end-clearing-of-other-networks", "exchange:clearing_end", "coordinator",
     {"clearing_id": "foreign_clearing_id"}),
    ("approve-clearing-as-the-partner", "exchange:clearing_approve", "coordinator",
     {"slug": "ruil_slug"}),
    ("partners-page-other-network", "exchange:partners", "coordinator", {"slug": "partner_slug"}),
    ("api-clearing-of-other-networks",
     "GET /api/v1/networks/{slug}/clearing-agreements/{clearing_id}", "coordinator",
     {"clearing_id": "foreign_clearing_id"}),
    ("api-approve-clearing-of-other-networks",
     "POST /api/v1/networks/{slug}/clearing-agreements/{clearing_id}/approve", "coordinator",
     {"clearing_id": "foreign_clearing_id"}),
    ("api-approve-clearing-as-the-partner",
     "POST /api/v1/networks/{slug}/clearing-agreements/{clearing_id}/approve", "coordinator",
     {"slug": "ruil_slug"}),
    ("pay-partner-without-agreement", "exchange:pay_partner", "member", {}),
    ("api-payees-without-agreement", "GET /api/v1/networks/{slug}/partner-payees", "member", {}),
    ("api-preview-without-agreement", "GET /api/v1/networks/{slug}/partner-payments/preview",
     "member", {}),
    ("api-pay-partner-without-agreement", "POST /api/v1/networks/{slug}/partner-payments",
     "member", {}),
    ("api-pay-partner-from-its-network", "POST /api/v1/networks/{slug}/partner-payments",
     "member", {"slug": "ruil_slug"}),
    # Meetings: another network's meeting, action and idea are not there under this slug,
    # and a meeting for those invited is not there for a member who is not invited.
    ("meeting-of-other-network", "meetings:meeting", "coordinator",
     {"meeting_id": "foreign_meeting_id"}),
    ("close-meeting-of-other-network", "meetings:meeting_close", "coordinator",
     {"meeting_id": "foreign_meeting_id"}),
    ("meeting-not-invited", "meetings:meeting", "member", {"meeting_id": "circle_meeting_id"}),
    ("project-of-other-network", "projects:project", "coordinator",
     {"project_id": "foreign_project_id"}),
    ("edit-project-of-other-network", "projects:project_edit", "coordinator",
     {"project_id": "foreign_project_id"}),
    ("milestone-in-project-of-other-network", "projects:milestone_add", "coordinator",
     {"project_id": "foreign_project_id"}),
    ("milestone-of-project-elsewhere", "projects:milestone_status", "coordinator",
     {"project_id": "empty_project_id"}),
    ("answer-meeting-not-invited", "meetings:meeting_rsvp", "member",
     {"meeting_id": "circle_meeting_id"}),
    ("action-of-other-network", "meetings:action", "coordinator",
     {"action_id": "foreign_action_id"}),
    ("tick-action-of-other-network", "meetings:action_status", "coordinator",
     {"action_id": "foreign_action_id"}),
    ("support-idea-of-other-network", "meetings:idea_support", "coordinator",
     {"idea_id": "foreign_idea_id"}),
    ("api-meeting-of-other-network", "GET /api/v1/networks/{slug}/meetings/{meeting_id}",
     "coordinator", {"meeting_id": "foreign_meeting_id"}),
    ("api-close-meeting-of-other-network",
     "POST /api/v1/networks/{slug}/meetings/{meeting_id}/close", "coordinator",
     {"meeting_id": "foreign_meeting_id"}),
    ("api-preview-meeting-not-invited",
     "POST /api/v1/networks/{slug}/meetings/{meeting_id}/preview", "member",
     {"meeting_id": "circle_meeting_id"}),
    ("api-meeting-not-invited", "GET /api/v1/networks/{slug}/meetings/{meeting_id}", "member",
     {"meeting_id": "circle_meeting_id"}),
    ("api-answer-meeting-not-invited", "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/answer",
     "member", {"meeting_id": "circle_meeting_id"}),
    ("api-item-of-other-meeting",
     "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/minutes",
     "coordinator", {"meeting_id": "upcoming_meeting_id"}),
    ("api-action-of-other-network", "GET /api/v1/networks/{slug}/actions/{action_id}",
     "coordinator", {"action_id": "foreign_action_id"}),
    ("api-tick-action-of-other-network",
     "POST /api/v1/networks/{slug}/actions/{action_id}/status", "coordinator",
     {"action_id": "foreign_action_id"}),
    ("api-support-idea-of-other-network",
     "PUT /api/v1/networks/{slug}/ideas/{idea_id}/support", "coordinator",
     {"idea_id": "foreign_idea_id"}),
    ("api-idea-of-other-network-to-action",
     "POST /api/v1/networks/{slug}/ideas/{idea_id}/action", "coordinator",
     {"idea_id": "foreign_idea_id"}),
    # Conversations: another network's, and one of two other people, are nobody else's.
    ("conversation-of-other-network", "exchange:conversation", "coordinator",
     {"conversation_id": "foreign_conversation_id"}),
    ("conversation-of-two-others", "exchange:conversation", "coordinator",
     {"conversation_id": "others_conversation_id"}),
    ("api-conversation-of-other-network",
     "GET /api/v1/networks/{slug}/conversations/{conversation_id}", "coordinator",
     {"conversation_id": "foreign_conversation_id"}),
    ("api-conversation-of-two-others",
     "GET /api/v1/networks/{slug}/conversations/{conversation_id}", "coordinator",
     {"conversation_id": "others_conversation_id"}),
    ("reply-in-other-network", "exchange:conversation_reply", "member",
     {"conversation_id": "foreign_conversation_id"}),
    ("api-reply-in-conversation-of-two-others",
     "POST /api/v1/networks/{slug}/conversations/{conversation_id}/messages", "coordinator",
     {"conversation_id": "others_conversation_id"}),
    ("propose-in-other-network", "exchange:agreement_propose", "member",
     {"conversation_id": "foreign_conversation_id"}),
    ("api-propose-in-conversation-of-two-others",
     "POST /api/v1/networks/{slug}/conversations/{conversation_id}/agreements", "coordinator",
     {"conversation_id": "others_conversation_id"}),
    ("start-with-member-of-other-network", "exchange:conversation_start", "member", {}),
    ("api-start-with-member-of-other-network", "POST /api/v1/networks/{slug}/conversations",
     "member", {}),
    ("agreement-step-other-network", "exchange:agreement_step", "coordinator",
     {"agreement_id": "foreign_agreement_id"}),
    ("settle-other-network", "exchange:agreement_settle", "coordinator",
     {"agreement_id": "foreign_agreement_id"}),
    ("api-accept-agreement-of-other-network",
     "POST /api/v1/networks/{slug}/agreements/{agreement_id}/accept", "coordinator",
     {"agreement_id": "foreign_agreement_id"}),
    ("api-settle-agreement-of-other-network",
     "POST /api/v1/networks/{slug}/agreements/{agreement_id}/settle", "coordinator",
     {"agreement_id": "foreign_agreement_id"}),
    # -- paying for knowledge: a coordinator closes only their own network's questions.
    ("close-question-of-other-network", "knowledge:question_close", "coordinator",
     {"question_id": "foreign_question_id"}),
    ("api-close-question-of-other-network",
     "POST /api/v1/networks/{slug}/questions/{question_id}/close", "coordinator",
     {"question_id": "foreign_question_id"}),
]  # fmt: skip
CROSS_DATA = {
    "POST /api/v1/networks/{slug}/meetings/{meeting_id}/preview": {"text": "ACTIE @Bert bellen"},
    "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/answer": {"answer": "yes"},
    "PUT /api/v1/networks/{slug}/meetings/{meeting_id}/agenda/{agenda_item_id}/minutes": {
        "text": "Van elders"
    },
    "POST /api/v1/networks/{slug}/actions/{action_id}/status": {"status": "done"},
    "PUT /api/v1/networks/{slug}/ideas/{idea_id}/support": {"support": True},
    "POST /api/v1/networks/{slug}/ideas/{idea_id}/action": lambda a: {"owner": a["user_id"]},
    "exchange:transfer_reverse": {"reason": "Niet van ons"},
    "projects:milestone_add": {"title": "Van elders", "weight": "1"},
    "projects:milestone_status": {"status": "done"},
    "exchange:listing_close": {"confirm": "yes"},
    "PATCH /api/v1/networks/{slug}/listings/{listing_id}": {"title": "Van ons"},
    "exchange:conversation_reply": {"body": "Hallo"},
    "exchange:agreement_propose": {
        "agreement-role": "provider",
        "agreement-description": "x",
        "agreement-amount": "1",
        "agreement-due_on": _due(),
    },
    "exchange:conversation_start": lambda a: {"with": a["foreign_user_id"]},
    "POST /api/v1/networks/{slug}/conversations": lambda a: {
        "member": a["foreign_user_id"],
        "body": "Hoi",
    },
    "POST /api/v1/networks/{slug}/conversations/{conversation_id}/messages": {"body": "Hallo"},
    "POST /api/v1/networks/{slug}/conversations/{conversation_id}/agreements": {
        "role": "provider",
        "description": "x",
        "amount": 1,
        "due_on": _due(),
    },
    "exchange:agreement_step": {"action": "accept"},
    "exchange:agreement_settle": lambda a: _settle_form(a, "none", "Niet van ons"),
    "POST /api/v1/networks/{slug}/agreements/{agreement_id}/settle": {"amount": 0, "note": "x"},
    "networks:change_member": {"status": "suspended"},
    "networks:decide_request": {"decision": "approve"},
    "networks:partner_action": {"action": "remove"},
    "accounts:decide_claim": {"decision": "accept"},
    "POST /api/v1/organisation-claims/{claim_id}/decision": {"accept": True},
    "PATCH /api/v1/organisations/{organisation_id}": {"sector": "Vezels"},
    # Between networks: Kring Zuid is a partner without an agreement, Zelda its member.
    "exchange:clearing_end": {"confirm": "yes"},
    "exchange:pay_partner": lambda a: {"partner": a["zuid_id"]},
    "GET /api/v1/networks/{slug}/partner-payees": lambda a: {"partner": a["zuid_slug"]},
    "GET /api/v1/networks/{slug}/partner-payments/preview":
        lambda a: {"payee": a["zelda_account_id"], "amount": 60},
    "POST /api/v1/networks/{slug}/partner-payments":
        lambda a: {"payee": a["zelda_account_id"], "amount": 60, "description": "Proef"},
    "knowledge:question_close": {"confirm": "yes"},
}  # fmt: skip


# --- the routes that exist --------------------------------------------------------------


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not prefix and str(pattern.pattern).startswith(SKIPPED_PREFIXES):
                continue
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            if not prefix and route.startswith(SKIPPED_PREFIXES):
                continue
            assert pattern.name, f"URL pattern {route!r} has no name"
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route


def page_routes() -> dict[str, str]:
    """Route name → its full route string, for every page outside the skipped includes."""
    routes = list(_walk(get_resolver().url_patterns))
    names = [name for name, _route in routes]
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"Route names used twice: {twice}"
    return dict(routes)


def api_routes() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_route_is_in_the_matrix():
    routes = set(page_routes()) | api_routes()
    missing = sorted(routes - set(TABLE))
    assert not missing, f"Routes missing from the access matrix: {missing}"


def test_the_matrix_has_no_stale_rows():
    routes = set(page_routes()) | api_routes()
    for name, table in [("TABLE", TABLE), ("HIDDEN", HIDDEN), ("MISSING", MISSING),
                        ("PENDING", PENDING), ("UNLISTED", UNLISTED)]:  # fmt: skip
        stale = sorted(set(table) - routes)
        assert not stale, f"{name} has rows for routes that no longer exist: {stale}"
    stale = sorted({route for _id, route, _role, _args in CROSS} - routes)
    assert not stale, f"CROSS has rows for routes that no longer exist: {stale}"


def test_the_api_schema_is_read():
    """Guard the enumeration itself: if it found nothing, completeness would prove nothing."""
    assert "GET /api/v1/networks/{slug}/members" in api_routes()
    assert "networks:manage" in page_routes()


# --- the people and things the matrix asks about ---------------------------------------


# The world is built once per module (building it for each of ~800 cases took most of
# the suite's time) inside one transaction that is rolled back at the end; every test runs
# in a savepoint inside it (pytest-django's `db`), so what one test writes is undone
# before the next (`test_the_world_is_the_same_for_every_test` guards this).
MATRIX_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=MATRIX_HASHERS):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = _build_world(**cast())
                initial = _snapshot()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        try:
            yield built, media, initial
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)


@pytest.fixture
def world(_shared_world, db, settings, tmp_path):
    """The shared world, in a savepoint, with a private copy of its files."""
    built, media, _initial = _shared_world
    shutil.copytree(media, tmp_path / "media")
    settings.MEDIA_ROOT = tmp_path / "media"
    return built


def _build_world(network, anke, bert, gea, otto):
    """One listed network (approval) with a coordinator, member and guest, and all it holds."""
    applicant = make_user("Piet Aanvrager")
    JoinRequest.objects.create(network=network, user=applicant, motivation="Graag")
    invitation = network_services.create_invitation(network, by=anke)

    partner = make_network("Groene Chemie Emmen")
    pia = make_user("Pia Partner")
    pia_membership = make_membership(pia, partner, role="coordinator")
    third = make_network("Derde Kring")
    incoming = PartnerLink.objects.create(from_network=partner, to_network=network)
    foreign_link = PartnerLink.objects.create(from_network=partner, to_network=third)
    foreign_request = JoinRequest.objects.create(network=partner, user=applicant)
    foreign_invitation = network_services.create_invitation(partner, by=pia)

    hidden = make_network("Stille Kring", visibility="hidden")
    make_membership(anke, hidden, role="coordinator")
    make_membership(bert, hidden, role="member")
    make_membership(gea, hidden, role="guest")
    unlisted = make_network("Via Link Kring", visibility="unlisted")
    pending = make_network(
        "Wachtende Kring", visibility="hidden", awaiting_approval=True,
        requested_visibility="listed", created_by=anke,
    )  # fmt: skip
    make_membership(anke, pending, role="coordinator")
    # Roles that no longer count: a suspended coordinator and someone who left.
    sam = make_user("Sam Geschorst")
    make_membership(sam, network, role="coordinator", status="suspended")
    make_membership(sam, hidden, role="member", status="suspended")
    lea = make_user("Lea Vertrokken")
    make_membership(lea, network, role="member", status="left")
    make_membership(lea, hidden, role="member", status="left")

    article = knowledge_services.create_article(
        network, by=bert, title="Vezels in de bouw", body="Tekst", publish=True
    )
    attachment = knowledge_services.add_attachment(
        article, by=bert, upload=SimpleUploadedFile("bijlage.pdf", b"%PDF-1.4")
    )
    question = knowledge_services.ask_question(network, by=anke, title="Wie kent PHA?")
    answer = knowledge_services.answer_question(question, by=bert, body="Ik")
    starts = timezone.now() + timedelta(days=2)
    session = knowledge_services.create_session(
        network, by=anke, title="Lezing vlas", description="x",
        starts_at=starts, ends_at=starts + timedelta(hours=2),
    )  # fmt: skip
    knowledge_services.register(session, by=bert)
    _feed, feed_token = calendar.renew_feed(by=bert)
    bert_account = exchange_services.account_of(bert, network)
    anke_account = exchange_services.account_of(anke, network)
    paid = exchange_services.pay(bert_account, anke_account, 90, by=bert, description="Advies")
    asked = exchange_services.request_payment(
        anke_account, bert_account, 30, by=anke, description="Workshop"
    )
    shared_account = exchange_services.create_shared_account(
        network, by=anke, name="Pilotinstallatie"
    )
    pim = make_user("Pim Partner")
    make_membership(pim, partner, role="member")
    foreign_transfer = exchange_services.pay(
        exchange_services.account_of(pim, partner), exchange_services.account_of(pia, partner),
        15, by=pim, description="Elders",
    )  # fmt: skip
    listing = exchange_services.create_listing(
        network, by=bert, kind="offer", title="Vezelanalyse", description="In ons lab"
    )
    foreign_listing = exchange_services.create_listing(
        partner, by=pim, kind="want", title="Elders gezocht", visibility="public"
    )
    # Conversations and agreements (see TABLE); Ria is a second member, Pim talks to Pia.
    ria = make_user("Ria Lid")
    make_membership(ria, network, role="member")
    tom = make_user("Tom Lid")  # whom nobody has written to yet
    make_membership(tom, network, role="member")
    talk, _first, _new = exchange_services.start_conversation(
        network, by=bert, with_user=anke, body="Hoi Anke, heb je tijd?"
    )
    exchange_services.send_message(talk, by=anke, body="Zeker, Bert.")
    exchange_services.mark_read(talk, by=bert, seen_until=timezone.now())

    def agree(conversation, proposer, role, description):
        return exchange_services.propose_agreement(
            conversation, by=proposer, role=role, description=description, amount=15,
            due_on=timezone.localdate() + timedelta(days=14),
        )  # fmt: skip

    proposed = agree(talk, anke, "provider", "Subsidiescan")
    accepted = exchange_services.accept_agreement(
        agree(talk, anke, "receiver", "Vezeltest"), by=bert
    )
    delivered = exchange_services.deliver_agreement(
        exchange_services.accept_agreement(agree(talk, bert, "provider", "LCA"), by=anke),
        by=bert,
    )
    others, _first, _new = exchange_services.start_conversation(
        network, by=ria, with_user=bert, body="Hoi Bert"
    )
    disputed = exchange_services.dispute_agreement(
        exchange_services.accept_agreement(agree(others, ria, "provider", "Proefdruk"), by=bert),
        by=bert,
        reason="Niet geleverd",
    )
    elsewhere, _first, _new = exchange_services.start_conversation(
        partner, by=pim, with_user=pia, body="Hoi Pia"
    )
    foreign_agreement = agree(elsewhere, pim, "provider", "Elders")

    expertise = add_expertise(bert, "biocomposieten", "expert", by=bert)
    item = add_profile_item(bert, "offer", "Vezelanalyse", ["vezels"], by=bert)
    token, _raw = issue_token(bert, "laptop", by=bert)
    make_tag("biopolymeer")
    make_tag("biopolymeren")
    # A site admin merged two tags once: the merge that only curators may undo.
    beheer = make_user("Beheer Gilde", is_superuser=True)
    merge_tags(make_tag("vlasvezel"), make_tag("vlasvezels"), by=beheer)
    merge_entry = AuditEntry.objects.get(verb="tag.merged")
    # Piet claims Bert's organisation; Bert and Piet claim Pia's, which Bert cannot edit.
    vlasbank = make_organisation("Vlasbank B.V.", kvk_number="90000002")
    pia.affiliations.create(organisation=vlasbank)
    foreign_question = knowledge_services.ask_question(partner, by=pia, title="Elders gevraagd")
    claim = claim_organisation(by=applicant, kvk_number="90000001")
    own_claim = claim_organisation(by=bert, kvk_number="90000002")
    foreign_claim = claim_organisation(by=applicant, kvk_number="90000002")

    clearing_args = _clearing_world(network, anke, bert, partner, pia)
    meeting_args = _meetings_world(network, anke, bert, ria, partner, pia)
    project_args = _projects_world(network, anke, bert, gea, ria, tom, partner, pia)

    args = {
        **clearing_args,
        **meeting_args,
        **project_args,
        "slug": network.slug,
        "user_id": bert.pk,
        "membership_id": Membership.objects.get(network=network, user=bert).pk,
        "request_id": JoinRequest.objects.get(network=network, user=applicant).pk,
        "invitation_id": invitation.pk,
        "token": invitation.token,
        "stop_token": stop_token(bert, "knowledge.follow"),
        "link_id": incoming.pk,
        "expertise_id": expertise.pk,
        "item_id": item.pk,
        "organisation_id": bert.organisations.get().pk,
        "token_id": token.pk,
        "claim_id": claim.pk,
        "my_claim_id": own_claim.pk,
        "foreign_claim_id": foreign_claim.pk,
        "claimed_organisation_id": vlasbank.pk,
        "entry_id": merge_entry.pk,
        "article_id": article.pk,
        "attachment_id": attachment.pk,
        "question_id": question.pk,
        "answer_id": answer.pk,
        "session_id": session.pk,
        "transfer_id": asked.pk,
        "paid_transfer_id": paid.pk,
        "account_id": bert_account.pk,
        "shared_account_id": shared_account.pk,
        "foreign_account_id": foreign_transfer.payer_id,
        "foreign_transfer_id": foreign_transfer.pk,
        "listing_id": listing.pk,
        "foreign_listing_id": foreign_listing.pk,
        "ria_id": ria.pk,
        "tom_id": tom.pk,
        "conversation_id": talk.pk,
        "others_conversation_id": others.pk,
        "foreign_conversation_id": elsewhere.pk,
        "agreement_id": proposed.pk,
        "accepted_agreement_id": accepted.pk,
        "delivered_agreement_id": delivered.pk,
        "disputed_agreement_id": disputed.pk,
        "foreign_agreement_id": foreign_agreement.pk,
        "feed_token": feed_token,
        "third_id": third.pk,
        "hidden_slug": hidden.slug,
        "unlisted_slug": unlisted.slug,
        "pending_slug": pending.slug,
        "missing_slug": "bestaat-niet",
        "partner_slug": partner.slug,
        "foreign_membership_id": pia_membership.pk,
        "foreign_request_id": foreign_request.pk,
        "foreign_invitation_id": foreign_invitation.pk,
        "foreign_link_id": foreign_link.pk,
        "foreign_question_id": foreign_question.pk,
        "foreign_user_id": pia.pk,
        "applicant_id": applicant.pk,
        "suspended_id": sam.pk,
        "left_id": lea.pk,
    }
    users = {
        "outsider": otto,
        "guest": gea,
        "member": bert,
        "coordinator": anke,
        "suspended": sam,
        "left": lea,
    }
    return args, users


def _clearing_world(network, anke, bert, partner, pia) -> dict:
    """Trade between networks: an active agreement with Ruilkring Drenthe and new terms of
    its coordinator waiting for Anke; Kring Zuid, a partner without an agreement; terms
    between Pia's network and Ruilkring that Anke has no part in."""
    from gilde.exchange import clearing

    def terms(own, theirs, by, rate=60):
        return clearing.propose_clearing(
            own, theirs, by=by, own_amount=60, partner_amount=rate, own_cap=600, partner_cap=600
        )

    ruil = make_network("Ruilkring Drenthe")
    rita = make_user("Rita Ruil")
    make_membership(rita, ruil, role="coordinator")
    ruud = make_user("Ruud Ruil")
    make_membership(ruud, ruil)
    PartnerLink.objects.create(from_network=network, to_network=ruil, status="accepted")
    clearing.approve_clearing(terms(network, ruil, anke), by=rita)
    ruud_account = exchange_services.account_of(ruud, ruil)
    clearing.pay_partner(
        exchange_services.account_of(bert, network), ruud_account, 30, by=bert, description="Proef"
    )
    waiting = terms(ruil, network, rita, rate=120)
    zuid = make_network("Kring Zuid")
    zelda = make_user("Zelda Zuid")
    make_membership(zelda, zuid)
    PartnerLink.objects.create(from_network=zuid, to_network=network, status="accepted")
    PartnerLink.objects.create(from_network=partner, to_network=ruil, status="accepted")
    foreign = terms(partner, ruil, pia)
    return {
        "clearing_id": waiting.pk,
        "foreign_clearing_id": foreign.pk,
        "ruil_slug": ruil.slug,
        "ruud_account_id": ruud_account.pk,
        "zuid_slug": zuid.slug,
        "zuid_id": zuid.pk,
        "partner_id": zuid.pk,
        "zelda_account_id": exchange_services.account_of(zelda, zuid).pk,
    }


def _meetings_world(network, anke, bert, ria, partner, pia) -> dict:
    """Yesterday's ledenavond run by Anke (Bert came, owns an action from earlier and
    proposed a correction), next week's meeting, a series' last meeting, a meeting for
    those invited without Bert, Bert's idea, and a meeting, action and idea elsewhere."""
    from gilde.meetings import services as meeting_services
    from gilde.meetings.models import Rsvp

    def plan(net, by, days, **fields):
        starts = timezone.now() + timedelta(days=days)
        return meeting_services.create_meeting(
            net, by=by, title=fields.pop("title", "Ledenavond"), starts_at=starts,
            ends_at=starts + timedelta(hours=2), **fields,
        )  # fmt: skip

    held = plan(network, anke, -1)
    Rsvp.objects.create(meeting=held, user=bert, answer="yes")
    topic = meeting_services.add_agenda_item(held, by=anke, title="Pilotinstallatie")
    meeting_services.add_agenda_item(held, by=anke, title="Begroting")
    spare = meeting_services.add_agenda_item(held, by=anke, title="Reserve")
    meeting_services.save_minutes(topic, by=anke, text="We bespraken de pilot.")
    correction = meeting_services.propose_correction(
        topic, by=bert, text="We bespraken de pilot en de kosten."
    )
    action = meeting_services.create_action(
        network, by=anke, title="Offerte opvragen", owner=bert, meeting=held
    )
    upcoming = plan(network, anke, 7)
    in_series = plan(network, anke, -30, title="Kerngroep")
    meeting_services.start_series(in_series, by=anke, title="Kerngroep", frequency="monthly")
    circle = plan(network, anke, 3, title="Bestuur", visibility="circle", invited=[ria])
    idea = meeting_services.raise_idea(network, by=bert, title="Samen inkopen")
    pim = Membership.objects.get(network=partner, role="member").user
    foreign = plan(partner, pia, -1, title="Elders")
    foreign_action = meeting_services.create_action(partner, by=pia, title="Elders", owner=pim)
    foreign_idea = meeting_services.raise_idea(partner, by=pim, title="Elders bedacht")
    return {
        "meeting_id": held.pk,
        "agenda_item_id": topic.pk,
        "spare_agenda_item_id": spare.pk,
        "correction_id": correction.pk,
        "action_id": action.pk,
        "upcoming_meeting_id": upcoming.pk,
        "series_meeting_id": in_series.pk,
        "circle_meeting_id": circle.pk,
        "idea_id": idea.pk,
        "foreign_meeting_id": foreign.pk,
        "foreign_action_id": foreign_action.pk,
        "foreign_idea_id": foreign_idea.pk,
    }


def _projects_world(network, anke, bert, gea, ria, tom, partner, pia) -> dict:
    """Ria's pilot (network-wide), in which Bert and Tom work, Gea is a guest and Bert owns
    a milestone; Tom's organisation is a partner without a budget; an empty sub-project to
    remove; and a project elsewhere."""
    from gilde.projects import services as project_services

    tomwerk = make_organisation("Tomwerk B.V.")
    Membership.objects.filter(network=network, user=tom).update(organisation=tomwerk)
    pilot = project_services.create_project(network, by=ria, title="Pilot", kind="pilot")
    project_services.add_participant(pilot, by=ria, user=bert)
    in_team = project_services.add_participant(pilot, by=ria, user=tom)
    project_services.add_participant(pilot, by=ria, user=gea, role="guest")
    partner_row = project_services.add_partner(pilot, by=ria, organisation=tomwerk)
    milestone = project_services.add_milestone(pilot, by=ria, title="Proef", owner=bert)
    leaf = project_services.create_project(network, by=ria, title="Werkpakket", parent=pilot)
    foreign = project_services.create_project(partner, by=pia, title="Elders")
    return {
        "project_id": pilot.pk,
        "empty_project_id": leaf.pk,
        "participant_id": in_team.pk,
        "project_partner_id": partner_row.pk,
        "partner_organisation_id": tomwerk.pk,
        "milestone_id": milestone.pk,
        "coordinator_id": anke.pk,
        "foreign_project_id": foreign.pk,
    }


def _client(users, role) -> Client:
    return Client() if role == "anonymous" else login(users[role])


def _snapshot() -> dict:
    """Every row of the project's own tables (not sessions), to see whether a request wrote."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.app_config.name.startswith("gilde."):
            continue
        names = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        state[model._meta.label] = list(model.objects.order_by("pk").values_list(*names))
    return state


def _path(key: str, args: dict) -> tuple[str, str, bool]:
    """(method, path, is_api) for a table key filled with `args`."""
    if " " in key:
        method, template = key.split(" ", 1)
        return method, template.format(**args), True
    route = page_routes().get(key, "")
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    names = [a or b for a, b in names]
    return "", reverse(key, kwargs={n: args[n] for n in names}), False


def _ask(key: str, row: Row, role: str, args: dict, users: dict, data=None):
    client = _client(users, role)
    method, path, is_api = _path(key, args)
    method = method or row.method
    body = data if data is not None else (row.data(args) if row.data else {})
    before = _snapshot()
    if method == "GET":
        response = client.get(path, body)
    elif is_api:
        response = client.generic(method, path, json.dumps(body), content_type="application/json")
    else:
        response = client.post(path, body)
    changed = _snapshot() != before
    return response, method, is_api, changed


def _check(response, expect: Expect, *, method, is_api, changed, args, what):
    assert response.status_code == expect.status, (
        f"{what}: expected {expect.status}, got {response.status_code}"
        + (f" → {response.get('Location')}" if response.status_code in (301, 302) else "")
    )
    if expect.to is not None:
        assert response["Location"].startswith(expect.to(args)), (
            f"{what}: redirected to {response['Location']}, expected {expect.to(args)}"
        )
    if is_api:
        wanted = expect.content_type if response.status_code < 400 else "application/json"
        assert response["Content-Type"].startswith(wanted), (
            f"{what}: answered {response['Content-Type']}, not {wanted}"
        )
    if method == "GET":
        assert not changed, f"{what}: a GET changed the database"
    elif expect.changes is not None:
        assert changed == expect.changes, (
            f"{what}: {'changed' if changed else 'did not change'} the database"
        )
    elif expect.status >= 400:
        assert not changed, f"{what}: a refused {method} changed the database"


def _cells(tables: dict[str, dict[str, Row]]):
    return [
        pytest.param(prefix, key, role, id=f"{prefix}{key}-{role}")
        for prefix, table in tables.items()
        for key in table
        for role in ROLES
    ]


SETS = {
    "": (TABLE, "slug"),
    "hidden/": (HIDDEN, "hidden_slug"),
    "missing/": (MISSING, "missing_slug"),
    "pending/": (PENDING, "pending_slug"),
    "unlisted/": (UNLISTED, "unlisted_slug"),
    "allauth/": (ALLAUTH, "slug"),
    "api/": (API_EXTRA, "slug"),
}


@pytest.mark.parametrize(
    ("prefix", "key", "role"), _cells({prefix: table for prefix, (table, _) in SETS.items()})
)
def test_access(world, prefix, key, role):
    args, users = world
    table, slug_arg = SETS[prefix]
    args = {**args, "slug": args[slug_arg]}
    row = table[key]
    args = _with_ids(row, args)
    response, method, is_api, changed = _ask(key, row, role, args, users)
    _check(
        response,
        row.cells[role],
        method=method,
        is_api=is_api,
        changed=changed,
        args=args,
        what=f"{method} {prefix}{key} as {role}",
    )


def _cross_data(key: str, args: dict) -> dict:
    data = CROSS_DATA.get(key, {})
    return data(args) if callable(data) else data


@pytest.mark.parametrize(
    ("key", "role", "overrides"),
    [pytest.param(key, role, overrides, id=case) for case, key, role, overrides in CROSS],
)
def test_no_reach_across_networks(world, key, role, overrides):
    args, users = world
    row = TABLE[key]
    args = _with_ids(row, args)
    args = {**args, **{name: args[source] for name, source in overrides.items()}}
    response, method, is_api, changed = _ask(
        key, row, role, args, users, data=_cross_data(key, args)
    )
    _check(
        response,
        Expect(404),
        method=method,
        is_api=is_api,
        changed=changed,
        args=args,
        what=f"{method} {key} as {role} with {overrides}",
    )


# Destructive actions ask first: the button's POST (without `confirm`) shows a question page
# and changes nothing; the rows above send the answer. (key, role who may, data)
ASK_FIRST = [
    ("networks:leave", "member", {}),
    ("networks:change_member", "coordinator", {"status": "suspended"}),
    ("networks:revoke_invitation", "coordinator", {}),
    ("networks:partner_action", "coordinator", {"action": "remove"}),
    ("accounts:leave_organisation", "member", {}),
    ("accounts:withdraw_claim", "member", {}),
    ("accounts:revoke_token", "member", {}),
    ("knowledge:article_delete", "member", {}),
    ("knowledge:session_cancel", "member", {}),
    ("my_calendar_revoke", "member", {}),
    ("knowledge:attachment_delete", "member", {}),
    ("exchange:listing_close", "member", {}),
    ("exchange:clearing_end", "coordinator", {}),
    ("knowledge:question_close", "coordinator", {}),
    ("meetings:item_remove", "coordinator", {}),
    ("projects:project_delete", "coordinator", {}),
    ("projects:participant_remove", "coordinator", {}),
    ("projects:partner_remove", "coordinator", {}),
    ("projects:milestone_delete", "coordinator", {}),
]


@pytest.mark.parametrize(("key", "role", "data"), ASK_FIRST, ids=[c[0] for c in ASK_FIRST])
def test_destructive_post_asks_first(world, key, role, data):
    args, users = world
    response, method, is_api, changed = _ask(key, TABLE[key], role, args, users, data=data)
    assert response.status_code == 200, response.status_code
    assert not changed, f"{key}: the one-click POST acted"
    page = response.content.decode()
    assert 'name="confirm" value="yes"' in page
    for name, value in data.items():
        assert f'name="{name}" value="{value}"' in page


def test_undo_merge_asks_first(world):
    """Only a curator may undo; the question comes before the undo for them too."""
    args, users = world
    beheer = User.objects.get(name="Beheer Gilde")
    path = reverse("accounts:undo_merge", args=[args["entry_id"]])
    before = _snapshot()
    response = login(beheer).post(path)
    assert response.status_code == 200
    assert _snapshot() == before
    assert login(beheer).post(path, {"confirm": "yes"}).status_code == 302
    assert _snapshot() != before


@pytest.mark.parametrize(
    "key", [key for key, row in TABLE.items() if row.method == "POST" and " " not in key]
)
def test_post_only_pages_refuse_get(world, key):
    """A write is never done by following a link: GET answers 405 before anything else runs."""
    args, users = world
    method, path, _is_api = _path(key, args)
    assert _client(users, "coordinator").get(path).status_code == 405


def test_hidden_network_is_not_in_lists(world):
    args, users = world
    hidden = args["hidden_slug"]
    for role in ("anonymous", "outsider"):
        browser = _client(users, role)
        assert hidden not in browser.get(reverse("networks:directory")).content.decode()
        assert hidden not in json.dumps(browser.get(f"{API_PREFIX}/networks").json())
    assert hidden in json.dumps(_client(users, "member").get(f"{API_PREFIX}/networks").json())


def test_hidden_partner_is_not_named_to_outsiders(world):
    """A listed network's partner list leaves out a hidden partner for those outside it."""
    args, users = world
    network = Network.objects.get(slug=args["slug"])
    hidden = Network.objects.get(slug=args["hidden_slug"])
    PartnerLink.objects.create(from_network=network, to_network=hidden, status="accepted")
    home = reverse("networks:home", args=[network.slug])
    detail = f"{API_PREFIX}/networks/{network.slug}"
    for role in ("anonymous", "outsider"):
        browser = _client(users, role)
        assert hidden.name not in browser.get(home).content.decode(), role
        assert hidden.slug not in json.dumps(browser.get(detail).json()), role
    member = _client(users, "member")
    assert hidden.name in member.get(home).content.decode()
    assert hidden.slug in json.dumps(member.get(detail).json())


# A suspended or departed membership counts for nothing: such people are outsiders again.
FORMER = [
    ("suspended", "networks:home", "hidden_slug"),
    ("suspended", "networks:members", "slug"),
    ("suspended", "networks:member_suggestions", "slug"),
    ("suspended", "networks:manage", "slug"),
    ("suspended", "networks:manage_members", "slug"),
    ("suspended", "networks:manage_invitations", "slug"),
    ("suspended", "networks:manage_partners", "slug"),
    ("suspended", "networks:settings", "slug"),
    ("suspended", "networks:log", "slug"),
    ("suspended", "GET /api/v1/networks/{slug}", "hidden_slug"),
    ("suspended", "GET /api/v1/networks/{slug}/members", "slug"),
    ("left", "networks:home", "hidden_slug"),
    ("left", "networks:members", "slug"),
    ("left", "GET /api/v1/networks/{slug}", "hidden_slug"),
    ("left", "GET /api/v1/networks/{slug}/members", "slug"),
    ("left", "exchange:account", "slug"),
    ("suspended", "exchange:statement", "slug"),
    ("left", "exchange:transfer", "slug"),
    ("left", "exchange:listing", "slug"),
    ("suspended", "exchange:listing_new", "slug"),
    ("suspended", "exchange:partners", "slug"),
    ("left", "exchange:pay_partner", "slug"),
    ("left", "exchange:conversations", "slug"),
    ("suspended", "exchange:conversation", "slug"),
    ("left", "GET /api/v1/networks/{slug}/conversations/{conversation_id}", "slug"),
]


@pytest.mark.parametrize(
    ("role", "key", "slug_arg"),
    [pytest.param(*case, id=f"{case[2].removesuffix('_slug')}/{case[1]}-{case[0]}")
     for case in FORMER],
)  # fmt: skip
def test_former_members_are_outsiders(world, role, key, slug_arg):
    args, users = world
    args = _with_ids(TABLE[key], {**args, "slug": args[slug_arg]})
    response, method, is_api, changed = _ask(key, TABLE[key], role, args, users)
    _check(
        response,
        Expect(404),
        method=method,
        is_api=is_api,
        changed=changed,
        args=args,
        what=f"{method} {key} as {role} ({slug_arg})",
    )


@pytest.mark.parametrize("step", ["write", "after"])
def test_the_world_is_the_same_for_every_test(_shared_world, world, step):
    """Whatever the cases before wrote (and this one's "write" step) is gone for the next."""
    _built, _media, initial = _shared_world
    assert _snapshot() == initial
    if step == "write":
        args, _users = world
        Network.objects.filter(slug=args["slug"]).update(name="Overschreven")
        # (memberships hold ledger accounts, which are never deleted: change them instead)
        Membership.objects.update(status="left")
        assert _snapshot() != initial
