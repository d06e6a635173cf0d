"""The trainer: turns samples and settings into one network step per call, plus the numbers.

It runs inside a 60 fps frame, so a step does only what a step must: slice the next minibatch
from a shuffled order (with the user's own digits' share of it,
`playground.core.training.own_mix`), train, append a few floats to the history, and every few
steps measure a slice of the validation rows (`playground.core.training.validation`): every
`val_every` steps the validation figures, the confusion matrix and the training accuracy are
published from the round's slices, the whole split, with no step paying for all of it.
It never lets a NaN out: a step that would blow up the weights is refused by the network, the
trainer stops and says why, and every number it reports is finite or None.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.core.nn import Network, Trace
from playground.core.settings import N_INPUTS, Settings
from playground.core.training.batches import BatchOrder
from playground.core.training.figures import TrainerFigures
from playground.core.training.history import History
from playground.core.training.own_mix import PER_FRAME, OwnBatches, OwnSamples
from playground.core.training.rows import Rows, StackedRows
from playground.core.training.split import content_keys, split_samples
from playground.core.training.validation import SlicedValidation

SMOOTHING = 0.05  # weight of the newest loss in the smoothed train loss (an EMA)
BLOW_UP = 2.0  # a smoothed loss this many times the first step's loss counts as divergence
STUCK = 1.5  # ...and so does a loss this many times the first, held over the last samples
STUCK_SAMPLES = 64  # how many recent samples the quick average spans...
STUCK_BATCHES = 4  # ...and at least this many batches: one bad batch of 128 is not "held"
_REBUILD = ("layers", "activation", "loss", "digits", "seed")  # changes that need a new network


class Trainer(TrainerFigures):
    """Owns the network, the split samples, the counters and the history of one training run.

    `network` is replaced when a setting that shapes it changes, so read it each frame rather
    than keeping it.
    """

    def __init__(
        self,
        settings: Settings,
        x: Rows,
        labels: np.ndarray,
        twins: np.ndarray | None = None,
        own: OwnSamples | None = None,
        source: np.ndarray | None = None,
    ) -> None:
        self._settings = replace(settings)  # a snapshot: apply() compares against it
        self._resets = 0
        self._set_samples(x, labels, twins, own, source)
        self._build()

    # -- changes from outside -----------------------------------------------------------------
    def apply(self, settings: Settings) -> bool:
        """Take new settings; True if the network had to be rebuilt (counters start over)."""
        old, self._settings = self._settings, replace(settings)
        if any(getattr(old, name) != getattr(settings, name) for name in _REBUILD):
            self._resets = 0
            self._build()
            return True
        self._net.momentum = settings.momentum
        if settings.val_fraction != old.val_fraction:
            self._resplit()
        elif settings.val_every != old.val_every:
            self._slice_validation()
        elif settings.own_share != old.own_share:
            self._own.set_share(settings.own_share, self._only_own)
        return False

    def set_data(
        self,
        x: Rows,
        labels: np.ndarray,
        twins: np.ndarray | None = None,
        own: OwnSamples | None = None,
        source: np.ndarray | None = None,
    ) -> None:
        """New sample set: split again, keep the network, the counters and the history.
        `source` (see split_samples) lets the split gather from the arrays it is given."""
        self._set_samples(x, labels, twins, own, source)
        self._resplit()

    def reset(self) -> None:
        """Fresh random weights (a new but reproducible draw), counters and history cleared."""
        self._resets += 1
        self._build()

    def resume(self, history: History, epoch: int, samples_seen: int) -> None:
        """Carry on a saved run whose weights were just copied into `network`: its history and
        counters come back, and validation is measured at once so the numbers fit the weights."""
        self._history, self._epoch, self._samples_seen = history, epoch, samples_seen
        steps = history.steps
        self._steps = int(steps[-1]) if len(steps) else 0
        if len(steps):
            self._smoothed = self._recent = float(history.train_loss_smoothed[-1])
            self._first_loss = float(history.train_loss[0])
        self._validated_at = self._start_step = self._steps
        if self._split.problem is None:
            self.validate()

    # -- training -----------------------------------------------------------------------------
    def step(self, validate: bool = True, trace: bool = True) -> Trace | None:
        """One minibatch step; None (and nothing done) while `problem` is set. With `validate`
        it may measure a slice of the validation rows, and publishes the figures when
        `val_every` steps have passed since the last time (playground.core.training.validation).
        Without `trace` the step keeps no trace and returns None (fast speed's steps before a
        frame's last: nobody sees them), unless it blows up.

        The step that finds the weights blowing up still returns its trace (diverged=True,
        nothing applied) so the picture can show it; after that training stays stopped.
        """
        if self.problem is not None:
            return None
        batch_x, batch_y = self._next_batch(reuse=not trace)
        made: Trace | None = None
        if trace:
            made = self._net.train_step(batch_x, batch_y, self._settings.lr)
            loss: float | None = None if made.diverged else made.loss
        else:
            loss = self._net.train_step_untraced(batch_x, batch_y, self._settings.lr)
        if loss is None:  # refused: nothing was applied, so the same step again shows why
            self._diverged = True
            # (copies: an untraced batch lives in buffers the next batch overwrites)
            return made or self._net.train_step(batch_x.copy(), batch_y.copy(), self._settings.lr)
        self._steps += 1
        self._samples_seen += len(batch_y)
        if made is not None:
            self._last_trace = made
        if self._smoothed is None:
            self._smoothed = self._recent = self._first_loss = loss
        else:
            self._smoothed += SMOOTHING * (loss - self._smoothed)
            weight = min(1.0 / STUCK_BATCHES, len(batch_y) / STUCK_SAMPLES)
            self._recent += weight * (loss - self._recent)
        self._history.record_step(self._steps, loss, self._smoothed)
        if self._blown_up():
            self._diverged = True
            return made
        if validate:
            to_publish = self._validated_at + self._settings.val_every - self._steps
            self._validation.measure_next(self._net, self._steps, to_publish)
            if self.validation_due():
                self._publish()
        return made

    def _blown_up(self) -> bool:
        """A rate far too large either blows the loss up or throws every output to 0 or 1,
        where the loss sits well above where training began and stops moving; both are caught
        within a few steps. A healthy run's loss never stays above its starting value."""
        first = self._first_loss
        return self._smoothed > BLOW_UP * first or (  # type: ignore[operator]  # set by the step before
            self._steps >= 4 and self._recent > STUCK * first
        )

    def refresh_own(self, budget: int = PER_FRAME) -> int:
        """Redraw up to `budget` variants of the user's digits (a few a frame; see own_mix)."""
        return self._own.refresh(budget)

    @property
    def own_fraction(self) -> float:
        """The part of each batch drawn from the user's own digits now (own_mix's rule)."""
        return self._own.fraction

    @property
    def own_trained(self) -> int:
        """How many of the user's own digits train (the rest are held out for validation)."""
        return self._own.count

    def validation_due(self, after: int = 0) -> bool:
        """Whether `val_every` steps will have passed since the last validation `after` more
        steps."""
        return self._steps + after - self._validated_at >= self._settings.val_every

    def validate_if_stale(self) -> None:
        """Validate the weights as they are, whole, unless that was done or there is nothing to
        validate on. When training stops (a pause, the end of `train N`, a blow-up) the figures
        shown are frames old at fast speed, or gathered slice by slice over the last `val_every`
        steps, and a paused picture or a script's report would show them for as long as it
        stays stopped."""
        if not (self._validated_at == self._steps and self._exact) and not self._split.problem:
            self.validate()

    def validate(self) -> None:
        """Measure validation loss and accuracy, the confusion matrix and training accuracy
        now, whole, for the weights as they are."""
        self._validation.measure_all(self._net, self._steps)
        self._publish()

    def _publish(self) -> None:
        """Take up the figures of the last round of validation slices (see validation.py)."""
        self._validated_at = self._steps
        figures = self._validation.figures(self._net, self._steps)
        self._exact = figures.exact
        self._train_acc = figures.train_acc
        if figures.val_loss is None or figures.val_acc is None:  # nothing held out now (a few
            # own digits, trained on alone): the last split's figures no longer describe it
            self._val_loss = self._val_acc = self._confusion = None
            return
        self._val_loss, self._val_acc = figures.val_loss, figures.val_acc
        self._confusion, self._saturation = figures.confusion, figures.saturation
        self._history.record_eval(self._steps, self._val_loss, self._val_acc, self._train_acc)

    def predict_digits(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For (n, 784) or one (784,) input: the likeliest digit per row and the (n, k) rows
        of probabilities, column i belonging to `digits[i]`."""
        probs = self._net.probabilities(np.atleast_2d(x))
        return np.asarray(self._settings.digits)[probs.argmax(axis=1)], probs

    # -- internals ----------------------------------------------------------------------------
    def _set_samples(
        self,
        x: Rows,
        labels: np.ndarray,
        twins: np.ndarray | None = None,
        own: OwnSamples | None = None,
        source: np.ndarray | None = None,
    ) -> None:
        if not isinstance(x, StackedRows):  # (its parts are float32 already)
            x = np.asarray(x, dtype=np.float32)
        labels = np.asarray(labels)
        if x.ndim != 2 or x.shape[1] != N_INPUTS or labels.shape != (len(x),):
            raise ValueError(
                f"need x (n, {N_INPUTS}) and labels (n,), got {x.shape} and {labels.shape}"
            )
        if own is not None and not (
            0 <= own.start <= len(x) and len(own.images) == len(x) - own.start
        ):
            raise ValueError(f"need own samples to be the last rows of x, got {own.start}..")
        if twins is not None and (
            twins.ndim != 2 or twins.shape[1] != N_INPUTS or len(twins) > len(x)
        ):
            raise ValueError(f"need twins (m <= {len(x)}, {N_INPUTS}), got {twins.shape}")
        self._x, self._labels, self._twins, self._own_samples = x, labels, twins, own
        self._source = source

    def _resplit(self, done: float | None = None) -> None:
        """Split the samples again; the epoch under way goes on (`done`: from that far in)."""
        own = self._own_samples
        self._split = split = split_samples(
            self._x,
            self._labels,
            self._settings,
            self._twins,
            own.start if own else None,
            content_keys(self._x, self._settings.seed),
            self._source,
        )
        k = len(self._settings.digits)
        done = self._batches.done if done is None else done
        self._batches: BatchOrder = BatchOrder(
            split, own.start if own else None, self._own, self._rng, k, done
        )
        self._only_own = self._batches.only_own
        lead = len(split.train_index)
        outputs = split.train_y[:lead].argmax(axis=1)
        self._own.set_samples(own, split.train_index, outputs, self._x, k)
        self._own.set_share(self._settings.own_share, self._only_own)
        self._slice_validation()

    def _slice_validation(self) -> None:
        """Validation slices for this split and network, measured over `val_every` steps."""
        s = self._settings
        self._validation = SlicedValidation(self._split, len(s.digits), s.val_every, s.activation)

    def _build(self) -> None:
        s = self._settings
        seed = s.seed
        if self._resets:
            seed = int(np.random.SeedSequence((s.seed, self._resets)).generate_state(1)[0])
        self._net = Network(s.sizes, s.activation, s.loss, seed, s.momentum)
        self._rng = np.random.default_rng((seed, 1))  # the minibatch order
        self._own = OwnBatches(seed)
        self._resplit(done=0.0)  # a new run starts its first epoch afresh
        self._steps = self._epoch = self._samples_seen = self._validated_at = 0
        self._exact = False  # whether the figures are of the weights at validated_at, whole
        self._start_step = 0  # the step the network's start_weights belong to
        self._smoothed = None  # slow average of the loss, for display
        self._recent = 0.0  # quick average over the last STUCK_SAMPLES samples, for divergence
        self._first_loss = 0.0
        self._diverged = False
        self._val_loss = None
        self._val_acc = None
        self._train_acc = None
        self._confusion = None
        self._saturation = None
        self._history = History()
        self._last_trace = None

    def _next_batch(self, reuse: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The next minibatch (`BatchOrder`, in its reused buffers with `reuse`), counting the
        epochs it finishes."""
        size = max(1, self._settings.batch)
        x, y, wrapped = self._batches.next(size, reuse)
        if self._only_own:  # every row is an own digit: epochs count the own part
            self._epoch = (self._samples_seen + size) // max(1, self._split.n_train)
        self._epoch += wrapped
        return x, y
