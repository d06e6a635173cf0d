"""The numbers beside the train scene's picture: loss and accuracy charts, counts and rates.

Charts are redrawn from the trainer's decimated history at most every CHART_EVERY frames (and
at once when the history is a new one, after a reset), so they cost a blit on other frames. The
last few runs stay behind the current one as faint ghosts labelled with their settings, so the
effect of a change (rate, layers, activation) shows side by side.
"""

from __future__ import annotations

import time
from collections import deque

import pygame

from playground.core.session import Session
from playground.core.training.figures import FEW_HELD_OUT
from playground.ui.clock import FPS
from playground.ui.render import theme
from playground.ui.render.charts import Chart, Series

CHART_EVERY = 15  # frames between chart redraws while training
POINTS = 300  # most points a chart line gets, however long the run
NUMBERS = 80  # height of the lines of numbers under the charts
LINE = 19  # from one line of numbers to the next
GHOSTS = 3  # earlier runs kept on the charts
GHOST_MIN_STEPS = 20  # shorter runs are not worth a ghost


class TrainPanel:
    def __init__(self, session: Session, wall_clock: bool) -> None:
        self.session = session
        self._wall_clock = wall_clock  # fps in wall time; else in app time (headless: exact)
        self.loss_chart = Chart("loss  (train line smoothed)")
        self.acc_chart = Chart("accuracy", percent=True)
        self._key: tuple | None = None
        self._since = CHART_EVERY
        self._rows: tuple | None = None  # (what they were worded for, four lines) shown
        self._rate_words = ""  # steps a second, as last worded
        self._rate: deque[tuple[float, int]] = deque(maxlen=61)  # (app time, steps): 1 s
        self._rate_pace: tuple[str, bool] | None = None  # (speed, running) the rate was taken at
        self._time = 0.0
        self._frames: deque[float] = deque(maxlen=61)  # wall-clock time of the last frames
        self._history = None  # the run the charts show; when the trainer starts another, it
        self._label = ""  # becomes a ghost under the settings it last ran with
        self._ghosts: deque[tuple[str, tuple, tuple]] = deque(maxlen=GHOSTS)
        self.presenting = False  # set by the scene before each draw: no keys named

    def update(self, dt: float) -> None:
        self._time += dt
        steps = self.session.trainer.steps
        if self._rate and steps < self._rate[-1][1]:
            self._rate.clear()  # a reset: the rate starts over
        self._rate.append((self._time, steps))
        self._frames.append(time.perf_counter() if self._wall_clock else self._time)

    def frames_per_second(self) -> float:
        """Frames drawn per second over the last second or so (of wall-clock time in a window;
        headless runs, tests and videos count app time, so their frames stay reproducible)."""
        if len(self._frames) < 2 or self._frames[-1] <= self._frames[0]:
            return 0.0
        return (len(self._frames) - 1) / (self._frames[-1] - self._frames[0])

    def restart_rate(self) -> None:
        """Measure steps a second afresh from the next frame (the scene was away, and the
        steps it missed have no times of their own)."""
        self._rate.clear()
        self._rate_pace = None

    def steps_per_second(self) -> float:
        if len(self._rate) < 2:
            return 0.0
        (t0, s0), (t1, s1) = self._rate[0], self._rate[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, speed: str) -> None:
        """Charts and numbers filling `rect` (the panel below the scene's buttons)."""
        trainer = self.session.trainer
        history = trainer.history
        self._since += 1
        if history is not self._history:
            self._keep_ghost()
            self._history = history
        wanted = (id(history), len(history), len(history.eval_steps), trainer.diverged)
        new_run = self._key is None or wanted[0] != self._key[0]
        # paused, the charts take up the last validation at once: a still frame (a screenshot,
        # a script's end) must show the figures the top bar shows, not those of frames before
        current = new_run or not self.session.running or self._since >= CHART_EVERY
        if wanted != self._key and current:
            self._key, self._since = wanted, 0
            self._label = _run_label(self.session)
        px = theme.px
        free = rect.height - px(NUMBERS) - px(10)
        loss_rect = pygame.Rect(rect.left, rect.top, rect.width, free * 52 // 100)
        acc_rect = pygame.Rect(rect.left, loss_rect.bottom + px(8), rect.width, 0)
        acc_rect.height = free - loss_rect.height - px(8)
        note = "diverged" if trainer.diverged else ""
        self.loss_chart.draw(surface, loss_rect, self._loss_series, self._key, note)
        self.acc_chart.draw(surface, acc_rect, self._acc_series, self._key)
        self._draw_numbers(surface, (rect.left + px(2), acc_rect.bottom + px(10)), speed)

    def _keep_ghost(self) -> None:
        """The run that just ended joins the ghosts (its smoothed loss, its validation accuracy)."""
        old = self._history
        if old is None or len(old) < GHOST_MIN_STEPS:
            return
        steps, _, smoothed = old.series(POINTS)
        eval_steps, _, val_acc, _ = old.eval_series(POINTS)
        self._ghosts.append((self._label, (steps, smoothed), (eval_steps, val_acc)))

    def _loss_series(self) -> list[Series]:
        history = self.session.trainer.history
        steps, _, smoothed = history.series(POINTS)
        eval_steps, val_loss, _, _ = history.eval_series(POINTS)
        ghosts = [Series(label, theme.POSITIVE, *loss, True) for label, loss, _ in self._ghosts]
        return [
            *ghosts,
            Series("train", theme.POSITIVE, steps, smoothed),
            Series("validation", theme.NEGATIVE, eval_steps, val_loss),
        ]

    def _acc_series(self) -> list[Series]:
        eval_steps, _, val_acc, train_acc = self.session.trainer.history.eval_series(POINTS)
        ghosts = [Series(label, theme.NEGATIVE, *acc, True) for label, _, acc in self._ghosts]
        return [
            *ghosts,
            Series("train", theme.POSITIVE, eval_steps, train_acc),
            Series(self._held_out_label(), theme.NEGATIVE, eval_steps, val_acc),
        ]

    def _held_out_label(self) -> str:
        """'validation', or with few digits held out (training on yours only), how many."""
        n = self.session.trainer.val_count  # the count the figure shown was measured on
        return f"validation ({n})" if n < FEW_HELD_OUT else "validation"

    def _draw_numbers(self, surface: pygame.Surface, topleft: tuple[int, int], speed: str) -> None:
        """Four short lines of numbers. The samples seen follow the step counter in the top bar
        frame by frame (one line rendered anew); the rates are re-worded at the charts' pace,
        since a rate re-read every frame flickers."""
        running = self.session.running
        steps = self.session.trainer.steps
        measured = min(len(self._rate), 3)  # a rate starting over is re-worded at once
        paused = steps if not running else None
        key = (speed, running, self.session.settings, paused, measured, self.presenting)
        if self._rows is not None and self._rows[0] == key and self._since % CHART_EVERY:
            self._rows = (key, self._samples_line(), *self._rows[2:])
        else:
            trainer, settings = self.session.trainer, self.session.settings
            shape = "-".join(map(str, trainer.network.sizes))
            pace = {
                "slow": "slow motion: a step every 1.5 s",
                "fast": f"fast: {settings.steps_per_frame} steps a frame",
            }.get(speed, "live: a step a frame")
            if not running:
                pace = "paused" if self.presenting else "paused: Space or Train goes on"
            pace += f"  ·  {self.frames_per_second():.0f} fps"
            self._rate_words = self._step_rate(speed)
            self._rows = (
                key,
                self._samples_line(),
                pace,
                f"net {shape}  ·  {settings.activation}  ·  {settings.loss}",
                f"rate {settings.lr:g}  ·  batch {settings.batch}",
            )
        x, y = topleft
        for i, row in enumerate(self._rows[1:]):
            colour = theme.INK if i < 2 else theme.MUTED
            theme.blit_text(surface, row, (x, y + i * theme.px(LINE)), 13, colour)

    def _samples_line(self) -> str:
        return f"{self.session.trainer.samples_seen:,} samples seen  ·  {self._rate_words}"

    def _step_rate(self, speed: str) -> str:
        """Steps a second as measured since the speed last changed or training paused or went
        on (a last second that mixes fast and live steps is no one's rate); in slow motion the
        pace it is set to, since a second holds less than one step."""
        pace = (speed, self.session.running)
        if pace != self._rate_pace:
            self._rate_pace = pace
            while len(self._rate) > 1:  # the newest count stays, to measure on from
                self._rate.popleft()
        if not self.session.running:
            return "0 steps/s"
        if speed == "slow":
            return f"1 step per {self.session.frames_per_step / FPS:.1f} s"
        return f"{self.steps_per_second():,.0f} steps/s"


def _run_label(session: Session) -> str:
    """A run in a few words: what most changes how it learns."""
    s = session.settings
    sizes = "-".join(map(str, s.sizes))  # 784-4-3, not "4": a lone width read as 4 layers
    return f"lr {s.lr:g} {s.activation} {sizes}" + (" xent" if s.loss == "xent" else "")
