"""Which learning rates learn well on this network: measured, not remembered.

`python -m playground.measure_rates` trains the digit network from scratch at a ladder of rates
for each hidden activation and loss (the app's defaults otherwise: 16-16-16, batch 128, digits
0-9 unless `--digits` says, the bundled starter digits), a few seeds each, and prints each rate's
validation accuracy after STEPS steps and the range of rates within TOLERANCE of the best.
`rates.USEFUL_RATES` (0-9) and `rates.USEFUL_RATES_FEW` (`--digits 1,2,3`) hold the results the
app shows; rerun both after changing the network's defaults.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from playground.blas import limit_blas_threads
from playground.core.session import Session
from playground.core.settings import ACTIVATIONS, LOSSES, Settings
from playground.core.training.rows import Rows
from playground.core.training.trainer import Trainer

LADDER = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8)
STEPS = 1500  # what the learning-rate page's race runs: 25 s of live training
SEEDS = (0, 1, 2)
TOLERANCE = 0.03  # a rate is useful when its mean accuracy is within this of the best rate's


def accuracy_after(settings: Settings, data: tuple[Rows, np.ndarray], steps: int) -> float:
    """Validation accuracy after `steps` steps from fresh weights; 0 when training blew up."""
    trainer = Trainer(settings, *data)
    for _ in range(steps):
        trainer.step(validate=False)
        if trainer.problem is not None:
            return 0.0
    trainer.validate()
    return float(trainer.val_acc or 0.0)


def useful_range(rates: tuple[float, ...], means: list[float]) -> tuple[float, float]:
    """The lowest and highest rate whose mean accuracy is within TOLERANCE of the best."""
    best = max(means)
    good = [r for r, m in zip(rates, means, strict=True) if m >= best - TOLERANCE]
    return min(good), max(good)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--batch", type=int, default=Settings.batch)
    parser.add_argument("--digits", default="0-9", help="e.g. 0-9 or 1,2,3")
    args = parser.parse_args(argv)
    limit_blas_threads()
    with tempfile.TemporaryDirectory() as empty:  # the starter digits only, none of yours
        session = Session(Settings(), Path(empty))
        session.set("digits", args.digits)
        session.set("batch", str(args.batch))
        data = session.training_data()
        base = replace(session.settings, val_every=10**5)
    for activation in ACTIVATIONS:
        for loss in LOSSES:
            means = []
            for lr in LADDER:
                runs = [
                    accuracy_after(
                        replace(base, activation=activation, loss=loss, lr=lr, seed=seed),
                        data,
                        args.steps,
                    )
                    for seed in SEEDS
                ]
                means.append(float(np.mean(runs)))
                print(f"{activation:7} {loss:4} lr {lr:<5g} val acc {means[-1]:.3f}", flush=True)
            low, high = useful_range(LADDER, means)
            print(f"{activation} {loss}: useful {low:g} to {high:g} (best {max(means):.3f})")


if __name__ == "__main__":
    main()
