"""`careerbot ingest`, killed with SIGKILL just before its Nth write to the database or the
store.

python -m tests.crashing_ingest N [careerbot args...]  ->  with N = 0 it runs to the end and
prints how many writes it made; otherwise the process dies at the start of write N, the way a
power cut or the OOM killer stops it: no clean-up, no exception handler, no lock release.
"""

import os
import signal
import sys

from db.documents import Documents
from ingest.store import Store

WRITES = {
    Documents: ("put", "delete"),  # the kb/ folder into the database
    Store: ("upsert", "put_documents", "delete_stale", "drop_documents", "write_state"),
}


def main() -> None:
    kill_at = int(sys.argv[1])
    count = 0

    def counted(name, real):
        def write(self, *args, **kwargs):
            nonlocal count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, *args, **kwargs)

        return write

    for owner, names in WRITES.items():
        for name in names:
            setattr(owner, name, counted(name, getattr(owner, name)))
    from careerbot.cli import main as careerbot

    try:
        careerbot(sys.argv[2:] or ["ingest"], standalone_mode=False)
    finally:
        print(f"writes={count}", file=sys.stderr)


if __name__ == "__main__":
    main()
