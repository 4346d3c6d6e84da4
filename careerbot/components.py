"""Builds the parts of each step from the one Settings object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerbot.settings import Settings
from ingest.store import Store

if TYPE_CHECKING:
    from ingest.embedding import MiniLMEmbedder


def make_store(settings: Settings) -> Store:
    return Store(
        settings.data_dir, chroma_url=settings.chroma_url, prefix=settings.ingest.collection_prefix
    )


def make_embedder(settings: Settings) -> MiniLMEmbedder:
    from ingest.embedding import MiniLMEmbedder

    return MiniLMEmbedder(
        settings.ingest.embedding_model,
        batch_size=settings.ingest.batch_size,
        backend=settings.ingest.embedding_backend,
    )
