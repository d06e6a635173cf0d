"""A small fully connected network trained by minibatch SGD, written for speed at tiny sizes.

Its weights and biases live in one flat float32 vector (`flat.py` says why and how a step is
guarded against divergence); `weights` and `biases` are read-only views into it, the gradient
lands in a second flat vector through `out=` views, and every write goes through
`set_parameters`, so the length bound the guard keeps always sees it. Arrays that end up in the
trace are fresh each step, never reused.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

import numpy as np

from playground.core.nn.activations import ACTIVATIONS, glorot_std
from playground.core.nn.arrays import Batch, Bias, Layer, Outputs, Targets, Weights
from playground.core.nn.flat import guarded_add, layout, length, split
from playground.core.nn.losses import LOSSES, as_probabilities
from playground.core.nn.model_file import ModelArrays, read_model, write_model
from playground.core.nn.trace import Trace


class Network:
    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "tanh",
        loss: str = "mse",
        seed: int = 0,
        momentum: float = 0.0,
    ) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"a network needs at least two positive layer sizes, got {sizes}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}, expected {list(ACTIVATIONS)}")
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}, expected one of {list(LOSSES)}")
        self._sizes = sizes
        self._activation = activation
        self._loss_name = loss
        self._hidden = ACTIVATIONS[activation]
        self._output = LOSSES[loss]
        self.momentum = float(momentum)
        self._layout = layout(sizes)
        self._params = np.zeros(self._layout[-1][-1], dtype=np.float32)
        # the public views look through a read-only buffer, so they cannot be made writable
        public = np.frombuffer(memoryview(self._params).toreadonly(), np.float32)  # type: ignore[arg-type]  # ndarray is a Buffer; numpy's stubs say so on 3.12+ only
        self._weights, self._biases = self._split(public)
        self._hidden_layers = list(zip(self._weights[:-1], self._biases[:-1], strict=True))
        self._weights_t = [w.T for w in self._weights]
        # backward through the hidden layers: (layer index, its weights transposed), last first
        self._back_layers = [(i, self._weights_t[i]) for i in range(len(self._weights) - 1, 0, -1)]
        self._grads = np.zeros_like(self._params)
        self._grad_w, self._grad_b = self._split(self._grads)
        self._grad_layers = list(zip(self._grad_w, self._grad_b, strict=True))
        self._scratch = np.zeros_like(self._params)  # candidate weights while checking a step
        self._ones = np.ones(0, dtype=np.float32)  # sums a batch's deltas into bias gradients
        self._velocity: np.ndarray | None = None  # allocated on the first step with momentum
        rng = np.random.default_rng(seed)
        last = len(self._weights) - 1
        for i, w in enumerate(self._split(self._params)[0]):
            n_in, n_out = w.shape
            # Hidden layers follow their activation's rule; the sigmoid/softmax output, Glorot's.
            rule = glorot_std if i == last else self._hidden.init_std
            w[...] = rng.normal(0.0, rule(n_in, n_out), size=w.shape)
        self._length = length(self._params)  # an upper bound on the parameters' 2-norm
        self._start = self._params.copy()  # where training started (see start_weights)
        start = np.frombuffer(memoryview(self._start).toreadonly(), np.float32)  # type: ignore[arg-type]  # ndarray is a Buffer; numpy's stubs say so on 3.12+ only
        self._start_weights = self._split(start)[0]

    # -- description ------------------------------------------------------------------------
    @property
    def sizes(self) -> list[int]:
        return list(self._sizes)

    @property
    def activation(self) -> str:
        return self._activation

    @property
    def loss_name(self) -> str:
        return self._loss_name

    @property
    def weights(self) -> list[Weights]:
        """Float32 (n_in, n_out) per layer; live read-only views (write with set_parameters)."""
        return self._weights

    @property
    def start_weights(self) -> list[Weights]:
        """The weights training started from: the random draw, or the last set_parameters (a
        loaded run). Read-only views, so a picture can show what training changed, w - start."""
        return self._start_weights

    @property
    def biases(self) -> list[Bias]:
        """Float32 (n_out,) per layer; live read-only views (write with set_parameters)."""
        return self._biases

    def set_parameters(
        self,
        weights: Sequence[np.ndarray] | None = None,
        biases: Sequence[np.ndarray] | None = None,
    ) -> None:
        """Copy new values into every layer's weights and/or biases (None keeps them)."""
        for new, old in ((weights, self._weights), (biases, self._biases)):
            if new is None:
                continue
            if len(new) != len(old):
                raise ValueError(f"need {len(old)} arrays, one per layer, got {len(new)}")
            for src, dst in zip(new, old, strict=True):
                if np.shape(src) != dst.shape:
                    raise ValueError(f"need an array of shape {dst.shape}, got {np.shape(src)}")
        writable = self._split(self._params)  # fresh views: the public ones are read-only
        for new, views in zip((weights, biases), writable, strict=True):
            for src, dst in zip(new or [], views, strict=False):
                dst[...] = src
        self._length = length(self._params)
        self._start[...] = self._params

    def __repr__(self) -> str:
        shape = "-".join(map(str, self._sizes))
        return f"Network({shape}, {self._activation}, {self._loss_name})"

    # -- evaluation -------------------------------------------------------------------------
    def forward(self, x: Batch) -> tuple[list[Layer], list[Layer]]:
        """(pre_activations for layers 1..L, activations for layers 0..L with [0] = x)."""
        zs, acts = self._forward_to_logits(x)
        acts.append(self._output.output(zs[-1]))
        return zs, acts

    def predict(self, x: Batch) -> Outputs:
        """(n, k) output scores in [0, 1]."""
        return self.forward(x)[1][-1]

    def probabilities(self, x: Batch) -> Outputs:
        """(n, k) rows summing to 1: softmax for xent, scores over their row sum for mse."""
        return as_probabilities(self.predict(x), self._loss_name)

    def loss(self, x: Batch, y_onehot: Targets) -> float:
        return self.outputs_and_loss(x, y_onehot)[1]

    def outputs_and_loss(self, x: Batch, y_onehot: Targets) -> tuple[Outputs, float]:
        """(n, k) output scores and the loss from one forward pass (validation needs both)."""
        zs, _ = self._forward_to_logits(x)
        outputs, loss, _ = self._output.evaluate(zs[-1], self._targets(y_onehot, x))
        return outputs, loss

    def gradients(self, x: Batch, y_onehot: Targets) -> tuple[list[Weights], list[Bias]]:
        """dLoss/dW and dLoss/db per layer, same shapes as weights and biases."""
        self._backward(x, self._targets(y_onehot, x))
        return [g.copy() for g in self._grad_w], [g.copy() for g in self._grad_b]

    def input_gradient(self, x: Batch, k: int) -> Batch:
        """(n, sizes[0]): d(output score k)/d(input), by one extra backward pass."""
        zs, acts = self.forward(x)
        deltas = self._deltas(zs, acts, self._output.slope(acts[-1], k))
        return np.dot(deltas[0], self._weights_t[0])

    # -- training ---------------------------------------------------------------------------
    def train_step(self, x: Batch, y_onehot: Targets, lr: float) -> Trace:
        """One SGD step (with momentum if set); refused, not applied, if it would diverge."""
        y = self._targets(y_onehot, x)
        zs, acts, deltas, loss = self._backward(x, y)
        step = np.multiply(self._grads, np.float32(-lr))
        if self.momentum and self._velocity is not None:
            step += self._velocity * np.float32(self.momentum)
        diverged = not (math.isfinite(loss) and self._apply(step))
        if diverged:
            step = np.zeros_like(step)
        elif self.momentum:
            self._velocity = step
        return Trace(acts[0], y, zs, acts, deltas, step, self._split, loss, float(lr), diverged)

    def _apply(self, step: np.ndarray) -> bool:
        """Add `step` unless it would diverge (see flat.guarded_add); True if it was added."""
        bound = guarded_add(self._params, step, self._length, self._scratch)
        if bound is None:
            return False
        self._length = bound
        return True

    def _backward(
        self, x: np.ndarray, y: np.ndarray
    ) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], float]:
        """Forward and backward pass, leaving dLoss/dparams in the flat gradient vector.

        Returns pre-activations, activations, deltas and the loss.
        """
        zs, acts = self._forward_to_logits(x)
        outputs, loss, delta = self._output.evaluate(zs[-1], y)
        acts.append(outputs)
        deltas = self._deltas(zs, acts, delta)
        n = len(x)
        if len(self._ones) != n:
            self._ones = np.ones(n, dtype=np.float32)
        ones = self._ones
        # acts has one more entry (the outputs) than deltas; zip stops at the last layer's input.
        for a, d, (gw, gb) in zip(acts, deltas, self._grad_layers, strict=False):
            np.dot(a.T, d, out=gw)
            np.dot(ones, d, out=gb)
        return zs, acts, deltas, loss

    def _forward_to_logits(self, x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Forward pass up to the output pre-activations; the loss applies the output layer."""
        a = self._inputs(x)
        zs, acts = [], [a]
        hidden = self._hidden.forward
        for w, b in self._hidden_layers:
            z = np.dot(a, w)
            z += b
            a = hidden(z)
            zs.append(z)
            acts.append(a)
        z = np.dot(a, self._weights[-1])
        z += self._biases[-1]
        zs.append(z)
        return zs, acts

    def _deltas(
        self, zs: list[np.ndarray], acts: list[np.ndarray], delta: np.ndarray
    ) -> list[np.ndarray]:
        """Carry an output-layer dz back through the hidden layers: dz for layers 1..L."""
        deltas = [delta] * len(zs)
        backprop = self._hidden.backprop
        for i, w_t in self._back_layers:
            delta = np.dot(delta, w_t)
            backprop(delta, zs[i - 1], acts[i])
            deltas[i - 1] = delta
        return deltas

    def _inputs(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != self._sizes[0]:
            raise ValueError(f"inputs must be (n, {self._sizes[0]}), got {x.shape}")
        return x

    def _targets(self, y: np.ndarray, x: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=np.float32)
        if y.shape != (len(x), self._sizes[-1]):
            raise ValueError(f"targets must be ({len(x)}, {self._sizes[-1]}), got {y.shape}")
        return y

    def _split(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer weight and bias views into a flat parameter-shaped vector."""
        return split(flat, self._layout)

    # -- copies and files -------------------------------------------------------------------
    def copy(self) -> Network:
        clone = Network(self._sizes, self._activation, self._loss_name, 0, self.momentum)
        clone._params[...] = self._params
        clone._start[...] = self._start
        clone._length = self._length
        if self._velocity is not None:
            clone._velocity = self._velocity.copy()
        return clone

    def save(self, path: str | os.PathLike) -> None:
        """Write an .npz model file atomically; ModelFileError if it cannot be written."""
        model = ModelArrays(
            self.sizes, self._activation, self._loss_name, self._weights, self._biases
        )
        write_model(path, model)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Network:
        """Build a network from a model file; ModelFileError naming the file on any problem."""
        model = read_model(path)
        net = cls(model.sizes, model.activation, model.loss)
        net.set_parameters(model.weights, model.biases)
        return net
