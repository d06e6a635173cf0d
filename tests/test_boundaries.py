"""The core and the file code need no window: nothing under playground/core or playground/files
imports pygame, directly or through another module, so the maths tests run in milliseconds and a
notebook can train a network without a display. And importing the network leaves BLAS threads as
the importer set them; only the app's start limits them to one (`playground.blas`)."""

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


def _run_python(code: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "2"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=env)


def test_importing_nn_leaves_blas_threads_alone_and_loads_no_pygame():
    _run_python(
        "import sys, numpy, threadpoolctl\n"
        "before = threadpoolctl.threadpool_info()\n"
        "assert any(i['num_threads'] == 2 for i in before if i['user_api'] == 'blas'), before\n"
        "import playground.core.nn\n"
        "assert 'pygame' not in sys.modules\n"
        "assert threadpoolctl.threadpool_info() == before\n"
    )


def test_the_app_start_limits_blas_to_one_thread():
    _run_python(
        "import threadpoolctl, playground.cli as cli\n"
        "cli._run = lambda args: 0  # the start path up to building the app\n"
        "assert cli.main(['--headless', '--frames', '1']) == 0\n"
        "info = threadpoolctl.threadpool_info()\n"
        "blas = [i['num_threads'] for i in info if i['user_api'] == 'blas']\n"
        "assert blas and all(n == 1 for n in blas), info\n"
    )
