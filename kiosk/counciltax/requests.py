"""The council-tax requests a resident can make at an access point, as declarative flows.

Each ``RequestType`` is a list of ``Question``s (one per page on the kiosk), a
few checks across answers, the evidence to bring or post, and what happens
next. Screens, the CLI and ``submit`` (kiosk.counciltax.submissions) all read
these same definitions, so what a screen accepts is exactly what is stored.

Personal data in the answers is kept on the device only in the outbox payload,
which the sync client clears once the council acknowledges it; the local
submissions table keeps just the reference, the type and the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from kiosk.counciltax import validators as v
from kiosk.counciltax.instalments import DD_DAYS, finishes_by_31_march, minimum_monthly_for
from kiosk.counciltax.money import format_pounds
from kiosk.counciltax.questions import (
    CHOICE, DATE, MONEY, NUMBER, POSTCODE, YES_NO, Answers, Choice, Question,
)
from kiosk.i18n import N_, _

# A check across answers: returns (question id, translated error) or None.
Check = Callable[[Answers], "tuple[str, str] | None"]


@dataclass(frozen=True)
class RequestType:
    id: str
    title: str                         # N_
    description: str                   # N_
    questions: tuple[Question, ...]
    what_next: str                     # N_
    evidence: tuple[str, ...] = ()     # N_ each: what to bring or post
    checks: tuple[Check, ...] = ()

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def visible_questions(self, answers: Answers) -> list[Question]:
        return [q for q in self.questions if q.visible(answers)]


class SubmissionInvalid(ValueError):
    """Answers that cannot be submitted; ``errors`` maps question id -> translated message, in page order."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def validate_answer(request_type: RequestType, question_id: str, raw: Any, answers: Answers) -> tuple[Any, str | None]:
    """Check one page's answer against the answers so far (for one-question-per-page screens)."""
    return request_type.question(question_id).clean(raw, answers)


def validate(request_type: RequestType, raw_answers: Answers) -> tuple[Answers, dict[str, str]]:
    """(clean answers, errors). Hidden questions are dropped; checks across answers run when every field is fine."""
    clean: Answers = {}
    errors: dict[str, str] = {}
    for q in request_type.questions:
        if not q.visible(clean):
            continue
        value, error = q.clean(raw_answers.get(q.id), clean)
        if error:
            errors[q.id] = error
        elif value is not None:
            clean[q.id] = value
    if not errors:
        for check in request_type.checks:
            found = check(clean)
            if found:
                errors[found[0]] = found[1]
    return clean, errors


# --- building blocks --------------------------------------------------------

def _is(question_id: str, value: Any) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(question_id) == value


def account_ref(required: bool = True) -> Question:
    return Question("account_reference", N_("Council tax account number"),
                    hint=N_("It is at the top of your bill. Leave it empty if you do not have one yet.")
                    if not required else N_("It is at the top of your bill."),
                    required=required, validator=v.account_reference, inputmode="numeric")


def full_name() -> Question:
    return Question("full_name", N_("What is your full name?"), autocomplete="name")


def address(prefix: str, label: str, postcode_label: str) -> tuple[Question, Question]:
    return (Question(f"{prefix}address", label, hint=N_("House number or name, and street"),
                     autocomplete="street-address"),
            Question(f"{prefix}postcode", postcode_label, kind=POSTCODE, autocomplete="postal-code"))


def contact() -> tuple[Question, ...]:
    return (
        Question("phone", N_("Telephone number (optional)"), hint=N_("So we can call you if we have a question"),
                 required=False, validator=v.phone, inputmode="tel", autocomplete="tel"),
        Question("email", N_("Email address (optional)"), hint=N_("We will send you an update"),
                 required=False, validator=v.email, inputmode="email", autocomplete="email"),
    )


TENURE = (Choice("owner", N_("I own it (or am buying it)")), Choice("tenant", N_("I rent it")),
          Choice("other", N_("Something else, like living with family")))


def tenure_questions() -> tuple[Question, ...]:
    return (
        Question("tenure", N_("Do you own or rent the home?"), kind=CHOICE, choices=TENURE),
        Question("landlord_name", N_("Landlord's or letting agent's name"), show_if=_is("tenure", "tenant")),
        Question("landlord_address", N_("Landlord's or letting agent's address"), required=False,
                 show_if=_is("tenure", "tenant")),
    )


def other_adults() -> tuple[Question, ...]:
    return (
        Question("other_adults", N_("Does anyone else aged 18 or over live there?"), kind=YES_NO),
        Question("other_adults_names", N_("Their full names"), hint=N_("Separate names with commas"),
                 show_if=_is("other_adults", True)),
    )


def bank_details() -> tuple[Question, ...]:
    return (
        Question("payer_name", N_("Name on the account"), autocomplete="name"),
        Question("sort_code", N_("Sort code"), hint=N_("Must be 6 digits long"), validator=v.sort_code,
                 inputmode="numeric"),
        Question("account_number", N_("Account number"), hint=N_("Must be 8 digits long"),
                 validator=v.account_number, inputmode="numeric"),
    )


def recent_date(question_id: str, label: str, *, past_days: int = 6 * 366, future_days: int = 93) -> Question:
    return Question(question_id, label, kind=DATE, hint=N_("For example, 27 3 2025"),
                    validator=v.date_between(past_days=past_days, future_days=future_days, what=label))


def _after(later: str, earlier: str, message: str) -> Check:
    def check(answers: Answers) -> tuple[str, str] | None:
        if later in answers and earlier in answers and answers[later] < answers[earlier]:
            return later, _(message)
        return None
    return check


def _arrangement_ends_by_31_march(answers: Answers) -> tuple[str, str] | None:
    first = date.fromisoformat(answers["first_payment"])
    if finishes_by_31_march(answers["arrears_pence"], answers["monthly_pence"], first):
        return None
    need = minimum_monthly_for(answers["arrears_pence"], first)
    return "monthly_pence", _("The arrangement must finish by 31 March; pay at least {amount} a month").format(
        amount=format_pounds(need))


def _monthly_not_more_than_arrears(answers: Answers) -> tuple[str, str] | None:
    if answers["monthly_pence"] > answers["arrears_pence"]:
        return "monthly_pence", _("The monthly payment cannot be more than you owe")
    return None


DISREGARD_REASONS = (
    Choice("student", N_("Full-time student")),
    Choice("student_nurse", N_("Student nurse")),
    Choice("apprentice", N_("Apprentice")),
    Choice("youth_training", N_("Aged 18 to 24 on a youth training scheme")),
    Choice("carer", N_("Carer living with the person they care for")),
    Choice("severe_mental_impairment", N_("Severe mental impairment")),
    Choice("care_leaver", N_("Care leaver under 25")),
    Choice("child_benefit_18", N_("Aged 18 and child benefit is still paid for them")),
    Choice("hospital_or_care_home", N_("Living in a hospital or care home")),
    Choice("detention", N_("In prison or detention")),
    Choice("other", N_("Another reason")),
)
DISREGARD_EVIDENCE = {
    "student": N_("a student certificate from the college or university"),
    "severe_mental_impairment": N_("a doctor's certificate and proof of a qualifying benefit"),
    "carer": N_("proof of the benefit the cared-for person receives"),
}

BENEFITS = (
    Choice("universal_credit", N_("Universal Credit")),
    Choice("pension_credit", N_("Pension Credit")),
    Choice("jsa_esa", N_("Jobseeker's Allowance or Employment and Support Allowance")),
    Choice("income_support", N_("Income Support")),
    Choice("housing_benefit", N_("Housing Benefit")),
    Choice("pip_dla", N_("Personal Independence Payment or Disability Living Allowance")),
    Choice("carers_allowance", N_("Carer's Allowance")),
    Choice("child_benefit", N_("Child Benefit")),
    Choice("none", N_("None of these")),
)


def _benefits_none_alone(value: list[str], answers: Answers) -> str | None:
    if "none" in value and len(value) > 1:
        return _("Select 'None of these' on its own, or only the benefits you get")
    return None


def _adult_on_date(value: str, answers: Answers) -> str | None:
    born = date.fromisoformat(value)
    now = v.today()
    age = now.year - born.year - ((now.month, now.day) < (born.month, born.day))
    if age < 16:
        return _("You must be 16 or over to apply")
    if age > 120:
        return _("Date of birth must be a real date of birth")
    return None


# --- the requests -----------------------------------------------------------

_REQUESTS = (
    RequestType(
        "moving_in", N_("Moving into the borough"), N_("Tell us you have moved in so we can send your bill."),
        (full_name(), *address("", N_("Address you have moved into"), N_("Postcode of that address")),
         recent_date("move_in_date", N_("Date you moved in")), *tenure_questions(), *other_adults(),
         Question("previous_address", N_("Your previous address (optional)"), required=False), *contact()),
        N_("We will send your bill within 2 weeks. Your first payment will be at least 14 days after the bill."),
        evidence=(N_("your tenancy agreement or completion statement"),)),
    RequestType(
        "moving_out", N_("Moving out of the borough"), N_("Tell us you have moved out so we can close your account."),
        (account_ref(), full_name(), *address("", N_("Address you are leaving"), N_("Postcode of that address")),
         recent_date("move_out_date", N_("Date you moved out")),
         *address("forwarding_", N_("Your new address"), N_("Postcode of your new address")),
         *tenure_questions(), *contact()),
        N_("We will send a final bill to your new address. If you paid too much we will refund it."),
        evidence=(N_("your tenancy end date or completion statement"),)),
    RequestType(
        "moving_within", N_("Moving within the borough"), N_("Tell us your old and new addresses."),
        (account_ref(), full_name(), *address("old_", N_("Address you are leaving"), N_("Postcode of that address")),
         recent_date("move_out_date", N_("Date you moved out")),
         *address("new_", N_("Address you have moved into"), N_("Postcode of your new address")),
         recent_date("move_in_date", N_("Date you moved in")), *tenure_questions(), *other_adults(), *contact()),
        N_("We will close the old account and send a new bill for the new address."),
        checks=(_after("move_in_date", "move_out_date",
                       N_("The date you moved in must be the same as or after the date you moved out")),)),
    RequestType(
        "spd_apply", N_("Apply for single person discount"),
        N_("25% off your bill when you are the only adult living at home."),
        (account_ref(), full_name(), *address("", N_("Your address"), N_("Your postcode")),
         Question("only_adult", N_("Are you the only person aged 18 or over living there?"), kind=YES_NO,
                  validator=v.must_be_yes(N_("You can only get single person discount if no other adult lives "
                                             "there. Ask about disregards instead."))),
         recent_date("since_date", N_("Date you became the only adult"), future_days=0), *contact()),
        N_("We will check your details and send you a new bill with the discount."),
        evidence=()),
    RequestType(
        "spd_remove", N_("Stop single person discount"), N_("Tell us another adult has moved in."),
        (account_ref(), full_name(), *address("", N_("Your address"), N_("Your postcode")),
         Question("new_adult_name", N_("Full name of the adult who moved in")),
         recent_date("change_date", N_("Date they moved in")), *contact()),
        N_("We will send you a new bill from the date they moved in.")),
    RequestType(
        "disregard", N_("Tell us about someone who should be disregarded"),
        N_("Some people are not counted for council tax, which can give a discount."),
        (account_ref(), full_name(), *address("", N_("Your address"), N_("Your postcode")),
         Question("person_name", N_("Full name of the person to be disregarded")),
         Question("reason", N_("Why should they be disregarded?"), kind=CHOICE, choices=DISREGARD_REASONS),
         Question("reason_other", N_("Tell us the reason"), show_if=_is("reason", "other")),
         recent_date("since_date", N_("Date this started")), *contact()),
        N_("We will check whether a discount applies and send you a new bill."),
        evidence=tuple(DISREGARD_EVIDENCE.values())),
    RequestType(
        "ctr_apply", N_("Apply for Council Tax Reduction"),
        N_("Help with your bill if you are on a low income or get benefits."),
        (account_ref(required=False), full_name(),
         Question("date_of_birth", N_("Your date of birth"), kind=DATE, hint=N_("For example, 31 3 1980"),
                  validator=_adult_on_date),
         *address("", N_("Your address"), N_("Your postcode")),
         Question("partner", N_("Do you live with a partner?"), kind=YES_NO),
         Question("partner_name", N_("Your partner's full name"), show_if=_is("partner", True)),
         Question("children", N_("How many children live with you?"), kind=NUMBER, inputmode="numeric",
                  validator=v.number_between(0, 20, N_("Number of children"))),
         Question("other_adults_count", N_("How many other adults live with you?"),
                  hint=N_("Not counting you or your partner"), kind=NUMBER, inputmode="numeric",
                  validator=v.number_between(0, 20, N_("Number of other adults"))),
         Question("benefits", N_("Which of these do you or your partner get?"), kind=CHOICE, multiple=True,
                  choices=BENEFITS, hint=N_("Select all that apply"), validator=_benefits_none_alone),
         Question("monthly_income_pence", N_("Monthly income from work, before tax"),
                  hint=N_("Enter 0 if you do not work"), kind=MONEY, inputmode="decimal"),
         Question("savings_pence", N_("Savings and investments in total"), hint=N_("Enter 0 if you have none"),
                  kind=MONEY, inputmode="decimal"),
         *tenure_questions(),
         Question("rent_pence", N_("How much rent do you pay a month?"), kind=MONEY, inputmode="decimal",
                  show_if=_is("tenure", "tenant")),
         *contact()),
        N_("We will write within 2 weeks to say what else we need. Do not stop paying your bill while you wait."),
        evidence=(N_("proof of identity, like a passport or driving licence"),
                  N_("your last 2 months of payslips, or your benefit award letters"),
                  N_("bank statements for the last 2 months"),
                  N_("your tenancy agreement or latest rent statement"),
                  N_("proof of savings and investments"))),
    RequestType(
        "direct_debit", N_("Set up or change a Direct Debit"), N_("Pay your council tax automatically each month."),
        (account_ref(), full_name(), Question("postcode", N_("Postcode of the home the bill is for"), kind=POSTCODE),
         Question("action", N_("What do you want to do?"), kind=CHOICE,
                  choices=(Choice("setup", N_("Set up a new Direct Debit")),
                           Choice("change", N_("Change my bank details or payment day")))),
         *bank_details(),
         Question("dd_day", N_("Which day of the month should we take payment?"), kind=CHOICE,
                  choices=tuple(Choice(str(d), str(d)) for d in DD_DAYS)),
         Question("sole_authoriser", N_("Are you the account holder, and can you authorise payments on your own?"),
                  kind=YES_NO, validator=v.must_be_yes(
                      N_("Every account holder who must authorise payments needs to set up the Direct Debit. "
                         "Ask them to contact the council."))),
         *contact()),
        N_("We will write to confirm your Direct Debit at least 10 working days before the first payment. "
           "The Direct Debit Guarantee protects you.")),
    RequestType(
        "twelve_instalments", N_("Pay in 12 instalments"), N_("Spread your bill from April to March instead of "
                                                              "April to January."),
        (account_ref(), full_name(), Question("postcode", N_("Postcode of the home the bill is for"), kind=POSTCODE),
         Question("which_year", N_("When should this start?"), kind=CHOICE,
                  choices=(Choice("this_year", N_("This year: the rest of the year's bill is spread over the "
                                                 "months left until March")),
                           Choice("next_year", N_("From next April"))),),
         *contact()),
        N_("We will send you a new bill showing your instalments.")),
    RequestType(
        "arrears_arrangement", N_("Offer a payment arrangement"),
        N_("If you are behind with payments, offer to pay what you owe in monthly amounts."),
        (account_ref(), full_name(), Question("postcode", N_("Postcode of the home the bill is for"), kind=POSTCODE),
         Question("arrears_pence", N_("How much do you owe?"), hint=N_("It is on your reminder or summons"),
                  kind=MONEY, inputmode="decimal", validator=v.positive_money(N_("The amount you owe"))),
         Question("monthly_pence", N_("How much can you pay each month?"), kind=MONEY, inputmode="decimal",
                  validator=v.positive_money(N_("The monthly payment"))),
         recent_date("first_payment", N_("Date of your first payment"), past_days=0, future_days=31),
         Question("reason", N_("Why did you fall behind? (optional)"), required=False), *contact()),
        N_("We will tell you within 5 working days whether we accept your offer. Until then, recovery action may "
           "continue."),
        checks=(_monthly_not_more_than_arrears, _arrangement_ends_by_31_march)),
    RequestType(
        "refund", N_("Ask for a refund"), N_("If you have paid more than you owe."),
        (account_ref(), full_name(), Question("postcode", N_("Postcode of the home the bill is for"), kind=POSTCODE),
         Question("reason", N_("Why do you think you are owed money?"), kind=CHOICE,
                  choices=(Choice("moved_out", N_("I moved out and paid too much")),
                           Choice("overpaid", N_("I paid twice or too much")),
                           Choice("reduction", N_("I was given a discount or reduction")),
                           Choice("other", N_("Another reason")))),
         Question("amount_pence", N_("How much are you owed? (optional)"), hint=N_("Leave it empty if you do not know"),
                  kind=MONEY, required=False, inputmode="decimal"),
         *bank_details(), *contact()),
        N_("We will check your account and pay any refund into your bank account within 4 weeks.")),
)

REQUEST_TYPES: dict[str, RequestType] = {r.id: r for r in _REQUESTS}

# Challenging a band is not a council request: it goes to the Valuation Office Agency.
BAND_CHALLENGE_INFO = (
    N_("Your band is set by the Valuation Office Agency (VOA), not by the council."),
    N_("You can ask the VOA to check your band if you think it is wrong, for example if similar homes on your "
       "street are in a lower band. Search for 'challenge your council tax band' on GOV.UK."),
    N_("You can appeal within 6 months of moving in or of a change to your band."),
    N_("Keep paying your bill while the VOA looks at it. If your band goes down you get a refund."),
)


def get(request_id: str) -> RequestType:
    try:
        return REQUEST_TYPES[request_id]
    except KeyError:
        raise KeyError(f"unknown council-tax request {request_id!r}") from None
