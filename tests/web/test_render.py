"""How answers are drawn: each [n] a named link to its passage, everything else escaped; the
downloaded transcript links each [n] to its source further down."""

from urllib.parse import parse_qs, urlparse

from web.render import answer_html, transcript

CITATION = {
    "n": 1,
    "doc_id": "kelp-farm-technician",
    "title": 'Kelp <b>"Guide"</b>',
    "section": "Salary > Pay",
    "source": "kb/kelp-farm-technician.txt",
    "quote": "Techs earn <script>alert(1)</script> $41,300.",
}
ANSWER = {
    "question": "pay?",
    "answer": "Techs earn $41,300 [1] and more [2].",
    "citations": [CITATION],
}


def test_a_marker_becomes_a_named_link_to_its_passage_and_nothing_runs():
    drawn = answer_html(ANSWER)
    assert "<script>" not in drawn and "<b>" not in drawn
    assert 'title="Source 1: Kelp &lt;b&gt;&quot;Guide&quot;&lt;/b&gt;, Salary &gt; Pay"' in drawn
    href = drawn.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = parse_qs(urlparse(href).query)
    assert urlparse(href).path == "source"  # relative: works under a proxy's path prefix
    assert query == {
        "doc": ["kelp-farm-technician"],
        "section": ["Salary > Pay"],
        "quote": [CITATION["quote"]],
    }
    assert "[2]." in drawn and drawn.count('class="cite"') == 2  # [1] in the text and the list


def test_the_transcript_links_each_marker_to_its_source():
    messages = [
        {"role": "user", "content": "pay?"},
        {"role": "assistant", "content": answer_html(ANSWER)},
    ]
    text = transcript(messages, {"1": ANSWER})
    assert '[\\[1\\]](#answer-1-source-1 "Source 1: ' in text
    assert '<a id="answer-1-source-1"></a>**[1]**' in text
    assert "`kelp-farm-technician.txt`" in text and "class=" not in text
