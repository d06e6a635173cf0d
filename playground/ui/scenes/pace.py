"""The train scene's three speeds, as the session's two knobs.

- slow motion: one step every SLOW_FRAMES frames (`session.frames_per_step`), so each step is
  told whole as a 1.5 s story;
- live: one step a frame;
- fast: as many steps a frame as fit, measured as it runs (the `steps_per_frame` setting
  follows the measurement), so the frame rate holds on any machine; under a fixed clock
  (headless, video) it stays at FAST_START so runs repeat exactly. What fits is judged by the
  frame's whole work, not the training alone: training gets FRAME_LIMIT less what the rest of
  the frame (events, the picture, the panel) took lately, so a cheap picture leaves more time
  to train and a costly one less. The rest is held at its recent peak (falling back slowly),
  since a re-bake of the edges or a chart costs a few frames more and those frames must fit
  too; and the session stops a frame's training at its budget however its steps ran, so a
  step that runs late (another process took the core) costs steps, not the frame rate. The
  frames that validate (one in FAST_VALIDATION_FRAMES) train fewer steps by the measured time
  of a validation, so they cost no more than the others.
The speed is read back from the knobs, so a script's `set steps_per_frame 50` shows as fast;
only steps this class chose itself are ever re-fitted, so a script's own number stays put.
"""

from __future__ import annotations

from playground.core.session import Session
from playground.ui.clock import FPS
from playground.ui.render.timeline import STORIES

SPEEDS = ("slow", "live", "fast")
SLOW_FRAMES = round(STORIES["slow"].total * FPS)  # frames per step in slow motion
FAST_START = 24  # steps a frame when fast begins, before anything is measured
FRAME_LIMIT = 0.014  # seconds of work a fast frame may take: 60 fps, less 2.7 ms for jitter
FAST_BUDGET = 0.008  # seconds of training a frame before the rest of the frame is measured
REST_FALL = 0.02  # how fast the held peak of the rest of the frame falls back, per frame
FAST_MOST = 1000  # the steps_per_frame setting's own limit
SETTLE = 0.1  # weight of the newest frame in the measured time per step
SETTLE_VALIDATION = 0.5  # ...and in the time a validation takes (measured 6 times a second)


class Pace:
    def __init__(self, session: Session, adaptive: bool = True) -> None:
        self.session = session
        # False under a fixed clock (headless, video): fast speed then keeps FAST_START steps a
        # frame, so the same script and seed give the same frames on any machine
        self.adaptive = adaptive
        self._per_step: float | None = None  # seconds, smoothed
        self._validation = 0.0  # seconds one validation takes, smoothed
        self._rest: float | None = None  # seconds of the frame's other work, peak held
        self._last_steps: int | None = None  # steps of the last frame, if it trained fast
        self._last_validated = False  # whether the last frame validated
        self._chosen: int | None = None  # the steps_per_frame this class set for fast speed

    @property
    def speed(self) -> str:
        if self.session.frames_per_step > 1:
            return "slow"
        return "fast" if self.session.settings.steps_per_frame > 1 else "live"

    def set(self, speed: str) -> None:
        self.session.frames_per_step = SLOW_FRAMES if speed == "slow" else 1
        self.session.set("steps_per_frame", str(FAST_START if speed == "fast" else 1))
        self._chosen = FAST_START if speed == "fast" else None
        self._per_step, self._validation, self._rest = None, 0.0, None
        self.session.time_budget = None
        self.session.say(f"speed: {'slow motion' if speed == 'slow' else speed}")

    def shift(self, by: int) -> None:
        """One speed slower (-1) or faster (+1), stopping at the ends."""
        index = min(max(SPEEDS.index(self.speed) + by, 0), len(SPEEDS) - 1)
        self.set(SPEEDS[index])

    def _fitting(self, budget: float) -> int:
        return min(max(int(budget / self._per_step), 2), FAST_MOST)

    def measure(self, last_training: float, trained: bool, last_rest: float | None = None) -> None:
        """Each frame, at the fast speed chosen here, fit the next frame's steps to the budget.
        The app records a frame's timing after the scene's update, so `last_training` is the
        previous frame's training time and `last_rest` the rest of its work (None: not known,
        the training alone then gets FAST_BUDGET); `trained` says whether this frame trained,
        for the next call."""
        if not self.adaptive:
            return
        if last_rest is not None and self._last_steps is not None:
            held = self._rest if self._rest is not None else last_rest
            self._rest = max(last_rest, held - REST_FALL * (held - last_rest))
        steps, validated = self._last_steps, self._last_validated
        session = self.session
        ours = session.settings.steps_per_frame == self._chosen
        trained_steps = session.steps_last_tick or session.settings.steps_per_frame
        self._last_steps = trained_steps if trained and ours else None
        self._last_validated = trained and session.validated_last_tick
        if not ours:
            session.time_budget = None
        if steps is None or not ours or last_training <= 0:
            return
        old = self._per_step
        if validated and old is not None:
            extra = max(last_training - steps * old, 0.0)
            self._validation += SETTLE_VALIDATION * (extra - self._validation)
        elif not validated:
            per_step = last_training / steps
            self._per_step = per_step if old is None else old + SETTLE * (per_step - old)
        if self._per_step is None:
            return
        budget = FAST_BUDGET if self._rest is None else FRAME_LIMIT - self._rest
        wanted = self._fitting(budget)
        fewer = self._fitting(budget - self._validation)
        if session.validates_next_frame(fewer):  # judged at the count it would train
            wanted = fewer
        # a frame's training stops at its budget however its steps ran (a validating frame's
        # budget is the whole one: its steps were fitted to leave room for the validation)
        session.time_budget = budget
        current = session.settings.steps_per_frame
        if abs(wanted - current) > 0.1 * current:
            session.set("steps_per_frame", str(wanted))
            self._chosen = wanted
