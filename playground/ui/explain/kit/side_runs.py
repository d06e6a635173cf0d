"""Short training runs beside the app's own, for the pages that compare settings live.

Each run is a real `Trainer` on the session's samples with a few settings changed, so what
the page shows is exactly what the train scene would do with those settings. The session's
trainer and settings are never touched: a person can experiment here and go back to their
network as they left it. No pygame: the tests step these directly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from playground.core.memory import release_freed_memory
from playground.core.settings import Settings
from playground.core.training.rows import Rows
from playground.core.training.trainer import Trainer

MIN_PER_FRAME = 4  # steps a frame at any batch, so a race at batch 128 still ends in ~25 s


@dataclass
class Run:
    label: str
    trainer: Trainer

    @property
    def stopped(self) -> bool:
        return self.trainer.problem is not None

    def outcome(self) -> str | None:
        """What went wrong, with the step, in the words every page uses; None while fine."""
        t = self.trainer
        if t.diverged:
            return f"blew up at step {t.steps}: training stopped"
        if t.stalled:
            right = f"{t.val_acc:.0%} of unseen digits right"
            return f"saturated: stalled at {right}, by step {t.validated_at}"
        return None

    def gradient_sizes(self) -> list[float]:
        """Mean |dLoss/dW| per layer in the last applied step (the update divided by the rate)."""
        trace = self.trainer.last_trace
        if trace is None:
            return []
        return [float(np.abs(w).mean()) / trace.lr for w in trace.weight_changes]


class SideRuns:
    """A few runs trained for `total` steps each, `per_frame` steps a frame between them."""

    def __init__(self, runs: list[Run], total: int, per_frame: int) -> None:
        self.runs = runs
        self.total = total
        self.per_frame = per_frame

    @classmethod
    def with_changes(
        cls,
        settings: Settings,
        data: tuple[Rows, np.ndarray],
        variants: list[tuple[str, dict]],
        total: int,
        per_frame: int,
    ) -> SideRuns:
        """One run per (label, setting changes), all on the same samples `data`."""
        runs = [
            Run(label, Trainer(replace(settings, **changes), *data)) for label, changes in variants
        ]
        return cls(runs, total, per_frame)

    def steps_this_frame(self, batch: int) -> int:
        """`per_frame` steps at batch 32 or less; fewer at bigger batches, whose steps cost more
        (a step's cost grows with its batch), so a frame's training stays about as long."""
        return max(MIN_PER_FRAME, self.per_frame * 32 // max(batch, 32))

    def _going(self, run: Run) -> bool:
        return not run.stopped and run.trainer.steps < self.total

    @property
    def done(self) -> bool:
        return not any(self._going(run) for run in self.runs)

    def advance(self) -> None:
        """This frame's steps, shared evenly among the runs still going, so that they stand at
        the same step when drawn (taking turns, a race showed "step 724" beside "step 760").
        A frame costs what one run's steps would.

        A run that ends (its last step, or it stopped) is validated whole on its final weights:
        the trainer gathers its figures slice by slice over each `val_every` steps, so a run
        checked only at the finish (val_every = total) would otherwise report slices of the
        held-out digits read by the weights of many different steps. Such a run takes no
        slices at all.
        """
        going = [run for run in self.runs if self._going(run)]
        if not going:
            return
        batch = max(run.trainer.settings.batch for run in going)
        share = max(1, self.steps_this_frame(batch) // len(going))
        for run in going:
            slices = run.trainer.settings.val_every < self.total  # a curve wanted along the way
            for _ in range(share):
                if not self._going(run):
                    break
                run.trainer.step(validate=slices)
            if not self._going(run):
                run.trainer.validate_if_stale()
        if self.done:  # the last run ended: its batches and passes are garbage now
            release_freed_memory()


def stop_marks(runs: Sequence[Run], series: Sequence[tuple]) -> list[tuple[float, float, tuple]]:
    """(step, loss, colour) where each failed run stopped, for `plotting.mark_stops`; `series`
    are the runs' curves (label, colour, steps, losses) in the same order. A run that stopped
    before its first plotted point is marked at the chart's top."""
    marks = []
    for run, (_, colour, _, losses) in zip(runs, series, strict=True):
        if run.outcome():
            loss = float(losses[-1]) if len(losses) else math.inf
            marks.append((float(run.trainer.steps), loss, colour))
    return marks
