"""Frame pacing, injected into the loop so a window, a test and a video share one loop.

A real clock waits for wall-clock deadlines at 60 fps (Clock.tick drifts to ~62 fps); a fixed
clock never waits, so frame N shows the same thing however slow the machine is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from playground.core.settings import FPS

FRAME = 1.0 / FPS
MAX_LAG = 0.25  # after a stall (window minimised, laptop asleep) never try to catch up further


class RealClock:
    """Paces frames against `time.perf_counter` deadlines; `dt` is the app time of a frame."""

    real_time = True  # frames take wall-clock time: what adapts to the machine may measure it

    def __init__(self) -> None:
        self._deadline = time.perf_counter() + FRAME

    def wait(self) -> float:
        now = time.perf_counter()
        if now < self._deadline:
            time.sleep(self._deadline - now)
            self._deadline += FRAME
        elif now - self._deadline > MAX_LAG:
            self._deadline = now + FRAME  # fell far behind: start afresh, don't replay
        else:
            self._deadline += FRAME
        return FRAME


class FixedClock:
    """Never waits: every frame is exactly 1/60 s of app time (headless, tests, video)."""

    real_time = False  # a frame's wall time says nothing: keep to fixed choices, repeatably

    def wait(self) -> float:
        return FRAME


@dataclass
class FrameTiming:
    """Seconds of work in the last frame, split by phase (the benchmark reads this).

    `present` (the flip) is kept apart from `total`: on a real display it can include waiting
    for the screen, which is not work the frame could have saved."""

    events: float = 0.0
    training: float = 0.0
    drawing: float = 0.0
    present: float = 0.0

    @property
    def total(self) -> float:
        return self.events + self.training + self.drawing
