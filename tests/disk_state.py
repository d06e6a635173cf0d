"""What is on disk under a folder, to show that a failure changed nothing there."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (links as links, not followed) and a hash of its content."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            if os.path.islink(path):
                found[path] = "link to " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[path] = hashlib.file_digest(handle, "sha256").hexdigest()
    return found
