"""Give freed memory back to the system after the app drops large arrays; keep the garbage
collector off the objects that live as long as the app.

Saving a digit rebuilds the training set and its split (tens of MB), and glibc keeps the freed
blocks for reuse rather than returning them, so over an hour of saving the resident size only
grew although the memory in use stayed flat. After such a rebuild, and when scenes change, the
app asks the C library to hand back what it no longer uses; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc: no malloc_trim, nothing to do
        return None


def release_freed_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)


def freeze_long_lived() -> None:
    """Once the app is up: collect what start-up left, then move every object alive now out
    of the collector's sight (`gc.freeze`). The widgets, fonts, caches and arrays' wrappers of
    a running app are some 43,000 objects, and each full collection walked them all: 11-13 ms
    on one frame every half minute or so in the soak, 1.3-1.7 ms frozen, since a full
    collection then walks only what came later. What they refer to is still freed by
    reference counting when dropped; a cycle among them waits for `thaw`."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """The app has stopped: hand the frozen objects back to the collector (a process that
    runs more than one app, a test run, frees the earlier ones' cycles)."""
    gc.unfreeze()
