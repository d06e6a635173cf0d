"""The record of one training step: everything the picture may show about it.

The trace is the only thing the rendering reads from training. Apart from `inputs` and
`targets` (the caller's minibatch), every array in it was allocated for that step and is never
touched again, so a trace stays valid and unchanged after later steps, and the picture can
never reach back into the model.
Layer l runs from 0 (the inputs) to L (the outputs); n is the minibatch size, k the outputs.
The applied change is kept as the network's one flat vector and cut into layers only when read:
at fast speed dozens of steps run per frame and the picture reads only the last one's. Not a
frozen dataclass only because freezing triples the cost of making one, once per step: treat
every field as read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from playground.core.nn.arrays import Bias, Labels, Outputs, Weights

Layers = tuple[list[np.ndarray], list[np.ndarray]]


@dataclass(slots=True)
class Trace:
    inputs: np.ndarray  # (n, sizes[0]) the minibatch as the network saw it
    targets: np.ndarray  # (n, k) one-hot targets
    pre_activations: list[np.ndarray]  # L arrays, [l-1] is (n, sizes[l]): z of layers 1..L
    activations: list[np.ndarray]  # L+1 arrays, [l] is (n, sizes[l]); [0] is inputs
    deltas: list[np.ndarray]  # L arrays, [l-1] is (n, sizes[l]): dLoss/dz of layers 1..L
    changes: np.ndarray  # the applied change of every parameter, flat; 0 if diverged
    split: Callable[[np.ndarray], Layers]  # flat parameter vector -> (weights, biases) views
    loss: float  # minibatch loss before the update (may be inf or nan if diverged)
    lr: float  # learning rate of this step
    diverged: bool  # True: the update would have blown up the weights and was not applied
    _layers: Layers | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def weight_changes(self) -> list[Weights]:
        """L arrays (sizes[l-1], sizes[l]): what the step applied to each weight."""
        return self._changes_by_layer()[0]

    @property
    def bias_changes(self) -> list[Bias]:
        """L arrays (sizes[l],): what the step applied to each bias."""
        return self._changes_by_layer()[1]

    def _changes_by_layer(self) -> Layers:
        if self._layers is None:
            self._layers = self.split(self.changes)
        return self._layers

    @property
    def outputs(self) -> Outputs:
        """(n, k) output scores: sigmoid scores for mse, softmax probabilities for xent."""
        return self.activations[-1]

    @property
    def guesses(self) -> Labels:
        """(n,) index of the highest output per sample."""
        return self.activations[-1].argmax(axis=1)
