"""Write a file so that readers see either the old contents or the new, never half of it.

Every file the project writes (samples, models, sessions, the starter set) goes through here:
the bytes land in a temporary file in the target's own folder (same filesystem, so the final
rename is atomic) and only a complete file is moved into place with os.replace. On any error
the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _default_mode() -> int:
    """The permission bits a plain open() would give a new file under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary handle; on a clean exit its contents replace `path` in one step."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
