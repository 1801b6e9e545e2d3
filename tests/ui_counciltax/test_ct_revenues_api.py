"""The council service's account look-up: device token needed, all three details must match,
the demo adapter is the same for the same seed, and its documented accounts exist."""

from __future__ import annotations

from datetime import date

from sync.counciltax_lookup import PATH_ACCOUNT_LOOKUP, AccountLookup
from sync.server.revenues import DOCUMENTED_ACCOUNTS, DemoRevenuesAdapter

OKAFOR = DOCUMENTED_ACCOUNTS[0]
BODY = {"account_reference": OKAFOR["reference"], "postcode": OKAFOR["postcode"], "surname": OKAFOR["surname"]}


def test_look_up_needs_a_device_token(council):
    _app, client = council
    response = client.post(PATH_ACCOUNT_LOOKUP, json=BODY)
    assert response.status_code == 401 and response.json()["error"] == "unauthorised"


def test_enrolled_device_gets_the_account_and_a_miss_says_only_not_found(council, device, enrolled):
    db, settings = device
    transport, credentials = enrolled
    lookup = AccountLookup(db, settings["council_url"], transport=transport, credentials=credentials)
    found = lookup.find(OKAFOR["reference"], " sw21rw ", "okafor")
    assert found.found and found.account["reference"] == OKAFOR["reference"]
    assert found.account["band"] == "C" and found.account["payment_method"] == "direct_debit"
    assert "Okafor" not in repr(found)  # personal data stays out of logs
    for wrong in ({"surname": "Silva"}, {"postcode": "SW9 8RR"}, {"account_reference": "40000009"}):
        miss = lookup.find(**{**BODY, **wrong})
        assert miss.outcome == "not_found" and miss.account is None


def test_demo_accounts_are_the_same_for_the_same_seed_and_add_up():
    clock = lambda: date(2026, 11, 22)  # noqa: E731
    one, two = DemoRevenuesAdapter(seed=7, clock=clock), DemoRevenuesAdapter(seed=7, clock=clock)
    assert one.accounts() == two.accounts()
    assert DemoRevenuesAdapter(seed=8, clock=clock).accounts() != one.accounts()
    for record in one.accounts()[:60]:
        account = one.find(record["reference"], record["postcode"], record["surname"])
        assert account is not None
        assert account.paid_pence + account.balance_pence == account.annual_pence
        assert 0 <= account.overdue_pence <= account.balance_pence
        assert sum(p.amount_pence for p in account.recent_payments) <= account.paid_pence
    for documented in DOCUMENTED_ACCOUNTS:
        assert one.find(documented["reference"], documented["postcode"], documented["surname"]) is not None
