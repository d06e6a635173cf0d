"""The record of one training step: everything the picture may show about it.

The trace is the only thing the rendering reads from training. Apart from `inputs` and
`targets` (the caller's minibatch), every array in it was allocated for that step and is never
touched again, so a trace stays valid and unchanged after later steps, and the picture can
never reach back into the model.
Layer l runs from 0 (the inputs) to L (the outputs); n is the minibatch size, k the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trace:
    inputs: np.ndarray  # (n, sizes[0]) the minibatch as the network saw it
    targets: np.ndarray  # (n, k) one-hot targets
    pre_activations: list[np.ndarray]  # L arrays, [l-1] is (n, sizes[l]): z of layers 1..L
    activations: list[np.ndarray]  # L+1 arrays, [l] is (n, sizes[l]); [0] is inputs
    deltas: list[np.ndarray]  # L arrays, [l-1] is (n, sizes[l]): dLoss/dz of layers 1..L
    weight_changes: list[np.ndarray]  # L arrays (sizes[l-1], sizes[l]): applied, 0 if diverged
    bias_changes: list[np.ndarray]  # L arrays (sizes[l],): applied, 0 if diverged
    loss: float  # minibatch loss before the update (may be inf or nan if diverged)
    lr: float  # learning rate of this step
    diverged: bool  # True: the update would have blown up the weights and was not applied

    @property
    def outputs(self) -> np.ndarray:
        """(n, k) output scores: sigmoid scores for mse, softmax probabilities for xent."""
        return self.activations[-1]

    @property
    def guesses(self) -> np.ndarray:
        """(n,) index of the highest output per sample."""
        return self.activations[-1].argmax(axis=1)
