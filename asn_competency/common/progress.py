"""Progress of long work (seeding, imports) on the terminal."""

import sys

from tqdm import tqdm


def progress(iterable, *, desc: str, total: int | None = None):
    """Wrap an iterable in a progress bar on stderr (quiet when not a terminal)."""
    return tqdm(
        iterable, desc=f"  {desc}", total=total, unit="", leave=True, file=sys.stderr, disable=None, dynamic_ncols=True
    )
