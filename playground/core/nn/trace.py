"""The record of one training step: everything the picture may show about it.

The trace is the only thing the rendering reads from training. Apart from `inputs` and
`targets` (the caller's minibatch), every array in it was allocated for that step and is never
touched again, so a trace stays valid and unchanged after later steps, and the picture can
never reach back into the model.
Layer l runs from 0 (the inputs) to L (the outputs); n is the minibatch size, k the outputs.
At fast speed hundreds of steps run per frame and the picture reads only the last one's, so
only that step makes a trace (the others use `Network.train_step_untraced`), and a trace keeps
what the step computed in the cheapest form to copy and cuts it into layers only when read:
the hidden layers' values as one flat copy of the step's buffers (`record`, cut by
playground/core/nn/workspace.py), the applied change as the network's one flat vector. Not a
frozen dataclass only because freezing triples the cost of making one: treat every field as
read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from playground.core.nn.arrays import Bias, Labels, Outputs, Weights

Layers = tuple[list[np.ndarray], list[np.ndarray]]
Record = tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]


@dataclass(slots=True)
class Trace:
    inputs: np.ndarray  # (n, sizes[0]) the minibatch as the network saw it
    targets: np.ndarray  # (n, k) one-hot targets
    record: np.ndarray  # the hidden layers' z, activations and deltas, flat (read them below)
    cut: Callable[[np.ndarray], Record]  # record -> (zs of layers 1..L, hidden acts, deltas)
    outputs: Outputs  # (n, k) output scores: sigmoid scores for mse, softmax for xent
    output_deltas: np.ndarray  # (n, k) dLoss/dz of the output layer
    changes: np.ndarray  # the applied change of every parameter, flat; 0 if diverged
    split: Callable[[np.ndarray], Layers]  # flat parameter vector -> (weights, biases) views
    loss: float  # minibatch loss before the update (may be inf or nan if diverged)
    lr: float  # learning rate of this step
    diverged: bool  # True: the update would have blown up the weights and was not applied
    _values: Record | None = field(default=None, init=False, repr=False, compare=False)
    _layers: Layers | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def pre_activations(self) -> list[np.ndarray]:
        """L arrays, [l-1] is (n, sizes[l]): z of layers 1..L."""
        return self._cut()[0]

    @property
    def activations(self) -> list[np.ndarray]:
        """L+1 arrays, [l] is (n, sizes[l]); [0] is inputs, [L] outputs."""
        return self._cut()[1]

    @property
    def deltas(self) -> list[np.ndarray]:
        """L arrays, [l-1] is (n, sizes[l]): dLoss/dz of layers 1..L."""
        return self._cut()[2]

    def _cut(self) -> Record:
        if self._values is None:
            zs, hidden, deltas = self.cut(self.record)
            acts = [self.inputs, *hidden, self.outputs]
            self._values = zs, acts, [*deltas, self.output_deltas]
        return self._values

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
    def guesses(self) -> Labels:
        """(n,) index of the highest output per sample."""
        return self.outputs.argmax(axis=1)
