"""Start-up time for `python -m playground.bench`: from process start to the first frame.

The whole figure is the wall time of `main.py --headless --frames 1` in a fresh process (the
starter set loaded and prepared, one frame drawn, then exit), the best and the median of a few
runs. The split comes from a second fresh process that does the same work in the same order
with a stopwatch between the phases, so a slow start can be traced to imports, the starter set,
its preprocessing, the app and its widgets, or the first frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAIN = Path(__file__).resolve().parents[2] / "main.py"
RUNS = 5

# Run in the child: each phase timed in the order main.py meets it.
_PHASES = """
import time, json, sys
t = [time.perf_counter()]
import numpy; t.append(time.perf_counter())
import pygame; t.append(time.perf_counter())
import pygame_gui; t.append(time.perf_counter())
import playground.ui.app, playground.core.session; t.append(time.perf_counter())
from pathlib import Path
from playground.core.settings import Settings
from playground.core.data.starter import load_starter
from playground.core.data.preprocess import prepare
images, labels = load_starter(); t.append(time.perf_counter())
settings = Settings()
prepare(images, settings.normalize, settings.deskew); t.append(time.perf_counter())
session = playground.core.session.Session(settings, Path(sys.argv[1]))
t.append(time.perf_counter())
app = playground.ui.app.App(session); t.append(time.perf_counter())
app.step(); t.append(time.perf_counter())
names = ["numpy", "pygame", "pygame_gui", "playground modules", "starter load",
         "starter preprocessing", "session (load, prepare, split)", "app and widgets",
         "first frame"]
print(json.dumps({n: round((b - a) * 1000, 1) for n, a, b in zip(names, t, t[1:])}))
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(MAIN.parent), env.get("PYTHONPATH")]))
    return env


def startup(runs: int = RUNS) -> dict:
    """Best and median seconds to the first frame, and one run's split in milliseconds.
    (The session phase repeats the starter load and preprocessing: it is the app's real path,
    the two phases before it show what that path is made of.)"""
    env = _environment()
    times = []
    with tempfile.TemporaryDirectory() as samples:
        command = [sys.executable, str(MAIN), "--headless", "--frames", "1", "--samples", samples]
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        phases = subprocess.run(
            [sys.executable, "-c", _PHASES, samples],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    times.sort()
    return {
        "seconds_best": round(times[0], 3),
        "seconds_median": round(times[len(times) // 2], 3),
        "runs": runs,
        "split_ms": json.loads(phases.stdout.strip().splitlines()[-1]),
    }


def startup_text(r: dict) -> list[str]:
    split = ", ".join(f"{name} {ms:.0f}" for name, ms in r["split_ms"].items())
    return [
        f"start to first frame (main.py --headless --frames 1, 10,000 starter digits): best "
        f"{r['seconds_best']:.2f} s, median {r['seconds_median']:.2f} s of {r['runs']} runs",
        f"  split in ms: {split}",
    ]
