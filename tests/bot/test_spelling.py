"""Misspelt words of a question corrected to the documents' own words (bot.spelling)."""

import subprocess
import sys

from bot.spelling import Lexicon, correct


def test_two_swapped_letters_are_the_closer_word_of_two_as_close():
    # "saftey" is as far from "safely" as from "safety" letter by letter
    words = Lexicon(["safely", "safety", "technician"])
    assert correct(words, "how do I become a saftey tech?") == "how do I become a safety tech?"


def test_words_the_documents_know_and_english_words_are_kept():
    words = Lexicon(["plan", "responsibilities"])
    assert correct(words, "what responsiblities, plain and simple?") == (
        "what responsibilities, plain and simple?"
    )


_CORRECT_IN_A_NEW_PROCESS = """
from bot.spelling import Lexicon, correct
print(correct(Lexicon(["plane", "plain"]), "a plaen answer"))
"""


def test_the_same_word_wins_in_every_process():
    # "plaen" is as close to "plane" as to "plain" by every measure; a set of strings
    # iterates in another order in each process (hash randomisation)
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _CORRECT_IN_A_NEW_PROCESS],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            cwd=".",
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1
