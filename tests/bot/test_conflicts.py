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
