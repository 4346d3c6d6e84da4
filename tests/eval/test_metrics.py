"""Every metric on small hand-made cases, the expected value written as its formula."""

import math

import pytest

from eval import metrics

GOLD = [("tech", "Salary"), ("tech", "Template > Additional Information")]


def test_hit_at_k():
    retrieved = [("tech", "Duties"), ("asst", "Salary"), ("tech", "Salary")]
    assert metrics.hit_at_k(retrieved, GOLD, 2) == 0.0
    assert metrics.hit_at_k(retrieved, GOLD, 3) == 1.0


def test_a_subsection_of_a_gold_section_counts():
    assert metrics.hit_at_k([("tech", "Template > Additional Information > Pay")], GOLD, 1) == 1.0
    assert metrics.hit_at_k([("tech", "Template")], GOLD, 1) == 0.0


def test_recall_at_k():
    retrieved = [
        ("tech", "Salary"),
        ("tech", "Duties"),
        ("tech", "Template > Additional Information"),
    ]
    assert metrics.recall_at_k(retrieved, GOLD, 2) == 1 / 2
    assert metrics.recall_at_k(retrieved, GOLD, 3) == 2 / 2


def test_reciprocal_rank_counts_repeated_sections_once():
    retrieved = [("tech", "Duties"), ("tech", "Duties"), ("tech", "Benefits"), ("tech", "Salary")]
    assert metrics.reciprocal_rank(retrieved, GOLD) == 1 / 3
    assert metrics.reciprocal_rank([("x", "y")], GOLD) == 0.0


def test_ndcg_at_10():
    retrieved = [
        ("tech", "Duties"),
        ("tech", "Salary"),
        ("tech", "Benefits"),
        ("tech", "Template > Additional Information"),
    ]
    dcg = 1 / math.log2(2 + 1) + 1 / math.log2(4 + 1)
    ideal = 1 / math.log2(1 + 1) + 1 / math.log2(2 + 1)
    assert metrics.ndcg_at_k(retrieved, GOLD, 10) == pytest.approx(dcg / ideal)


def test_fact_recall_accepts_any_listed_phrasing_ignoring_case_and_quote_style():
    answer = "They need an Associate's degree [1] and earn $57,620 [2]."
    facts = [["associate’s degree", "associate degree"], ["$57,620"], ["NBCOT"]]
    assert metrics.fact_recall(answer, facts) == 2 / 3
    assert metrics.fact_recall(answer, []) == 1.0


def test_word_count_ignores_citation_markers():
    assert metrics.word_count("Pay Range: $30,000 minimum [1] [2]") == 4


def test_a_quote_not_in_its_source_is_invalid():
    source = "Pay Range: $30,000 minimum to $45,000 maximum\nHealth insurance"
    quotes = ["Pay Range: $30,000 minimum to $45,000 maximum", "Pay Range: $90,000"]
    assert metrics.citation_validity(quotes, [source, source]) == 1 / 2
    assert metrics.citation_validity(["  "], [source]) == 0.0
    assert metrics.citation_validity([], []) == 1.0


def test_citation_precision_checks_each_marker_against_its_passage():
    answer = "- Health insurance [1]\n- Dental insurance [2]\n- A pension [3]"
    quotes = {1: "Health insurance", 2: "Paid time off"}
    # [1] supports its line; [2] does not; [3] cites nothing that exists
    assert metrics.citation_precision(answer, quotes) == 1 / 3


def test_citation_precision_checks_each_claim_against_the_marker_after_it():
    answer = (
        "- **What it is**: Aides run the gym. [1] They work under a therapist. [2]\n"
        "- **Pay**: $20 an hour [3][4]"
    )
    quotes = {1: "Aides run the gym.", 2: "They work under a therapist.", 3: "$20 an hour",
              4: "Paid time off"}  # fmt: skip
    # [1] and [2] each support the sentence they follow; [4] does not support "$20 an hour"
    assert metrics.citation_precision(answer, quotes) == 3 / 4


def test_citation_recall_is_over_facts_the_answer_contains():
    answer = "They earn $57,620 [1] and get dental cover."
    facts = [["$57,620"], ["dental"], ["NBCOT"]]
    assert metrics.citation_recall(answer, facts, ["average of $57,620 (USD) per year"]) == 1 / 2


def test_refusal_precision_and_recall():
    expected = [True, True, False, False]
    refused = [True, False, True, False]
    assert metrics.refusal_precision_recall(expected, refused) == (1 / 2, 1 / 2)
    assert metrics.refusal_precision_recall([False], [False]) == (1.0, 1.0)


def test_percentile_interpolates():
    assert metrics.percentile([10, 20, 30, 40], 50) == 25
    assert metrics.percentile([10, 20, 30, 40], 95) == pytest.approx(30 + 10 * 0.85)


def test_ndcg_with_whole_document_gold_counts_each_gold_entry_once():
    gold = [("doc", "")]
    retrieved = [("doc", "A"), ("doc", "B"), ("other", "C")]
    assert metrics.ndcg_at_k(retrieved, gold, 10) == 1.0
    late = [("other", "C"), ("doc", "A"), ("doc", "B")]
    assert metrics.ndcg_at_k(late, gold, 10) == 1 / math.log2(2 + 1)
