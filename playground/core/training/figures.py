"""What a training run reports, read-only: its network and settings, counters, the losses and
accuracies, the confusion matrix, whether it blew up or stalled, and the last step's trace.
The Trainer (playground.core.training.trainer) sets these as it trains; everything else only reads
them, so they are kept apart from the code that changes them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.core.nn import Network, Trace
from playground.core.settings import Settings
from playground.core.training import saturation
from playground.core.training.history import History
from playground.core.training.split import Split

DIVERGED = "the loss blew up: the learning rate is too large"


# below this many held-out digits a validation accuracy is a coarse figure (3 digits read right
# show 100%): it is then said with its count and to the whole percent
FEW_HELD_OUT = 100


class TrainerFigures:
    """The Trainer's read-only view of its run (mixed into Trainer)."""

    _net: Network
    _settings: Settings
    _split: Split
    _history: History
    _diverged: bool
    _steps: int
    _start_step: int
    _epoch: int
    _validated_at: int
    _samples_seen: int
    # the figures of the run, None until measured
    _smoothed: float | None  # slow average of the loss, for display
    _val_loss: float | None
    _val_acc: float | None
    _train_acc: float | None
    _confusion: np.ndarray | None  # (k, k) counts, rows true digit, columns guess
    _saturation: saturation.Saturation | None
    _last_trace: Trace | None

    # -- state --------------------------------------------------------------------------------
    @property
    def network(self) -> Network:
        return self._net

    @property
    def digits(self) -> tuple[int, ...]:
        """The digit each output stands for, in output order."""
        return tuple(self._settings.digits)

    @property
    def problem(self) -> str | None:
        """Why step() refuses to train (missing samples, or divergence), or None."""
        return self._split.problem or (DIVERGED if self._diverged else None)

    @property
    def diverged(self) -> bool:
        return self._diverged

    @property
    def steps(self) -> int:
        return self._steps

    @property
    def start_step(self) -> int:
        """The step the network's start_weights are from: 0, or the step a saved run resumed at."""
        return self._start_step

    @property
    def epoch(self) -> int:
        """Completed passes over the training samples."""
        return self._epoch

    @property
    def validated_at(self) -> int:
        """The step the validation numbers were measured at."""
        return self._validated_at

    @property
    def samples_seen(self) -> int:
        return self._samples_seen

    @property
    def n_train(self) -> int:
        return self._split.n_train

    @property
    def n_val(self) -> int:
        return len(self._split.val_labels)

    @property
    def train_loss(self) -> float | None:
        """Smoothed training loss, None before the first step."""
        return self._smoothed

    @property
    def val_loss(self) -> float | None:
        return self._val_loss

    @property
    def val_acc(self) -> float | None:
        return self._val_acc

    @property
    def val_count(self) -> int:
        """How many held-out digits `val_acc` was measured on: its confusion matrix's total.
        Not `n_val`, the split's count now: after a new split (mix yours) the figures shown
        are the last split's until the next validation, and 96% "of 3" cannot be."""
        return 0 if self._confusion is None else int(self._confusion.sum())

    @property
    def train_acc(self) -> float | None:
        return self._train_acc

    @property
    def confusion(self) -> np.ndarray | None:
        """(k, k) validation counts, rows = true output, columns = guessed output."""
        return self._confusion

    @property
    def validation(self) -> tuple[np.ndarray, np.ndarray]:
        """The held-out samples: inputs (n_val, 784) and output indices (n_val,), read-only
        (the confusion matrix's rows come from these labels); new arrays after a resplit."""
        split = self._split
        split.val_x.flags.writeable = split.val_labels.flags.writeable = False
        return split.val_x, split.val_labels

    @property
    def settings(self) -> Settings:
        """The settings this run trains with (a copy: change them through `apply`)."""
        return replace(self._settings)

    @property
    def stalled(self) -> str | None:
        """At the last validation: saturated and wrong, said with what to do; else None (and
        None once the loss has blown up: that is the story then, told by `problem`)."""
        if self._diverged:
            return None
        return saturation.advice(self._saturation, self._settings, self.validated_at)

    @property
    def history(self) -> History:
        return self._history

    @property
    def last_trace(self) -> Trace | None:
        """The trace of the last step that was applied."""
        return self._last_trace
