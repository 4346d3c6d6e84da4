"""Which roles a question names, as a job seeker types them, near-namesakes told apart."""

import pytest

from bot.roles import RoleCatalog
from ingest.store import DocRecord

TECH = "Occupational Therapy Technician"
ASSISTANT = "Occupational Therapist Assistant"


def record(doc_id, role, aliases, guessed=(), source="metadata") -> DocRecord:
    return DocRecord(
        doc_id, role, role, "|".join(aliases), "guide", f"{doc_id}.md", "", "markdown", "h",
        1, 1, 1, 0.0, guessed="|".join(guessed), role_source=source,
    )  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> RoleCatalog:
    return RoleCatalog(
        [
            record("tech", TECH, ["OT tech", "OT technician", "OTT", "occupational therapy tech"]),
            record(
                "assistant",
                ASSISTANT,
                ["OTA", "OT assistant", "occupational therapy assistant", "COTA"],
            ),
            # near-namesakes whose names come from their text, with guessed short forms
            record("pta", "Physical Therapist Assistant", ["PTA"], ["PT assistant"], "text"),
            record("aide", "Physical Therapy Aide", ["PT tech"], ["PT aide", "PTA"], "text"),
            record("ot-aide", "Occupational Therapy Aide", [], ["OT aide", "OTA"], "text"),
            record("cna", "Certified Nursing Assistant", ["CNA", "nurse aide"], [], "text"),
            record("da", "Dental Assistant", ["DA"]),
            record("dh", "Dental Hygienist", ["hygienist"]),
            record("phleb", "Phlebotomy Technician", ["phlebotomist"], [], "text"),
        ]
    )


def roles_in(catalog, question):
    return [r.name for r in catalog.read(question).roles]


@pytest.mark.parametrize(
    "question, role",
    [
        ("What does an OT tech do?", TECH),
        ("how much do ot techs make", TECH),
        ("ocupational therapy tecnician salary", TECH),
        ("occ therapy tech work environment", TECH),
        ("What license does an OTA need?", ASSISTANT),
        ("OTAs and their benefits", ASSISTANT),
        ("COTA requirements", ASSISTANT),
        ("occupational therapist asistant duties", ASSISTANT),
        ("what does an occupational therapy assistant earn", ASSISTANT),
        ("do CNAs work nights?", "Certified Nursing Assistant"),
        ("what do phlebotomists earn", "Phlebotomy Technician"),
    ],
)
def test_roles_are_found_by_name_alias_abbreviation_plural_and_typo(catalog, question, role):
    assert roles_in(catalog, question) == [role]


def test_a_stated_name_beats_a_guessed_one_two_roles_share(catalog):
    # "PTA" is the assistant's own abbreviation and only a guess for the aide
    assert roles_in(catalog, "how much do PTAs make?") == ["Physical Therapist Assistant"]
    assert roles_in(catalog, "what does a PT aide do?") == ["Physical Therapy Aide"]
    # the metadata's "OTA" beats the OT aide's guessed one
    assert roles_in(catalog, "is an OTA licensed?") == [ASSISTANT]


def test_a_partial_name_two_roles_end_in_is_ambiguous(catalog):
    named = catalog.read("what does a therapy aide do?")
    assert named.roles == ()
    [(typed, roles)] = named.ambiguous
    assert typed == "therapy aide"
    assert {r.name for r in roles} == {"Physical Therapy Aide", "Occupational Therapy Aide"}


def test_a_field_named_for_its_work_names_its_roles(catalog):
    assert roles_in(catalog, "skills needed for phlebotomy work") == ["Phlebotomy Technician"]
    [(field, roles)] = catalog.read("is certification required for dental jobs?").ambiguous
    assert field == "dental" and {r.name for r in roles} == {"Dental Assistant", "Dental Hygienist"}


def test_a_field_inside_the_name_of_another_occupation_names_no_role(catalog):
    named = catalog.read("how much do dental lab techs make?")
    assert not named.roles and not named.ambiguous and named.others == ("dental lab techs",)


def test_each_field_a_name_joins_with_and_names_the_role():
    coder = record("coder", "Medical Billing and Coding Specialist", [], ["coder"], "text")
    catalog = RoleCatalog([coder, record("da", "Dental Assistant", ["DA"])])
    assert roles_in(catalog, "is there a sign on bonus for the coding job") == [
        "Medical Billing and Coding Specialist"
    ]
    assert roles_in(catalog, "billing jobs near me, what do they pay?") == [
        "Medical Billing and Coding Specialist"
    ]
    # misspelt, and with the job word a little further on
    assert roles_in(catalog, "is medical codeing a growing field?") == [
        "Medical Billing and Coding Specialist"
    ]
    # a word of the field in passing is no mention of the job
    pharmacy = record("pharm", "Pharmacy Technician", ["pharmacy tech"])
    catalog = RoleCatalog([coder, pharmacy])
    assert roles_in(catalog, "does a pharmacy technician handle insurance billing?") == [
        "Pharmacy Technician"
    ]


def test_two_roles_in_one_question(catalog):
    assert set(roles_in(catalog, "difference between an OT tech and an OTA?")) == {TECH, ASSISTANT}


@pytest.mark.parametrize(
    "question, other",
    [
        ("How much does a registered nurse make?", "registered nurse"),
        ("What does an occupational therapist earn?", "occupational therapist"),
        ("what does a physical therapist do?", "physical therapist"),
        ("software engineer salary", "software engineer"),
        ("is that the same job as a pharmacy aide?", "pharmacy aide"),
    ],
)
def test_other_occupations_are_not_mistaken_for_near_namesakes(catalog, question, other):
    named = catalog.read(question)
    assert named.roles == () and named.others == (other,)


def test_a_named_occupation_outweighs_a_bare_head_word(catalog):
    named = catalog.read("Salary of an occupational therapist? Not the assistant or the aide.")
    assert named.roles == () and named.others == ("occupational therapist",)


def test_a_bare_word_many_roles_end_in_is_ambiguous_among_them(catalog):
    [(word, roles)] = catalog.read("what do assistants earn?").ambiguous
    assert word == "assistants" and len(roles) == 4


@pytest.mark.parametrize(
    "question",
    [
        "I'm a career counselor: what do OT techs earn?",
        "I've been a home caregiver for 3 years, does that count toward OT tech jobs?",
        "I worked as a cashier before, what do OT techs earn?",
    ],
)
def test_who_asks_is_not_what_is_asked_about(catalog, question):
    named = catalog.read(question)
    assert [r.name for r in named.roles] == [TECH] and named.others == ()


@pytest.mark.parametrize(
    "question",
    [
        "how much would an OT tech make if I worked as a registered nurse instead?",
        "is it better to work as a registered nurse or an OT tech?",
    ],
)
def test_an_occupation_asked_about_is_not_taken_for_the_askers_past(catalog, question):
    assert "registered nurse" in catalog.read(question).others


@pytest.mark.parametrize(
    "question, subject",
    [
        ("is welding a growing field?", "welding"),
        ("is cosmetology a good career?", "cosmetology"),
        ("is healthcare a growing field?", None),  # the knowledge base's own field
    ],
)
def test_a_field_the_knowledge_base_does_not_hold_is_named_as_such(catalog, question, subject):
    assert catalog.unknown_subject(question) == subject


def test_a_clipped_name_is_the_one_role_whose_name_it_fits():
    catalog = RoleCatalog(
        [
            record("cv", "Cardiovascular Technologist", [], [], "text"),
            record("ekg", "EKG Technician", ["ECG technician"], [], "text"),
            record("ct1", "Computed Tomography Technologist", [], [], "text"),
            record("ct2", "Cardiac Telemetry Technician", [], [], "text"),
        ]
    )
    assert [r.name for r in catalog.read("what does a cv tech do?").roles] == [
        "Cardiovascular Technologist"
    ]
    # two roles fit "ct": neither is guessed
    assert not catalog.read("how much do ct techs make?").roles
    # a word is no clipped name: "lab techs" are no one's here
    assert catalog.read("how much do lab techs make?").others == ("lab techs",)


def test_a_field_s_later_word_clipped_is_still_the_field():
    catalog = RoleCatalog(
        [
            record("da", "Dental Assistant", ["DA"]),
            record("dh", "Dental Hygienist", ["hygienist"]),
            record("dlt", "Dental Laboratory Technician", [], [], "text"),
        ]
    )
    assert [r.name for r in catalog.read("what skills do u need for dental lab work").roles] == [
        "Dental Laboratory Technician"
    ]
    [(field, roles)] = catalog.read("is certification required for dental jobs?").ambiguous
    assert field == "dental" and {r.name for r in roles} == {"Dental Assistant", "Dental Hygienist"}


def test_a_name_without_its_first_word_is_the_one_role_it_ends():
    catalog = RoleCatalog(
        [
            record("ppt", "Pharmacy Purchasing Technician", ["pharmacy buyer"], [], "text"),
            record("pt", "Pharmacy Technician", ["CPhT"], [], "text"),
        ]
    )
    assert [r.name for r in catalog.read("what does a purchasing tech do?").roles] == [
        "Pharmacy Purchasing Technician"
    ]


def test_only_a_title_that_puts_two_jobs_side_by_side_speaks_of_both():
    from ingest.store import DocRecord

    def titled(doc_id, title, role):
        return DocRecord(
            doc_id, title, role, "", "guide", f"{doc_id}.md", "", "markdown", "h", 1, 1, 1, 0.0
        )

    catalog = RoleCatalog(
        [
            titled("emt", "EMT or Paramedic? A guide", "Emergency Medical Technician"),
            titled("aide", "From Cashier to Pharmacy Aide: A Starter Guide", "Pharmacy Aide"),
        ]
    )
    assert [r.name for r in catalog.titled("paramedic")] == ["Emergency Medical Technician"]
    assert catalog.titled("cashier") == ()


def test_a_clipped_name_s_letters_start_its_words_or_its_word_parts():
    catalog = RoleCatalog(
        [
            record("emt", "Emergency Medical Technician", ["EMT"], [], "text"),
            record("cv", "Cardiovascular Technologist", [], [], "text"),
        ]
    )
    assert not catalog.read("what does an eeg tech do?").roles  # e-e-g is no Emergency Medical
    assert [r.name for r in catalog.read("cv tech pay").roles] == ["Cardiovascular Technologist"]


def test_a_name_with_two_letters_swapped_is_the_role_and_a_vet_before_a_noun_is_no_vet():
    catalog = RoleCatalog([record("optician", "Optician", ["dispensing optician"], [], "text")])
    assert catalog.unknown_subject("what does an opticain do at work") is None
    assert catalog.unknown_subject("what does an opticial do at work") == "opticial"
    assert [r.name for r in catalog.read("what does an opticain do at work").roles] == ["Optician"]
    # an eye doctor's office is where the optician works, not a job asked about
    assert catalog.read("do opticians make more at a store or an eye doctors office").others == ()
    # "vet front desk": the veterinary front desk; "vets" alone are veterinarians
    assert catalog.read("vet front desk pay per hour").others == ()
    assert catalog.read("how much do vets make").others == ("vets",)
    assert catalog.read("do opticians need a drivers license").others == ()
    # another occupation's licence, or its office with no role named, is that occupation
    assert catalog.read("do i need an electrician license").others == ("electrician",)
    assert catalog.read("how much does a chiropractor office pay").others == ("chiropractor",)
    assert catalog.read("the vet examines the dog").others == ("vet",)


def test_a_name_one_role_has_and_another_s_clipped_fits_both():
    catalog = RoleCatalog(
        [
            record("aide", "Physical Therapy Aide", ["rehab aide"], [], "text"),
            record("rehab", "Rehabilitation Technician", ["rehabilitation aide"], [], "text"),
        ]
    )
    named = catalog.read("rehab aide job duties?")
    assert [(w, {r.name for r in rs}) for w, rs in named.ambiguous] == [
        ("rehab aide", {"Physical Therapy Aide", "Rehabilitation Technician"})
    ]
    # a misspelling is no clipping: "rehabilitaton aide" is the technician's name alone
    assert [r.name for r in catalog.read("rehabilitaton aide duties").roles] == [
        "Rehabilitation Technician"
    ]


def test_the_people_of_a_role_s_field_are_the_role():
    catalog = RoleCatalog(
        [
            record("nm", "Net Mending Technician", [], [], "text"),
            record("ha", "Hearing Aid Specialist", [], [], "text"),
        ]
    )
    assert [r.name for r in catalog.read("do hearing aid people get commission").roles] == [
        "Hearing Aid Specialist"
    ]


def test_two_documents_naming_each_other_s_role_as_their_own_are_one_job():
    catalog = RoleCatalog(
        [
            record("a", "Net Mender", ["net repairer", "rope mender"], [], "text"),
            record("b", "Net Repairer", ["net mender"], [], "text"),
            # one-way: a guide that names another job as its own other name stays apart
            record("c", "Rope Splicer", ["net mender"], [], "text"),
        ]
    )
    menders = catalog.read("how much do net menders make").roles
    assert [(r.name, set(r.doc_ids)) for r in menders] == [("Net Mender", {"a", "b"})]
    assert [r.name for r in catalog.read("what does a rope splicer do").roles] == ["Rope Splicer"]


def test_a_clipped_name_with_another_head_word_adds_no_second_role():
    catalog = RoleCatalog(
        [
            record("tech", "Veterinary Technician", ["vet tech"], [], "text"),
            record("tgist", "Veterinary Technologist", [], [], "text"),
        ]
    )
    named = catalog.read("how much do vet techs make")
    assert [r.name for r in named.roles] == ["Veterinary Technician"] and not named.ambiguous
