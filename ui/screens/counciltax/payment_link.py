"""The council's payment page for an account and amount, from the ``payment_url_template`` setting.

The template has ``{reference}`` and ``{amount}`` (pounds and pence, like
``123.45``, or empty when the resident will type it on the page). Both are URL
encoded. The kiosk only ever *shows* this link and its QR code: card details
are typed on the resident's own phone, never on the kiosk.
"""

from __future__ import annotations

from urllib.parse import quote

from kiosk.counciltax.validators import digits_only


class PaymentLinkError(ValueError):
    """The template in the settings cannot be filled in (staff must fix the setting)."""


def amount_text(pence: int | None) -> str:
    if pence is None:
        return ""
    return f"{pence // 100}.{pence % 100:02d}"


def payment_url(template: str, account_reference: str, amount_pence: int | None) -> str:
    reference = digits_only(account_reference).upper()
    try:
        url = template.format(reference=quote(reference, safe=""), amount=quote(amount_text(amount_pence), safe=""))
    except (KeyError, IndexError, ValueError) as exc:
        raise PaymentLinkError(str(exc)) from None
    if not url.startswith("https://") and not url.startswith("http://"):
        raise PaymentLinkError("the payment page must be an http(s) address")
    return url


def short_link(url: str) -> str:
    """The link as a resident would type it: without the scheme."""
    return url.split("://", 1)[-1]
