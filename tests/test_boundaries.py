"""The core and the file code need no window: nothing under playground/core or playground/files
imports pygame, directly or through another module, so the maths tests run in milliseconds and a
notebook can train a network without a display."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WINDOWLESS = ("core", "files")


def _modules() -> list[str]:
    names = []
    for folder in WINDOWLESS:
        for path in sorted((REPO / "playground" / folder).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_no_windowless_source_names_pygame():
    sources = [p for f in WINDOWLESS for p in (REPO / "playground" / f).rglob("*.py")]
    assert len(sources) >= 30
    for source in sources:
        assert not re.search(r"^\s*(import|from)\s+pygame", source.read_text(), re.M), source


def test_importing_every_windowless_module_loads_no_pygame():
    modules = _modules()
    code = "import importlib, sys\n"
    code += "".join(f"importlib.import_module({name!r})\n" for name in modules)
    code += "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pygame')\n"
    code += "assert not loaded, loaded\n"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
