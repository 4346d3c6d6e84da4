"""The two embedding backends compute the same model, offline."""

import numpy as np
import pytest

from ingest.embedding import BACKENDS, make_embedder
from ingest.errors import IngestError

TEXTS = [
    "Occupational therapy technicians help patients practise daily living skills.",
    "Pay Range: $30,000 minimum to $45,000 maximum",
    "401(k)",
]


def test_vectors_are_unit_length_and_in_input_order(embedder):
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # the same text alone gives the same vector: sorting by length must not mix rows up
    assert np.allclose(embedder.encode([TEXTS[2]])[0], vectors[2], atol=1e-4)


def test_unknown_backend_lists_the_known_ones():
    with pytest.raises(IngestError, match="known: " + ", ".join(BACKENDS)):
        make_embedder("tensorflow")


@pytest.mark.slow
def test_onnx_int8_agrees_with_sentence_transformers():
    onnx = make_embedder("onnx-int8").encode(TEXTS)
    torch = make_embedder("torch").encode(TEXTS)
    assert np.all(np.sum(onnx * torch, axis=1) > 0.99)
    assert make_embedder("onnx-int8").model_id != make_embedder("torch").model_id
