"""Saturation: most hidden neurons stuck where their activation is flat, and the network wrong.

A neuron whose sum sits far out on tanh's or sigmoid's flat tails (or below zero for ReLU)
passes almost no error back, so its weights stop changing. A trained network has many such
neurons and is right; one thrown there by too large a rate is wrong and cannot recover, which
is how rate 5 reads "100%" at 60% accuracy without blowing up. Both halves are measured on the
validation digits when the trainer validates. Thresholds from `python -m playground.measure_rates`
runs (see playground/core/training/rates.py): healthy runs stay under FLAT_SHARE or over
GOOD_ENOUGH; rates 4x above the useful range end over the one and under the other. No pygame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.nn import Network
from playground.core.nn.activations import ACTIVATIONS
from playground.core.settings import Settings
from playground.core.training.rates import range_words, useful_rates

FLAT_SLOPE = 0.05  # an activation slope under this passes back less than 1/20 of the error
FLAT_SHARE = 0.6  # saturated: this share of (neuron, digit) pairs on the flat part ...
GOOD_ENOUGH = 0.8  # ... while the network gets fewer than this share of unseen digits right
PROBE = 256  # validation digits looked at


@dataclass(frozen=True)
class Saturation:
    flat_share: float  # share of hidden (neuron, digit) pairs where the slope is under FLAT_SLOPE
    accuracy: float

    @property
    def stalled(self) -> bool:
        return self.flat_share >= FLAT_SHARE and self.accuracy < GOOD_ENOUGH


def measure(network: Network, x: np.ndarray, accuracy: float, activation: str) -> Saturation:
    """How much of the hidden layers sits on the flat part, for (up to PROBE of) inputs `x`."""
    x = x[:PROBE]
    widths = np.asarray(network.sizes[1:-1], np.float64)
    if not len(widths) or not len(x):
        return Saturation(0.0, accuracy)
    share = np.mean(flat_per_row(network, x, activation).sum(axis=0) / (len(x) * widths))
    return Saturation(float(share), accuracy)


def flat_per_row(network: Network, x: np.ndarray, activation: str) -> np.ndarray:
    """(n, hidden layers): for each input, how many neurons of each hidden layer sit where the
    slope is under FLAT_SLOPE (so rows can be measured a few at a time and added up)."""
    return flat_counts(*network.forward(x), activation)


def flat_counts(zs: list[np.ndarray], acts: list[np.ndarray], activation: str) -> np.ndarray:
    """flat_per_row from a forward pass already made: its (zs, acts) as `Network.forward`
    gives them."""
    act = ACTIVATIONS[activation]
    flat = [act.derivative(z, a) < FLAT_SLOPE for z, a in zip(zs[:-1], acts[1:-1], strict=True)]
    return np.stack([f.sum(axis=1) for f in flat], axis=1) if flat else np.zeros((len(zs[0]), 0))


def rate_to_blame(settings: Settings) -> bool:
    """Whether the rate is above the range measured to learn well: then a lower one is the fix;
    inside it, saturation comes from the start weights or too few neurons (a relu layer of 4
    whose neurons all start below zero), and a lower rate would not help."""
    return settings.lr > useful_rates(settings)[1]


def stall_fix(settings: Settings) -> str:
    """What to do about a stall, in a few words (the train scene's caption, the draw scene's
    guess): the long form is `advice`'s last sentence."""
    return "lower the rate, then press R" if rate_to_blame(settings) else "press R, or add neurons"


def advice(
    saturation: Saturation | None, settings: Settings, step: int | None = None
) -> str | None:
    """What a person reads when training has stalled saturated, with what to do; else None.
    The share is of (neuron, digit) pairs, so it is said as time, not as a count of neurons.
    With the `step` it was measured at, the figures stay true once said (the status line keeps
    the first telling while later validations move the share right)."""
    if saturation is None or not saturation.stalled:
        return None
    flat = "below zero" if settings.activation == "relu" else f"where {settings.activation} is flat"
    if rate_to_blame(settings):
        fix = f"Use a rate of {range_words(settings)}, then press R."
    else:
        fix = "The rate is in range: press R for new weights, or add neurons."
    return (  # one status line: short enough for a 1024 px window
        f"Saturated{'' if step is None else f' at step {step:,}'}: neurons sit {flat} "
        f"{saturation.flat_share:.0%} of the time, {saturation.accuracy:.0%} right. {fix}"
    )
