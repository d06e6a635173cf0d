"""Open a file the user handed over (a sample in the folder, a dropped picture) for reading,
without ever waiting on it.

A named pipe or a device can sit among a user's files under an innocent name like `7.png`;
a plain open() of a pipe waits for a writer that never comes, and the app would freeze at
start-up. Opening without blocking and refusing anything that is not a regular file turns
that into one more file skipped with a reason.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: Path) -> BinaryIO:
    """A binary reading handle on `path`; OSError if it cannot be opened or is not a file."""
    fd = os.open(path, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "a folder, pipe or device, not a regular file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
