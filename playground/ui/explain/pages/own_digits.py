"""The build log's lesson as a live experiment: does a network read *your* hand better when a few
of your own digits train beside the starter set?

Some of the user's saved digits (in play) are held out of training. Two fresh copies of the digit
network, from the same first weights, train side by side: one on the starter set alone, one on
the starter set plus the user's other digits, assembled exactly as the app assembles its own
training set (Session.training_set_with). Every SCORE_EVERY steps both are scored on the held-out
digits, which neither ever trains on, so the figures on the page are measured, never assumed.

Nothing here may stall a frame. Setting up a trainer splits and copies thousands of samples
(~60 ms for three digits, more for ten), so both are set up on a worker thread while the page
keeps drawing; the runs then go a few steps a frame (SideRuns). No pygame.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from playground.core.training.split import content_keys
from playground.core.training.trainer import Trainer
from playground.core.words import how_many
from playground.ui.explain.kit.side_runs import Run, SideRuns
from playground.ui.explain.pages.experiments import STEPS_PER_FRAME, TOTAL_STEPS, Experiment

if TYPE_CHECKING:
    from playground.core.session import Session

MIN_PER_DIGIT = 3  # of each digit in play: at least one to hold out and two to learn from
HELD_OUT = 0.4  # share of each digit's own samples held out for scoring (at least one)
SCORE_EVERY = 50  # steps between scoring a run on the held-out digits
BIG_LIFT = 0.25  # a gain this large (in share read right) is said to teach it your hand

OWN_DIGITS = Experiment(
    "your digits count",
    "the starter set alone against the starter set plus your digits",
    {},
    "",  # the lesson is said from the figures once they are in (see `lesson`)
    view="own",
    data="own",
    base_label="starter set alone",
)
PLUS_LABEL = "starter + yours"


def shortfall(session: Session) -> str | None:
    """What to do before the experiment can run, or None when there are enough own digits."""
    digits = session.settings.digits
    have = [int(np.count_nonzero(session.user_labels == d)) for d in digits]
    if min(have) >= MIN_PER_DIGIT:
        return None
    counts = ", ".join(how_many(n, d) for d, n in zip(digits, have, strict=True))
    return (
        f"save at least {MIN_PER_DIGIT} of each digit in play in the draw scene first "
        f"(you have {counts}); collect mode (P) asks for them"
    )


def button_label(session: Session) -> str:
    """The button says what to do first when it cannot run yet."""
    return OWN_DIGITS.label if shortfall(session) is None else f"save {MIN_PER_DIGIT} of each first"


def split_own(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """(train, held out) indices into the user's samples, per digit in play, fixed by the seed
    and by each drawing's pixels (the same rule the app uses for its validation split)."""
    labels, seed = session.user_labels, session.settings.seed
    keys = content_keys(session.user_images.reshape(len(labels), -1), seed)
    train, held = [], []
    for digit in session.settings.digits:
        found = np.flatnonzero(labels == digit)
        found = found[np.argsort(keys[found], kind="stable")]
        n_held = min(max(round(len(found) * HELD_OUT), 1), len(found) - 1)
        held.append(found[:n_held])
        train.append(found[n_held:])
    return np.concatenate(train).astype(np.int64), np.concatenate(held).astype(np.int64)


class OwnDigitsRuns(SideRuns):
    """The two runs plus their scores on the held-out digits, as (step, right) per run. The
    runs are set up on a worker thread: until `ready`, `runs` is empty and nothing trains."""

    def __init__(self, session: Session) -> None:
        super().__init__([], TOTAL_STEPS, STEPS_PER_FRAME)
        train, held = split_own(session)
        s = session.settings
        inputs = session.pool.user_inputs(session.user_images, s.normalize, s.deskew)
        self.held_x = inputs[held].copy()  # the pool's cache changes as the sets are built
        self.held_labels = session.user_labels[held].copy()
        self.n_own = len(train)  # the user's digits the second run trains on
        self.scores: list[list[tuple[int, int]]] = []
        self._made: list[Run] | None = None
        self._failed: BaseException | None = None
        self._worker = threading.Thread(
            target=self._set_up, args=(session, train), name="own-digits", daemon=True
        )
        self._worker.start()

    def _set_up(self, session: Session, train: np.ndarray) -> None:
        try:
            base = replace(session.settings, val_every=TOTAL_STEPS)
            alone = session.training_set_with("starter", train)
            plus = session.training_set_with("both", train)
            self._made = [
                Run(OWN_DIGITS.base_label, Trainer(base, *alone.trainer_args())),
                Run(PLUS_LABEL, Trainer(base, *plus.trainer_args())),
            ]
        except BaseException as error:  # handed to the main thread, raised there
            self._failed = error

    @property
    def ready(self) -> bool:
        return bool(self.runs)

    @property
    def done(self) -> bool:
        return self.ready and super().done

    @property
    def n_held(self) -> int:
        return len(self.held_labels)

    def right(self, i: int) -> int:
        """Held-out digits run `i` reads right at its last scoring."""
        return self.scores[i][-1][1]

    def advance(self, wait: bool = False) -> None:
        """A frame's steps; until set up, nothing (with `wait`, headless, the set-up is waited
        for, so a recording shows it on the same frame every run)."""
        if not self.ready:
            if wait:
                self._worker.join()
            if self._failed is not None:
                raise self._failed
            if self._made is not None:  # set up: score the first weights, train from next frame
                self.runs, self.scores = self._made, [[] for _ in self._made]
                for i in range(len(self.runs)):
                    self._score(i)
            return
        super().advance()
        for i, run in enumerate(self.runs):
            last = self.scores[i][-1][0]
            steps = run.trainer.steps
            if steps - last >= SCORE_EVERY or (steps != last and not self._going(run)):
                self._score(i)

    def _score(self, i: int) -> None:
        trainer = self.runs[i].trainer
        guesses, _ = trainer.predict_digits(self.held_x)
        self.scores[i].append((trainer.steps, int(np.count_nonzero(guesses == self.held_labels))))

    def lesson(self) -> str:
        """What the finished runs show, in words, from their own figures."""
        alone, plus = (self.right(i) / self.n_held for i in range(2))
        lifted = (
            f"{self.n_own} of your digits lifted it from {alone:.0%} to {plus:.0%} on digits of "
            "yours it never trained on"
        )
        if plus - alone >= BIG_LIFT:
            return f"{lifted}: a few of your own examples teach it your hand."
        if plus > alone:
            return f"{lifted}. A small gain: save more of your digits and run it again."
        if plus == alone == 1:
            return (
                f"Both read all {self.n_held} of your held-out digits: the starter set alone "
                "reads your hand already: save a few drawn your own way and run it again."
            )
        if plus == alone:
            return (
                f"Both read {alone:.0%} of your held-out digits: yours already look like the "
                "starter set, or a few more of them are needed to make a difference."
            )
        return (
            f"This time your digits did not help ({plus:.0%} against {alone:.0%}): save a few "
            "more, drawn the way you usually write."
        )


def start(session: Session) -> OwnDigitsRuns:
    """Two fresh runs from the same first weights, set up beside the page; call only when
    `shortfall` is None."""
    return OwnDigitsRuns(session)
