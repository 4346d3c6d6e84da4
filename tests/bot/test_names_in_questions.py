"""A question that names no role but a name only one role's documents write: an employer's,
a school's, a credential's acronym. Both documents are fictional, written for these tests."""

import pytest

from tests.conftest import bot_over

LINE_TECHNICIAN = """# Kelp Line Technician

Fictional test document: every name, figure and fact here is invented.

Brindlemoor Kelp Farm is hiring a Kelp Line Technician for its north bay.

## What You Will Do

- Splice and re-tension the long lines that hold the kelp
- Log line strain readings every morning

## Requirements

Pass the Kelp Line Competency Exam (KLCE) within six months of hire. You keep it current
with 12 continuing education hours every two years.

## Pay

Brindlemoor pays $21.40 an hour, with a $1.10 differential for storm shifts.
"""

DRYER_AIDE = """# Kelp Dryer Aide

Fictional test document: every name, figure and fact here is invented.

Saltmarsh Kelp Works is hiring a Kelp Dryer Aide for its drying sheds.

## What You Will Do

- Turn the kelp racks every two hours
- Sweep the drying sheds at the end of each shift

## Pay

Saltmarsh pays $16.10 an hour.
"""


ROPE_TECHNICIAN = """<html><head><title>Kelp Rope Technician | Wrenmoor Rope Works</title></head>
<body><main><h1>Kelp Rope Technician</h1>
<p>Fictional test document: every name, figure and fact here is invented.</p>
<h2>What you will do</h2><p>Kelp rope technicians braid and splice the ropes for kelp farms.</p>
<h2>Pay</h2><p>Rope technicians earn $18.90 an hour.</p></main></body></html>
"""


@pytest.fixture(scope="module")
def kelp_bot(tmp_path_factory, embedder):
    documents = {
        "kelp-line-technician.md": LINE_TECHNICIAN,
        "kelp-dryer-aide.md": DRYER_AIDE,
        "kelp-rope-technician.html": ROPE_TECHNICIAN,
    }
    return bot_over(tmp_path_factory, embedder, "kelp", documents)


def test_an_employer_only_one_role_s_documents_name_says_whose_pay_is_asked(kelp_bot):
    answer = kelp_bot.answer("how much does brindlemoor pay per hour")
    assert "$21.40" in answer.answer and "$16.10" not in answer.answer
    assert {c.doc_id for c in answer.citations} == {"kelp-line-technician"}


def test_a_credential_s_acronym_says_whose_requirements_are_asked(kelp_bot):
    answer = kelp_bot.answer("when do i have to pass the klce")
    assert "within six months of hire" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"kelp-line-technician"}


def test_a_word_both_roles_documents_use_names_neither(kelp_bot):
    answer = kelp_bot.answer("how much does kelp work pay per hour")
    assert "$21.40" in answer.answer and "$16.10" in answer.answer


def test_the_role_named_as_typed_is_no_evidence_of_an_answer(kelp_bot):
    """ "line techs" is the Kelp Line Technician's name cut short: the line saying who is
    hiring them does not answer what they are paid."""
    answer = kelp_bot.answer("how much do line techs get paid at brindlemoor")
    assert "$21.40" in answer.answer.split("\n")[1]


def test_a_renewal_stated_in_a_line_on_education_is_stated(kelp_bot):
    answer = kelp_bot.answer("do kelp line techs have to renew the klce")
    assert "every two years" in answer.answer
    assert "do not state" not in answer.answer


def test_an_employer_named_only_in_a_page_s_title_tells_two_technicians_apart(kelp_bot):
    answer = kelp_bot.answer("how much does the wrenmoor technician make")
    assert "$18.90" in answer.answer and "$21.40" not in answer.answer
