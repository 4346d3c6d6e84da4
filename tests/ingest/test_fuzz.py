"""Random text and random bytes through the loaders and the chunker: no exception escapes,
and every offset slices back to its quote."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_document
from ingest.errors import UnreadableDocument
from ingest.loaders import LOADERS, MARKDOWN, PLAIN, load_bytes

LINES = st.sampled_from(
    [
        "# Heading", "## Duties", "### Salary:", "Title Case Heading Line", "What do they do?",
        "* bullet item", "- another bullet", "  • dotted bullet", "1. numbered item",
        "| a | b |", "|---|---|", "| 1 | $2 |", "```", "Plain sentence. Another one!",
        "e.g. abbreviations i.e. here.", "", " ", "\t", "Ünïcödé text ’quotes’.", "====", "----",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=40).map("\n".join)


def check_offsets(text: str, fmt: str, max_chars: int) -> None:
    for chunk in chunk_document("fuzz", text, fmt, max_chars=max_chars):
        assert text[chunk.start : chunk.end] == chunk.text
        for unit in chunk.units:
            assert text[unit.start : unit.end] == unit.text
            assert unit.text.strip() == unit.text and unit.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, fmt=st.sampled_from([MARKDOWN, PLAIN]), max_chars=st.integers(200, 2000))
def test_chunker_offsets_always_slice_back(text, fmt, max_chars):
    check_offsets(text, fmt, max_chars)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(sorted(LOADERS)))
def test_loaders_either_read_or_refuse_with_a_reason(data, suffix):
    try:
        loaded = load_bytes(data, Path("fuzz" + suffix), max_bytes=1_000_000)
    except UnreadableDocument as exc:
        assert exc.reason
        return
    assert loaded.text.strip()
    check_offsets(loaded.text, loaded.format, 900)


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=3000))
def test_any_text_file_is_read_or_refused(text):
    try:
        loaded = load_bytes(text.encode("utf-8"), Path("fuzz.txt"))
    except UnreadableDocument:
        return
    check_offsets(loaded.text, loaded.format, 900)
