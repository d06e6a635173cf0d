"""The "what works and what hurts" experiments: each is a pair of short runs, your settings
against one change, on copies of the digit network and the same samples.

Everything here is data and numpy (no pygame), so the tests can run an experiment to the end
and check that it shows what its lesson claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from playground.core.data.preprocess import prepare
from playground.core.training.rows import Rows, StackedRows, subset
from playground.core.training.trainer import Trainer
from playground.ui.explain.kit.side_runs import Run, SideRuns

if TYPE_CHECKING:
    from playground.core.session import Session

TOTAL_STEPS = 1500
STEPS_PER_FRAME = 12
FEW_PER_DIGIT = 200  # samples per digit in the "judged by training accuracy" experiment
FEW_HELD_OUT = 0.9  # ... of which this share is kept for checking, leaving 20 to learn from


@dataclass(frozen=True)
class Experiment:
    label: str  # the button
    change: str  # what differs, in words
    changes: dict  # the settings the experiment run uses instead of yours
    lesson: str  # what the result shows, said once it is there
    view: str = "loss"  # "loss", "gradients" (per layer) or "accuracy" (train vs unseen)
    shared: dict = field(default_factory=dict)  # changes both runs use (same depth, say)
    data: str = "all"  # "all", "raw" (not normalised) or "few" (a small training set)
    base_label: str = "your settings"


EXPERIMENTS = (
    Experiment(
        "rate 16",
        "learning rate 16 instead of yours",
        {"lr": 16.0},
        "Steps this big slam the outputs to 0 or 1, where their slope is flat: learning stops.",
    ),
    Experiment(
        "one hidden neuron",
        "a single hidden neuron",
        {"layers": (1,)},
        "Everything must squeeze through one number: too little room to tell digits apart, so "
        "the one neuron is pushed out to its flat ends, and learning stalls there.",
    ),
    Experiment(
        "sigmoid, 4 layers deep",
        "sigmoid instead of tanh, both 4 hidden layers deep",
        {"activation": "sigmoid"},
        "Each sigmoid layer shrinks the error on its way back: the first layers barely move.",
        view="gradients",
        shared={"layers": (16, 16, 16, 16), "activation": "tanh"},
        base_label="tanh",
    ),
    Experiment(
        "no normalisation",
        "digits as drawn: not cropped, scaled, centred or straightened",
        {"normalize": False, "deskew": False},
        "Unaligned digits are harder to learn. The starter digits come centred already, so the "
        "gap grows with your own drawings.",
        data="raw",
    ),
    Experiment(
        "judged by training accuracy",
        "only 20 samples per digit to learn from, a bigger network",
        {},
        "It gets every training sample right but fewer unseen ones: always check on held-out "
        "digits.",
        view="accuracy",
        shared={"layers": (64, 64), "val_fraction": FEW_HELD_OUT, "val_every": 50},
        data="few",
    ),
)


def samples_for(experiment: Experiment, session: Session) -> tuple[Rows, np.ndarray]:
    """The samples an experiment trains on (both of its runs use the same ones)."""
    if experiment.data == "raw":
        return _raw_samples(session)
    x, labels = session.training_data()
    if experiment.data == "few":
        keep = np.sort(
            np.concatenate(
                [np.flatnonzero(labels == d)[:FEW_PER_DIGIT] for d in session.settings.digits]
            )
        )
        return subset(x, keep), labels[keep]
    return x, labels


def _raw_samples(session: Session) -> tuple[Rows, np.ndarray]:
    """Every sample as drawn: a starter digit's bytes, read in place, not copied (the starter
    images are read-only, so a second click finds the split keys of these rows made:
    `split.content_keys`; hashing 10,000 rows takes ~13 ms of a frame)."""
    starter = session.starter_images
    user = prepare(session.user_images, normalize=False, deskew=False)
    rows = StackedRows(starter.reshape(len(starter), -1), user)
    labels = np.concatenate([session.starter_labels, session.user_labels]).astype(np.int64)
    return rows, labels


def start(experiment: Experiment, session: Session) -> SideRuns:
    """Two fresh runs from the same first weights: your settings, and your settings changed."""
    data = samples_for(experiment, session)
    base = replace(session.settings, **{"val_every": TOTAL_STEPS, **experiment.shared})
    if experiment.view == "accuracy":
        return SideRuns(
            [Run("train on 20 per digit", Trainer(base, *data))], TOTAL_STEPS, STEPS_PER_FRAME
        )
    mine = session.training_data() if experiment.data == "raw" else data
    runs = [
        Run(experiment.base_label, Trainer(base, *mine)),
        Run(experiment.label, Trainer(replace(base, **experiment.changes), *data)),
    ]
    return SideRuns(runs, TOTAL_STEPS, STEPS_PER_FRAME)
