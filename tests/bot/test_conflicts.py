"""When two pay figures disagree (bot.conflicts)."""

import pytest

from bot.conflicts import pay_disagrees, pay_figure


@pytest.mark.parametrize(
    "a, b, disagree",
    [
        ("Pay ranges from $28,000 to $36,000 per year.", "The average salary is $41,300.", True),
        (
            "The median annual wage was $131,450 in May 2025.",
            "The lowest 10 percent earned less than $88,200, and the highest 10 percent earned"
            " more than $171,900.",
            False,
        ),
        (
            "The median pay in our survey is $19.80 an hour.",
            "New techs start around $17.00 an hour, and experienced techs can earn $25.00 or more.",
            False,
        ),
        ("Experienced techs earn up to $45,000 a year.", "The median is $52,000 a year.", True),
        ("$800 yearly professional development allowance", "Salary: $52,400 per year", None),
        ("Techs in charge of the night lab earn $24 an hour.", "The median is $19 an hour.", True),
        (
            "Graduates who pass the board exam earn a median of $48,000 a year.",
            "The median is $36,000 a year.",
            True,
        ),
        (
            "The median wage was $19.60 an hour.",
            "New hires typically start around $16.25 an hour.",
            False,
        ),
    ],
)
def test_a_spread_of_pay_disagrees_only_with_a_figure_outside_it(a, b, disagree):
    if disagree is None:  # not pay at all: an allowance, a stipend
        assert pay_figure(a) is None
        return
    assert pay_disagrees(pay_figure(a), pay_figure(b)) == disagree


@pytest.mark.parametrize(
    "text, pay",
    [
        ("Harbour Nets pays $21.40 an hour, with a $1.10 differential for storm shifts.", 21.4),
        ("Pay: $18.75 to $24.40 per hour, plus a night differential of $2.25 per hour", 18.75),
        ("$1,500 sign-on bonus paid after 90 days", None),
        ("a 6% match, 20 days of PTO, and a $2,000 yearly allowance toward the degree.", None),
    ],
)
def test_the_pay_beside_a_differential_or_bonus_is_pay_the_bonus_alone_is_not(text, pay):
    figure = pay_figure(text)
    assert (figure.low if figure else None) == pay
