"""What the benchmarks measure with, shared by bench, bench_soak and bench_training (so none
of them imports another's private helpers): a percentile, the process's resident memory, and a
person's busy-ness to keep a scene doing what it does while timed.
"""

from __future__ import annotations

import math
import os
import resource
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile as one of the measured values (nearest rank, never interpolated)."""
    import numpy as np  # here, not at the top: main() sets OPENBLAS_NUM_THREADS before numpy loads

    return float(np.percentile(values, q, method="inverted_cdf"))


def keep_busy(app, scene: str, frame: int) -> None:
    """Keep the scene as busy as a person would: the draw scene gets a stroke in progress, and
    an explain page with a race (the learning-rate page) keeps one running."""
    if scene == "explain":
        race = getattr(app.scene.page, "race", None)
        if race is not None and (race.runs is None or race.runs.done):
            race.start()
        keep_running = getattr(app.scene.page, "keep_running", None)  # the what-works page
        if keep_running is not None:
            keep_running()
    if scene != "draw":
        return
    canvas = app.session.canvas
    t = frame % 120
    x, y = 14 + 8 * math.cos(t / 19), 14 + 9 * math.sin(t / 13)
    if t == 0:
        canvas.clear()
        canvas.begin_stroke(x, y)
    else:
        canvas.extend_stroke(x, y)


def resident_mb() -> float:
    """Resident memory of this process now (peak resident where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
