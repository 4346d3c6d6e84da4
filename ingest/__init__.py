"""Ingestion: role documents in kb/ -> chunks and units -> vectors in Chroma.

The public API is `ingest.pipeline.ingest_kb` with `ingest.store.Store` and
`ingest.embedding.make_embedder`; they are imported from their modules so that a quick
check of the store never loads the embedding stack.
"""
