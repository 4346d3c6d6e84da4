"""Roles read from documents that come without metadata."""

import pytest

from ingest.loaders import load_file
from ingest.metadata import load_meta
from ingest.roles import abbreviates, short_forms, stated_names
from tests.conftest import FIXTURES

MULTIROLE = FIXTURES / "multirole"


@pytest.mark.parametrize(
    "name, role, names",
    [
        # an HTML posting whose first text is a cookie banner
        ("physical-therapy-aide-posting.html", "Physical Therapy Aide", {"rehab aide", "PT tech"}),
        # a school page whose menu comes first
        ("physical-therapist-assistant-program.html", "Physical Therapist Assistant", {"PTA"}),
        # ALL CAPS with the abbreviation in brackets
        ("certified-nursing-assistant.txt", "Certified Nursing Assistant", {"CNA", "nurse aide"}),
        # a posting whose first line is the job board's name
        ("medical-assistant-posting.txt", "Medical Assistant", {"MA"}),
        # no headings at all: "Phlebotomists, also called phlebotomy technicians, ..."
        ("phlebotomy-technician.txt", "Phlebotomy Technician", {"Phlebotomist"}),
        # a PDF: its largest line is the title
        ("surgical-technologist.pdf", "Surgical Technologist", {"scrub tech"}),
        ("occupational-therapy-aide.txt", "Occupational Therapy Aide", set()),
    ],
)
def test_a_document_without_metadata_names_its_role(name, role, names):
    path = MULTIROLE / name
    assert not path.with_name(path.stem + ".meta.yaml").exists()
    meta = load_meta(path, load_file(path))
    assert meta.role == role and meta.role_source == "text"
    assert names <= set(meta.aliases)


def test_an_abbreviation_counts_only_when_it_abbreviates_the_name():
    assert abbreviates("CNA", "Certified Nursing Assistant")
    assert abbreviates("CPhT", "Certified Pharmacy Technician")
    assert not abbreviates("ARRT", "Radiologic Technologists")


def test_short_forms_are_guessed_but_never_an_english_word():
    assert short_forms("Pharmacy Technician") == ("pharmacy tech",)
    assert set(short_forms("Physical Therapy Aide")) == {"PT aide", "PTA"}
    assert "MRS" not in short_forms("Medical Records Specialist")


@pytest.mark.parametrize(
    "sentence, role, names",
    [
        (
            "Health information technicians, also known as medical records specialists, "
            "organize and manage patients' records.",
            "health information technician",
            ("medical records specialist",),
        ),
        (
            "Phlebotomists, also called phlebotomy technicians draw blood from patients.",
            "phlebotomist",
            ("phlebotomy technician",),
        ),
        (
            "Dental assistants, also called dental aides, schedule appointments and take x-rays.",
            "dental assistant",
            ("dental aide",),
        ),
    ],
)
def test_the_names_after_also_called_end_where_the_sentence_goes_on(sentence, role, names):
    """Whatever verb follows them: the names stop at their last occupation word."""
    assert stated_names(sentence, role) == names


def test_a_line_listing_other_names_gives_them_to_the_role():
    text = "Net Mending Technician\n\nAlso called: net repair technician, NMT aide.\n\nWhat they do"
    assert stated_names(text, "net mending technician") == ("net repair technician", "NMT aide")


def test_a_question_s_short_form_of_the_role_s_name_is_taken_out_with_it():
    from ingest.names import without_names

    question = "what does a vet assistant do at the clinic?"
    assert without_names(question, ["Veterinary Assistant"], shortened=True) == (
        "what does a do at the clinic?"
    )
    assert without_names(question, ["Veterinary Assistant"]) == question


def test_a_title_joining_two_fields_is_one_name_and_its_doers_are_short_forms():
    from ingest.occupations import occupation_phrases

    title = "Medical Billing and Coding Specialist - Brightwater Clinic Group"
    assert [p for p, _, _ in occupation_phrases(title)] == ["Medical Billing and Coding Specialist"]
    two = "Dental Hygienist and Dental Assistant"
    assert [p for p, _, _ in occupation_phrases(two)] == ["Dental Hygienist", "Dental Assistant"]
    assert {"medical coder", "coder"} <= set(short_forms("Medical Billing and Coding Specialist"))


def test_a_two_letter_abbreviation_is_taken_out_of_a_question_only():
    from ingest.names import without_names

    assert without_names("what does an RT do all day", ["RT"], shortened=True) == (
        "what does an do all day"
    )
    assert without_names("what does an RT do all day", ["RT"]) == "what does an RT do all day"


def test_other_names_listed_after_a_sentence_on_the_same_line_are_the_roles():
    text = "# Net Menders\n\nPart of the Harbour Handbook. Also called: NM, net repair tech.\n"
    assert stated_names(text, "net mender") == ("NM", "net repair tech")


def test_a_role_a_text_mostly_abbreviates_is_named_by_its_spelled_out_name():
    from ingest.roles import derive_role

    text = (
        "EMT OR PARAMEDIC? A GUIDE\n\nMost start as an Emergency Medical Technician (EMT). "
        "EMTs answer calls. An EMT drives the ambulance. An EMT earns less than a paramedic.\n"
    )
    role = derive_role(text, [], "EMT OR PARAMEDIC? A GUIDE", "emt-guide")
    assert role.name == "Emergency Medical Technician" and "EMT" in role.stated


def test_a_role_is_named_by_the_first_heading_naming_a_job_below_a_schools_name():
    from ingest.roles import derive_role

    text = (
        "HARBOUR VALLEY COMMUNITY COLLEGE\n\nWorkforce Office\n\nNet Repair Technician Program\n\n"
        "Q: What does a net repair technician do?\nA: Technicians patch nets. A technician works "
        "on piers, and technicians log repairs. Freelance technicians set their own hours.\n"
    )
    headings = [
        "HARBOUR VALLEY COMMUNITY COLLEGE",
        "Workforce Office",
        "Net Repair Technician Program",
    ]
    role = derive_role(text, headings, "", "harbour-faq")
    assert role.name == "Net Repair Technician"


def test_other_names_end_where_a_clause_begins():
    text = (
        "Net mending and splicing technicians, often called splice techs, work under the "
        "direction of riggers and harbour engineers."
    )
    assert stated_names(text, "net mending and splicing technician") == ("splice tech",)


def test_names_a_reader_may_know_the_role_by_are_its_names():
    text = "Net technicians (you may know them as net techs or mesh inspectors) work on the pier."
    assert stated_names(text, "net technician") == ("net tech", "mesh inspector")


def test_a_one_word_title_around_an_occupation_word_names_the_role():
    from ingest.roles import derive_role

    text = (
        'NETTOTECHNICIAN (NT)\nCareer notes\n\nA nettotechnician (often just "nettotech") '
        "mends nets. Net technicians, rope technicians and dock technicians work nearby.\n"
    )
    role = derive_role(text, [], "NETTOTECHNICIAN (NT)", "career-notes")
    assert role.name == "Nettotechnician"
    assert {"NT", "nettotech"} <= set(role.stated)


def test_a_title_with_a_possessive_occupation_names_it_and_the_names_meaning_the_same_job():
    from ingest.roles import derive_role

    text = (
        "# So You Want to Be a Pilot's Aide? 9 Questions\n\nPilot's aide, deck assistant "
        'and deck paraprofessional ("deckpara" for short) all mean roughly the same job. '
        "Harbourside's official title is Senior Deck Paraprofessional. Aides coil lines.\n"
    )
    role = derive_role(text, ["So You Want to Be a Pilot's Aide? 9 Questions"], "", "faq")
    assert role.name == "Pilot's Aide"
    assert {"deck assistant", "deckpara", "Senior Deck Paraprofessional"} <= set(role.stated)


def test_the_file_name_gives_a_role_the_text_only_clips_and_a_vet_clinic_is_no_vet():
    from ingest.roles import derive_role

    text = (
        "# Working the Desk at a Vet Clinic\n\nMost people know the job as a vet receptionist. "
        "A vet receptionist answers phones. Our vet receptionists book visits.\n"
    )
    role = derive_role(text, ["Working the Desk at a Vet Clinic"], "", "veterinary-receptionist")
    assert role.name == "Veterinary Receptionist" and "vet receptionist" in role.stated


@pytest.mark.parametrize(
    "text, role, names",
    [
        # markup around the label, an item that is no name, brackets after items
        (
            "**Also called:** NM, net menders' aide, remendador/a, harbour net representative "
            "(HNR), splice navigator (in some ports)\n",
            "net mender",
            ("NM", "net menders' aide", "harbour net representative", "HNR", "splice navigator"),
        ),
        # quotes and "simply", then a clause that names other jobs
        (
            'Net technicians, also known as a rope tech or simply a "splice tech", support the '
            "riggers, deck officers and harbour engineers.",
            "net technician",
            ("rope tech", "splice tech"),
        ),
        # the subject a clipped form of the role's name
        (
            "Net lab assistants, also called line processors or net lab aides, keep the loft "
            "running.",
            "net laboratory assistant",
            ("Net lab assistant", "line processor", "net lab aide"),
        ),
        # a second cue inside the first list
        (
            "Net technicians (often shortened to NT, and sometimes called splice workers or "
            "rope technicians) work on the pier.",
            "net technician",
            ("NT", "splice worker", "rope technician"),
        ),
        # a nickname in quotes after a second cue
        (
            'Net technicians, known everywhere as NTs and often just called "netter", mend.',
            "net technician",
            ("NT", "netter"),
        ),
        # the job's names, whoever says them
        (
            'The job is sometimes called a net aide. Everybody just says "netter".',
            "net technician",
            ("net aide", "netter"),
        ),
        # an abbreviation of the name's last words
        (
            "We call the job harbour client service representative (CSR), but most people know "
            "it as a net technician.",
            "net technician",
            ("harbour client service representative", "CSR"),
        ),
    ],
)
def test_names_are_read_whatever_marks_and_clauses_surround_them(text, role, names):
    assert stated_names(text, role) == names


def test_a_title_ends_at_its_line_and_occupations_are_known_by_their_endings():
    from ingest.occupations import is_head_noun, occupation_phrases

    text = "# Net Optician\n\nOpticians, also called net dispensers, mend lenses."
    assert [p for p, _, _ in occupation_phrases(text)][:2] == ["Net Optician", "Opticians"]
    assert stated_names(text, "optician") == ("net dispenser",)
    assert all(map(is_head_noun, ["perfusionists", "morticians", "histotechnologist"]))
    assert not any(map(is_head_noun, ["checklist", "assist", "clinic"]))


def test_a_role_the_title_does_not_name_alone_is_the_technician_the_text_names():
    from ingest.roles import derive_role

    text = (
        "HARBOUR CAREERS BULLETIN\nBy a staff writer\n\nThis is the net loft, home to the "
        "net mending technician, known everywhere as a NMT. Most technicians here started "
        "young. A net mending technician patches mesh; technicians log repairs, and the "
        "technician on call covers storms. Net mending technicians earn $19 an hour.\n"
    )
    role = derive_role(text, ["HARBOUR CAREERS BULLETIN"], "", "harbour-bulletin")
    assert role.name == "Net Mending Technician" and "NMT" in role.stated


@pytest.mark.parametrize(
    "text, role, names",
    [
        (
            "Older staff still call the job deck secretary, deck clerk or pier clerk.",
            "harbour unit coordinator",
            ("deck secretary", "deck clerk", "pier clerk"),
        ),
        (
            "Some piers still use the older titles rope clerk or mooring representative.",
            "pier access representative",
            ("rope clerk", "mooring representative"),
        ),
        (
            "Our delivery technicians, often just called NET techs or delivery techs, load boats.",
            "harbour net delivery technician",
            ("NET tech", "delivery tech"),
        ),
    ],
)
def test_names_the_job_goes_by_whoever_the_sentence_is_about(text, role, names):
    assert stated_names(text, role) == names


def test_a_capitalised_name_ending_in_ist_is_no_occupation():
    from ingest.occupations import is_head_noun, singular

    assert is_head_noun("perfusionists") and not is_head_noun("Thorquist")
    assert singular("transcriptionists") == "transcriptionist"
    assert not is_head_noun("checklists")


def test_an_advocate_is_an_occupation_the_file_name_can_name():
    from ingest.roles import derive_role

    text = "# Harbour Advocacy Certificate\n\nA harbour advocate helps crews. Advocates train.\n"
    role = derive_role(text, ["Harbour Advocacy Certificate"], "", "harbour-advocate-program")
    assert role.name == "Harbour Advocate"


def test_what_people_say_is_no_name_unless_a_name_in_quotes_follows():
    text = 'Everyone says the charge nurse runs the floor. Everybody just says "netter".'
    assert stated_names(text, "net technician") == ("netter",)


def test_a_longer_name_the_title_and_file_name_do_not_give_is_no_better_name():
    from ingest.roles import derive_role

    text = (
        "# Caregiving jobs\n\nA caregiver helps clients at home. Caregivers cook. Our "
        "caregivers drive. Unlike a family caregiver, a caregiver is paid.\n"
    )
    assert derive_role(text, ["Caregiving jobs"], "", "caregiving").name == "Caregiver"


@pytest.mark.parametrize(
    "title, headings, text, role, names",
    [
        # a doer no word list holds, named by the title and throughout the text
        (
            "",
            ["HARBOUR WORKS BULLETIN", "DOCK SCHEDULER / BERTH DESK"],
            "DOCK SCHEDULER / BERTH DESK\n\n   Also called:  berth scheduler, pier clerk,\n"
            "                 berth desk coordinator\n\n   Not to be confused with:  crane "
            "operator.\n\nA dock scheduler books berths for arriving ships. Schedulers answer "
            "to the harbour master. Another dock scheduler covers nights.",
            "Dock Scheduler",
            {"berth scheduler", "pier clerk", "berth desk coordinator"},
        ),
        # the page's kind after the title ("Certificate"), a whole name in brackets after it
        (
            "Ferry Deck Monitor Certificate | Harbour College",
            ["Ferry Deck Monitor Certificate"],
            "Ferry deck monitors (also known as deck aides) keep passengers safe. A deck "
            "monitor walks the car deck before every crossing. Monitors never steer.",
            "Ferry Deck Monitor",
            {"deck aide"},
        ),
        (
            "Tide Gauge Worker (Gauge Assistant) - Harbour Careers",
            ["Tide Gauge Worker (Gauge Assistant)"],
            "Tide Gauge Worker (Gauge Assistant)\n\nA tide gauge worker reads the harbour "
            "gauges twice a day. Gauge workers log every reading.",
            "Tide Gauge Worker",
            {"Gauge Assistant"},
        ),
    ],
)
def test_a_title_naming_a_doer_no_word_list_holds_names_the_role(
    title, headings, text, role, names
):
    from ingest.roles import derive_role

    derived = derive_role(text, headings, title, "harbour-page")
    assert derived.name == role
    assert {n.lower() for n in names} <= {n.lower() for n in derived.stated}


@pytest.mark.parametrize(
    "headings",
    [
        ["Harbour Learning Center"],  # a place, not a doer
        ["Winter Newsletter"],
        ["Our Career Center: Open House"],
    ],
)
def test_a_title_ending_in_a_word_like_a_doer_that_names_no_one_names_no_role(headings):
    from ingest.roles import derive_role

    # the text uses the word, as it would a doer's
    text = (
        "Visit the learning center any weekday. Our winter newsletter lists the career center's"
        " hours; the center opens at nine."
    )
    assert derive_role(text, headings, "", "harbour-page") is None


def test_an_acronym_keeps_its_capitals_in_the_role_s_name():
    from ingest.roles import derive_role

    text = (
        "# SONAR TECHNOLOGIST PROGRAM\n\nOur program trains SONAR technologists. A SONAR "
        "technologist runs the sonar rigs."
    )
    role = derive_role(text, ["SONAR TECHNOLOGIST PROGRAM"], "", "harbour-sonar-program")
    assert role.name == "SONAR Technologist"


def test_a_title_naming_only_a_credential_leaves_the_role_to_the_text():
    from ingest.roles import derive_role

    text = (
        "# Kite Rigging Leader Certificate\n\nKite surfing instructors, also known as kite "
        "coaches, teach beginners on the beach. The Kite Rigging Leader Certificate takes 6 "
        "weeks and prepares you for the Certified Kite Rigging Leader (CKRL) exam. Most kite "
        "surfing instructors work summers."
    )
    role = derive_role(text, ["Kite Rigging Leader Certificate"], "", "kite-rigging-school")
    assert role.name == "Kite Surfing Instructor"
