"""Topics of headings from documents of many shapes: the word lists alone, and with the model."""

import yaml

from ingest.topics import TopicModel, heading_topics
from tests.conftest import FIXTURES

HEADINGS = yaml.safe_load((FIXTURES / "topic_headings.yaml").read_text())


def accuracy(predict) -> float:
    """|headings whose first predicted topic is one of their labels| / |headings|"""
    right = 0
    for row in HEADINGS:
        got = predict(row["heading"])
        right += bool(got) and got[0] in row["topics"]
    return right / len(HEADINGS)


def test_the_model_reads_headings_the_word_lists_miss(embedder):
    model = TopicModel(embedder.encode)
    by_model = model.headings([r["heading"] for r in HEADINGS])
    with_model = accuracy(lambda h: by_model[h])
    alone = accuracy(heading_topics)
    print(f"\nheading topics: word lists {alone:.2f}, with the model {with_model:.2f}")
    assert with_model >= 0.8
    assert with_model >= alone + 0.2
    assert by_model["How to Become One"][0] == "education"
    assert by_model["What we offer"][0] == "benefits"
