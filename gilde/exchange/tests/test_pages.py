"""The exchange pages: paying with a preview, asking and deciding, statements, and the
coordinators' overview, limits and settings."""

import csv
import io

import pytest
from django.utils import translation

from gilde.exchange import services
from gilde.exchange.models import Account, LimitChange, Transfer


@pytest.fixture
def parties(network, anke, bert):
    return services.account_of(bert, network), services.account_of(anke, network)


def page(network, path=""):
    return f"/n/{network.slug}/exchange/{path}"


def test_pay_shows_the_balance_after_then_pays(network, bert, parties, client_for):
    mine, anke_account = parties
    client = client_for(bert)
    data = {"other": anke_account.pk, "amount": "1,5", "description": "Subsidie-advies"}
    preview = client.post(page(network, "pay/"), data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "−1 uur 30 min" in text and 'name="confirm" value="yes"' in text
    assert "limit-warning" not in text
    assert not Transfer.objects.exists()
    done = client.post(page(network, "pay/"), {**data, "confirm": "yes"})
    assert done.status_code == 302
    assert Account.objects.get(pk=mine.pk).balance == -90


def test_the_preview_warns_near_the_limit_and_stops_past_it(network, bert, parties, client_for):
    _mine, anke_account = parties
    client = client_for(bert)
    near = client.post(
        page(network, "pay/"), {"other": anke_account.pk, "amount": "19", "description": "Veel"}
    )
    assert "limit-warning" in near.content.decode()
    past = client.post(page(network, "pay/"),
                       {"other": anke_account.pk, "amount": "21", "description": "Te veel",
                        "confirm": "yes"})  # fmt: skip
    assert past.status_code == 200
    assert "limiet" in past.content.decode()
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-1", "0,001", "veel", "1:75"])
def test_bad_amounts_are_explained_in_dutch(network, bert, parties, client_for, amount):
    _mine, anke_account = parties
    with translation.override("nl"):
        response = client_for(bert).post(
            page(network, "pay/"),
            {"other": anke_account.pk, "amount": amount, "description": "x", "confirm": "yes"},
        )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Transfer.objects.exists()


def test_request_then_accept_on_the_account_page(network, anke, bert, parties, client_for):
    mine, anke_account = parties
    anke_client, bert_client = client_for(anke), client_for(bert)
    asked = anke_client.post(
        page(network, "request/"), {"other": mine.pk, "amount": "1:30", "description": "Workshop"}
    )
    assert asked.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.status == "pending"
    account_page = bert_client.get(page(network)).content.decode()
    assert f"transfer-{transfer.pk}" in account_page and "Workshop" in account_page
    # Anke cannot accept on Bert's behalf: a message, nothing moves.
    anke_client.post(page(network, f"transfers/{transfer.pk}/decide/"), {"action": "accept"})
    assert Transfer.objects.get().status == "pending"
    bert_client.post(page(network, f"transfers/{transfer.pk}/decide/"), {"action": "accept"})
    assert Transfer.objects.get().status == "completed"
    again = bert_client.post(page(network, f"transfers/{transfer.pk}/decide/"),
                             {"action": "accept"}, follow=True)  # fmt: skip
    assert "al afgehandeld" in again.content.decode()
    assert Transfer.objects.completed().count() == 1


def test_statement_csv_opens_in_dutch_excel(network, bert, parties, client_for):
    mine, anke_account = parties
    services.pay(mine, anke_account, 90, by=bert, description='=HYPERLINK("x")')
    with translation.override("nl"):
        response = client_for(bert).get(page(network, "statement.csv"))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4:] == ["-1,50", "-1,50", "-90", "-90"]
    assert rows[1][3].startswith("'=")  # not run as a formula


def test_statement_of_someone_elses_account_is_not_found(network, bert, parties, client_for):
    _mine, anke_account = parties
    response = client_for(bert).get(page(network, "statement/"), {"account": anke_account.pk})
    assert response.status_code == 404


def test_coordinator_sets_a_limit_the_holder_sees(network, anke, bert, parties, client_for):
    mine, _anke_account = parties
    response = client_for(anke).post(
        page(network, f"accounts/{mine.pk}/limits/"),
        {"limit": "5", "ceiling": "", "reason": "Nieuw lid, eerst rustig aan"},
    )
    assert response.status_code == 302
    assert Account.objects.get(pk=mine.pk).limit == -300
    change = LimitChange.objects.get()
    assert change.changed_by == anke and change.new_limit == -300
    assert "Nieuw lid, eerst rustig aan" in client_for(bert).get(page(network)).content.decode()
    refused = client_for(bert).post(page(network, f"accounts/{mine.pk}/limits/"),
                                    {"limit": "100", "reason": "Zelf"})  # fmt: skip
    assert refused.status_code == 404


def test_limit_change_needs_a_reason(network, anke, parties, client_for):
    mine, _ = parties
    response = client_for(anke).post(page(network, f"accounts/{mine.pk}/limits/"), {"limit": "5"})
    assert response.status_code == 200 and not LimitChange.objects.exists()


def test_settings_change_the_unit_and_log_the_defaults(network, anke, client_for):
    client = client_for(anke)
    response = client.post(page(network, "settings/"), {
        "unit_singular": "kennispunt", "unit_plural": "kennispunten", "minor_units": "100",
        "minor_name": "", "credit_limit": "-30", "credit_ceiling": "50", "reason": "Nieuwe eenheid",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    network.refresh_from_db()
    assert (network.unit_plural, network.minor_units, network.credit_limit) == (
        "kennispunten", 100, -3000,
    )  # fmt: skip
    assert LimitChange.objects.get(account=None).new_limit == -3000


def test_the_unit_cannot_change_its_steps_once_credits_moved(network, anke, bert, parties,
                                                             client_for):  # fmt: skip
    mine, anke_account = parties
    services.pay(mine, anke_account, 5, by=bert, description="x")
    response = client_for(anke).post(page(network, "settings/"), {
        "unit_singular": "uur", "unit_plural": "uren", "minor_units": "100", "minor_name": "",
        "credit_limit": "-20", "credit_ceiling": "40",
    })  # fmt: skip
    assert response.status_code == 200
    network.refresh_from_db()
    assert network.minor_units == 60


def test_overview_and_shared_accounts(network, anke, bert, parties, client_for):
    mine, anke_account = parties
    services.pay(mine, anke_account, 1150, by=bert, description="Groot project")
    client = client_for(anke)
    client.post(page(network, "accounts/new/"), {"name": "Pilotinstallatie"})
    shared = Account.objects.get(kind="shared")
    overview = client.get(page(network, "overview/")).content.decode()
    assert "Pilotinstallatie" in overview
    assert 'id="near"' in overview and "Bert Kuipers" in overview.split('id="near"')[1]
    assert "<svg" in overview
    # A coordinator pays from the shared account on the pay page.
    client.post(page(network, "pay/"), {"own": shared.pk, "other": mine.pk, "amount": "1",
                                        "description": "Terug", "confirm": "yes"})  # fmt: skip
    assert Account.objects.get(pk=shared.pk).balance == -60
    assert client_for(bert).get(page(network, "overview/")).status_code == 404
