"""What the application database costs: opening it, taking a kb/ folder in, listing documents
for an ingest, storing an upload, taking the ingest lock. Prints figures; asserts nothing.

python -m benchmarks.database [--documents 1000] [--postgres-url postgresql://...]
(SQLite in a temp dir always; PostgreSQL too when a URL of an empty database is given.)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(url: str | None, corpus: Path, work: Path) -> dict:
    from db import open_database
    from ingest.folder_sync import sync_folder
    from ingest.manage import add_files
    from ingest.sources import DatabaseSource, FolderSource

    started = time.perf_counter()
    database = open_database(url, work)
    first_open = time.perf_counter() - started
    again_open = _best(lambda: open_database(url, work).dispose())
    started = time.perf_counter()
    sync_folder(corpus, database, work, 10**8)
    first_sync = time.perf_counter() - started
    unchanged_sync = _best(lambda: sync_folder(corpus, database, work, 10**8), repeat=3)
    listing = _best(lambda: DatabaseSource(database).entries())
    folder_listing = _best(lambda: FolderSource(corpus).entries())
    one = next(corpus.glob("*.md"))
    data = one.read_bytes()
    uploads = []
    for n in range(20):
        started = time.perf_counter()
        add_files(database, [(f"upload-{n}.md", data)], 10**8, by="benchmark")
        uploads.append(time.perf_counter() - started)
    lock = database.ingest_lock("ingest:benchmark")

    def take_lock() -> None:
        with lock.hold(0):
            pass

    return {
        "backend": "postgresql" if database.is_postgres else "sqlite",
        "documents": len(DatabaseSource(database).entries()),
        "open_new_s": round(first_open, 3),
        "open_existing_s": round(again_open, 4),
        "sync_folder_first_s": round(first_sync, 2),
        "sync_folder_unchanged_s": round(unchanged_sync, 3),
        "list_for_ingest_s": round(listing, 4),
        "list_folder_for_ingest_s": round(folder_listing, 4),
        "upload_median_ms": round(statistics.median(uploads) * 1000, 1),
        "ingest_lock_take_and_release_ms": round(_best(take_lock, 20) * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--postgres-url", help="an empty PostgreSQL database to measure too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        generate(corpus, args.documents, seed=3)
        size = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        print(f"{args.documents} synthetic documents, {size:.1f} MB")
        print(measure(None, corpus, Path(tmp) / "sqlite"))
        if args.postgres_url:
            print(measure(args.postgres_url, corpus, Path(tmp) / "postgres"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
