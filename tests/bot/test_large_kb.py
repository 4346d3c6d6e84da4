"""A knowledge base of thousands of roles: refusals and the chat page stay readable."""

from bot.answer import coverage_sentence


def test_a_refusal_names_a_few_roles_and_counts_the_rest():
    names = [f"Synthetic Role {i:05d}" for i in range(10_000)]
    sentence = coverage_sentence(names, ["salary", "duties"])
    assert sentence.startswith("It covers 10,000 role(s), Synthetic Role 00000,")
    assert "and 9,990 more" in sentence
    assert "Synthetic Role 00010" not in sentence
    assert len(sentence) < 500


def test_a_small_knowledge_base_names_every_role():
    sentence = coverage_sentence(["Occupational Therapist Assistant", "Welder"], ["salary"])
    assert sentence == (
        "It covers 2 role(s), Occupational Therapist Assistant and Welder: salary and pay."
    )
