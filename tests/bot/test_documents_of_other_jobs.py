"""What documents say about jobs other than their own role: a guide titled with two jobs, a
"Similar occupations" section. Both documents here are fictional, written for these tests."""

import pytest

from tests.conftest import bot_over

# Fictional test document: every name, figure and fact here is invented.
MECHANIC_GUIDE = """BOAT MECHANIC OR HARBOR PILOT? A GUIDE FOR GULLPORT
Fictional test document: every name, figure and fact here is invented.

Most people start as a boat mechanic, because every harbor pilot licence asks for sea time.
WHAT A BOAT MECHANIC DOES
Boat mechanics service outboard engines, replace bilge pumps and test the steering.
WHAT A HARBOR PILOT ADDS
Harbor pilots steer ships through the harbor mouth and are in charge of the bridge.
Marine electricians wire the boats, and marine electricians need a licence.
PAY IN GULLPORT
Boat mechanics earn a median of $18.10 an hour in Gullport.
Harbor pilots earn a median of $31.40 an hour in Gullport.
"""

NET_TECHNICIAN_PROFILE = """# Net Repair Technicians

Fictional test document: every name, figure and fact here is invented.

## What They Do

Net repair technicians mend the nets that kelp farms and fishing boats use.

- Patch torn mesh with twine and a netting needle
- Measure each net against the farm's size chart
- Log every repair in the net register

## Pay

Net repair technicians earn a median of $19.70 an hour.

## Similar Occupations

- **Rigging inspectors** repair torn lines and inspect the nets hung on cranes.
- **Crane operators** lift the repaired nets onto the boats.
"""


INSPECTOR_ASSISTANT = """# Rigging Inspector Assistants

Fictional test document: every name, figure and fact here is invented.

## What They Do

Rigging inspector assistants carry the gauges and work under a rigging inspector, who signs
every crane log. The rigging inspector decides when a line is retired.

## Pay

Rigging inspector assistants earn a median of $17.30 an hour.
"""


SAFETY_TECHNICIAN = """# Dock Safety Technicians

Fictional test document: every name, figure and fact here is invented.

## What They Do

Dock safety technicians inspect ladders, railings and mooring points on the docks.
Despite the similar setting, this job has nothing to do with net repair.

## Not the same as a harbour crane operator

Harbour crane operators lift cargo off the ships; harbour crane operators need a crane licence.

## Pay

Dock safety technicians earn a median of $22.60 an hour.
"""


@pytest.fixture(scope="module")
def other_jobs_bot(tmp_path_factory, embedder):
    documents = {
        "boat-mechanic-or-harbor-pilot.txt": MECHANIC_GUIDE,
        "net-repair-technician.md": NET_TECHNICIAN_PROFILE,
        "rigging-inspector-assistant.md": INSPECTOR_ASSISTANT,
        "dock-safety-technician.md": SAFETY_TECHNICIAN,
    }
    return bot_over(tmp_path_factory, embedder, "other-jobs", documents)


def test_a_job_with_no_role_of_its_own_is_answered_from_the_document_titled_with_it(
    other_jobs_bot,
):
    answer = other_jobs_bot.answer("how much do harbor pilots make?")
    assert not answer.refused
    assert "no role of its own for harbor pilots" in answer.answer
    assert "$31.40" in answer.answer
    assert answer.citations[0].doc_id == "boat-mechanic-or-harbor-pilot"
    # a job only mentioned in passing, in no title, is still outside the knowledge base
    assert other_jobs_bot.answer("how much do kelp farmers make?").refused


def test_a_similar_occupations_list_answers_only_questions_about_other_jobs(other_jobs_bot):
    duties = other_jobs_bot.answer("what does a net repair tech do all day?")
    assert "Patch torn mesh" in duties.answer
    assert "inspectors" not in duties.answer and "operators" not in duties.answer
    similar = other_jobs_bot.answer("what other jobs are similar to net repair technician?")
    assert "inspectors" in similar.answer or "operators" in similar.answer


def test_a_job_a_document_writes_of_is_answered_from_it_one_named_once_in_passing_is_not(
    other_jobs_bot,
):
    answer = other_jobs_bot.answer("do marine electricians need a licence?")
    assert not answer.refused and "no role of its own for marine electricians" in answer.answer
    assert answer.citations[0].doc_id == "boat-mechanic-or-harbor-pilot"
    assert other_jobs_bot.answer("how much do crane operators make?").refused
    # a job a section sets apart from the role is no job the documents cover
    assert other_jobs_bot.answer("how much do harbour crane operators make?").refused
    # the inspector an assistant works under is a near-namesake its guide does not cover
    assert other_jobs_bot.answer("how much do rigging inspectors make?").refused


def test_a_comparison_leads_with_the_line_that_sets_a_role_apart_from_the_others_field(
    other_jobs_bot,
):
    answer = other_jobs_bot.answer("is a dock safety tech the same as a net repair tech?")
    assert "nothing to do with net repair" in answer.answer.split("\n\n")[0]


def test_people_no_document_mentions_are_a_line_of_work_it_does_not_cover(other_jobs_bot):
    answer = other_jobs_bot.answer("how much do farriers make a year")
    assert answer.refused and "farriers" in answer.answer
    assert not other_jobs_bot.answer("how much do boat mechanics make a year").refused
    # newcomers are people new to a job, not a line of work
    assert not other_jobs_bot.answer("how much do newcomers make a year").refused
