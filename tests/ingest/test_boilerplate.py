"""Page furniture (menus, banners, calls to action, marketing, lists of links) is not indexed or
quoted, whatever the format; content is."""

import pytest

from ingest.boilerplate import is_boilerplate
from ingest.chunking import chunk_document
from ingest.loaders import load_file
from tests.conftest import FIXTURES, SHIPPED_KB

MULTIROLE = FIXTURES / "multirole"


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to improve your experience and analyze site traffic.",
        "Programs · Admissions · Financial aid · Contact",
        "OpenRoles Job Board  |  Posted 3 days ago  |  Listing #88213",
        "Apply now!",
        "Sign up for job alerts",
        "Immerse yourself further with our salary calculator and see what you could earn.",
        "© 2025 Lindenfield Rehabilitation Center. All rights reserved.",
        "Disclaimer: fictional sample document for software tests, not career advice.",
        "Let’s dive right into it.",
        "Similar Posts",
        "Location: [City, State] (specify the location or indicate if remote)",
        "Here we present a ready-made pharmacy aide posting template, designed for job boards.",
        "We offer you this guide to starting out as a kennel attendant.",
        "Fictional test document: every name, figure and fact here is invented.",
        "*From the Gullport Allied Careers series, updated spring 2026*",
        "Career sheet -- Harbour Career Center        (last reviewed: March 2025)",
        "*Occupational profile from the Harbour Workforce Handbook, 2025 edition*",
    ],
)
def test_page_furniture_is_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Clean and sanitize treatment tables, mats and exercise equipment between patients",
        "Pay for this position is $15.80 to $18.25 per hour, depending on experience.",
        "How to apply: send your resume to the Brightwater hiring team.",
        "Application Instructions: Please submit your resume and a cover letter outlining your "
        "qualifications and experience to [email address or application portal].",
        "Most states require Occupational Therapy Technicians to be licensed or registered.",
        "We offer a 401(k) plan and tuition support for an associate degree program.",
        "Equal Opportunity Statement: We are an equal opportunity employer and do not "
        "discriminate on the basis of age.",
        "The program was updated in 2024 to add a net-splicing course.",
        "Employment is projected to grow 7 percent from 2024 to 2034.",
        "The licensing rules were revised in March 2024.",
        "Study with the 2025 edition of the harbour board's review guide.",
        "A guide from the state board explains the exam.",
    ],
)
def test_content_is_content(line):
    assert not is_boilerplate(line)


def _quotes(path):
    loaded = load_file(path)
    chunks = chunk_document("d", loaded.text, loaded.format)
    return loaded, [u.text for c in chunks for u in c.units if u.kind != "label"]


def test_the_seed_guide_loses_its_marketing_and_link_list_not_its_content():
    loaded, quotes = _quotes(SHIPPED_KB / "occupational-therapy-technician.txt")
    joined = " ".join(quotes)
    for furniture in (
        "Immerse yourself",
        "Reasons to Become",
        "Similar Posts",
        "Leave a Reply",
        "Let’s dive right into it",
        "Your email address will not be published",
    ):
        assert furniture not in joined, furniture
    assert "Pay Range: $30,000 minimum to $45,000 maximum" in quotes


def test_an_html_job_posting_keeps_the_posting_only():
    loaded, quotes = _quotes(MULTIROLE / "physical-therapy-aide-posting.html")
    text = loaded.text
    for furniture in ("We use cookies", "Accept all", "Saved jobs", "Apply now", "job alerts"):
        assert furniture not in " ".join(quotes), furniture
    assert "Escort patients to and from the treatment area" in quotes
    assert "## What you'll do" in text
    assert loaded.title.startswith("Physical Therapy Aide")
