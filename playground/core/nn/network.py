"""A small fully connected network trained by minibatch SGD, written for speed at tiny sizes.

The maths, for layers l = 1..L with weights W_l (n_in, n_out), biases b_l and a batch x (n, 784):
forward z_l = a_{l-1} W_l + b_l, a_l = f(z_l) (a_0 = x; the loss applies the output layer's f);
backward delta_L = dLoss/dz_L (from the loss), delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1});
gradients dLoss/dW_l = a_{l-1}^T delta_l and dLoss/db_l = delta_l summed over the batch; the step
adds -lr times the gradient (plus momentum times the previous step).

At 784-16-16-16-k the arithmetic of a step is a few microseconds; what costs is the number of
numpy calls. So the parameters are one flat vector (playground/core/nn/parameters.py: one
whole-vector update, the divergence bound) and a step works in buffers allocated once per batch
size (playground/core/nn/workspace.py: hidden layers stored neurons-down so each bias rides
inside its matrix product, all slopes in one call). What the trace keeps is copied out of them
in one call, so a trace is never touched by later steps; a step no picture will show
(`train_step_untraced`) copies nothing, and takes -lr into its backward pass so that the
gradient it leaves is the step itself.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

import numpy as np

from playground.core.nn.activations import ACTIVATIONS, glorot_std
from playground.core.nn.arrays import Batch, Bias, Layer, Outputs, Targets, Weights
from playground.core.nn.losses import LOSSES, as_probabilities
from playground.core.nn.model_file import ModelArrays, read_model, write_model
from playground.core.nn.parameters import WEIGHT_LIMIT, Parameters, read_only
from playground.core.nn.trace import Trace
from playground.core.nn.workspace import Workspace

__all__ = ["WEIGHT_LIMIT", "Network"]
WORKSPACES = 8  # batch sizes whose buffers are kept; more and they are all dropped and remade


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
        self._params = params = Parameters(sizes)
        self._weights, self._biases = params.weights, params.biases  # read-only views
        self._weights_t = [w.T for w in self._weights]
        # backward through the hidden layers: (layer index, its weights transposed), last first
        self._back_layers = [(i, self._weights_t[i]) for i in range(len(self._weights) - 1, 0, -1)]
        self._augmented_t = [w.T for w in params.augmented(read_only(params.flat))]  # W~^T
        # dLoss/dparams in the parameters' layout, times the scale _backward was given
        self._grads = np.zeros_like(params.flat)
        self._grad_w, self._grad_b = params.split(self._grads)
        self._grad_augmented = params.augmented(self._grads)  # [dLoss/dW; dLoss/db], layers 2..
        self._grad_first_t = params.first_t(self._grads)  # dLoss/dW_1, transposed as stored
        self._workspaces: dict[int, Workspace] = {}
        self._velocity: np.ndarray | None = None  # allocated on the first step with momentum
        rng = np.random.default_rng(seed)
        last = len(self._weights) - 1
        for i, w in enumerate(params.split(params.flat)[0]):
            n_in, n_out = w.shape
            # Hidden layers follow their activation's rule; the sigmoid/softmax output, Glorot's.
            rule = glorot_std if i == last else self._hidden.init_std
            w[...] = rng.normal(0.0, rule(n_in, n_out), size=w.shape)
        params.set(None, None)  # makes the length bound exact
        self._start = params.flat.copy()  # where training started (see start_weights)
        self._start_weights = params.split(read_only(self._start))[0]

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
        self._params.set(weights, biases)
        self._start[...] = self._params.flat

    def __repr__(self) -> str:
        shape = "-".join(map(str, self._sizes))
        return f"Network({shape}, {self._activation}, {self._loss_name})"

    # -- evaluation -------------------------------------------------------------------------
    def forward(self, x: Batch) -> tuple[list[Layer], list[Layer]]:
        """(pre_activations for layers 1..L, activations for layers 0..L with [0] = x)."""
        x = self._inputs(x)
        work = self._workspace(len(x))
        self._forward(x, work)
        zs, hidden, _ = work.cut(work.record.copy())
        return zs, [x, *hidden, self._output.output(zs[-1])]

    def predict(self, x: Batch) -> Outputs:
        """(n, k) output scores in [0, 1]."""
        x = self._inputs(x)
        return self._output.output(self._forward(x, self._workspace(len(x))))

    def probabilities(self, x: Batch) -> Outputs:
        """(n, k) rows summing to 1: softmax for xent, scores over their row sum for mse."""
        return as_probabilities(self.predict(x), self._loss_name)

    def loss(self, x: Batch, y_onehot: Targets) -> float:
        return self.outputs_and_loss(x, y_onehot)[1]

    def outputs_and_loss(self, x: Batch, y_onehot: Targets) -> tuple[Outputs, float]:
        """(n, k) output scores and the loss from one forward pass (validation needs both)."""
        x = self._inputs(x)
        z = self._forward(x, self._workspace(len(x)))
        outputs, loss, _ = self._output.evaluate(z, self._targets(y_onehot, x))
        return outputs, loss

    def gradients(self, x: Batch, y_onehot: Targets) -> tuple[list[Weights], list[Bias]]:
        """dLoss/dW and dLoss/db per layer, same shapes as weights and biases."""
        x = self._inputs(x)
        self._backward(x, self._targets(y_onehot, x), self._workspace(len(x)))
        return [g.copy() for g in self._grad_w], [g.copy() for g in self._grad_b]

    def input_gradient(self, x: Batch, k: int) -> Batch:
        """(n, sizes[0]): d(output score k)/d(input), by one extra backward pass, written
        plainly: delta = (delta W^T) * f'(z) layer by layer, then through the first weights."""
        zs, acts = self.forward(x)
        delta = self._output.slope(acts[-1], k)
        for i, w_t in self._back_layers:
            delta = np.dot(delta, w_t)
            self._hidden.backprop(delta, zs[i - 1], acts[i])
        return np.dot(delta, self._weights_t[0])

    # -- training ---------------------------------------------------------------------------
    def train_step(self, x: Batch, y_onehot: Targets, lr: float) -> Trace:
        """One SGD step (with momentum if set); refused, not applied, if it would diverge."""
        x = self._inputs(x)
        y = self._targets(y_onehot, x)
        work = self._workspace(len(x))
        outputs, loss, delta = self._backward(x, y, work)
        step = np.multiply(self._grads, np.float32(-lr))  # fresh: the trace keeps it
        diverged = not self._apply(step, loss)
        if diverged:
            step = np.zeros_like(step)
        record = work.record.copy()  # everything the trace shows of the hidden layers, one call
        split = self._params.split
        return Trace(x, y, record, work.cut, outputs, delta, step, split, loss, float(lr), diverged)

    def train_step_untraced(self, x: Batch, y_onehot: Targets, lr: float) -> float | None:
        """The same step as `train_step`, for steps no picture will show (at fast speed a frame
        shows only its last): no trace, so nothing is copied or allocated for one. Returns the
        minibatch loss, or None if the step was refused as divergence (nothing applied: the
        same step again with `train_step` gives its trace)."""
        x = self._inputs(x)
        work = self._workspace(len(x))
        _, loss, _ = self._backward(x, self._targets(y_onehot, x), work, -lr)
        # -lr times the gradient is the step; with momentum the velocity keeps it, so a copy
        step = self._grads.copy() if self.momentum else self._grads
        return loss if self._apply(step, loss) else None

    def _apply(self, step: np.ndarray, loss: float) -> bool:
        """Add momentum's share to `step` and apply it, unless the loss or the step blows up;
        True if applied (the velocity then becomes this step)."""
        if self.momentum and self._velocity is not None:
            step += self._velocity * np.float32(self.momentum)
        if not (math.isfinite(loss) and self._params.apply(step)):
            return False
        if self.momentum:
            self._velocity = step
        return True

    def _forward(self, x: np.ndarray, work: Workspace) -> np.ndarray:
        """Forward pass into `work`'s buffers; returns the output layer's z, (n, k).

        Hidden layers are computed neurons-down (workspace.py): z_1 = x W_1 + b_1 (in (n, width)
        order, read transposed by its activation), then z_l^T = W~_l^T [a_{l-1}^T; 1], the bias
        inside the product, and the output layer back in the (n, k) orientation the loss reads:
        z_L = [a_{L-1}^T; 1]^T W~_L.
        """
        if not work.acts_t:  # no hidden layer: the inputs feed the outputs
            z = np.dot(x, self._weights[0], out=work.z_out)
            z += self._biases[0]
            return z
        f = self._hidden.forward
        z = np.dot(x, self._weights[0], out=work.z_first[0])
        z += self._biases[0]
        f(z.T, out=work.values_t[0])
        for w_t, a_t, z_t, value_t in zip(
            self._augmented_t[:-1], work.acts_t, work.zs_t, work.values_t[1:], strict=False
        ):
            np.dot(w_t, a_t, out=z_t)
            f(z_t, out=value_t)
        return np.dot(work.acts_t[-1].T, self._augmented_t[-1].T, out=work.z_out)

    def _backward(
        self, x: np.ndarray, y: np.ndarray, work: Workspace, scale: float = 1.0
    ) -> tuple[np.ndarray, float, np.ndarray]:
        """Forward and backward pass, leaving dLoss/dparams in the flat gradient vector.

        Returns the outputs, the loss and the output layer's delta (all fresh arrays; the
        hidden layers' values are in `work`). Each hidden delta^T = (W delta_above^T) * f', with
        the slopes f' of all hidden layers found at once from their activations; each layer's
        [dLoss/dW; dLoss/db] = [a_{l-1}^T; 1] delta_l, one product.

        With a `scale` other than 1 the output delta (the one returned too) is multiplied by it
        before going back: every delta and gradient is linear in it, so the gradient vector holds
        scale * dLoss/dparams (with scale = -lr, the step itself, and no pass over all
        parameters to scale them) and the hidden deltas in `work` are scaled too: only for a
        step no trace shows.
        """
        # the loss scales its delta inside a product it makes anyway: no extra call
        outputs, loss, delta = self._output.evaluate(self._forward(x, work), y, scale)
        delta_t = delta.T  # the delta of the layer reached, transposed; the first one's at the end
        if work.acts_t:
            self._hidden.slope(work.acts_block, work.slopes_block)
            np.dot(work.acts_t[-1], delta, out=self._grad_augmented[-1])
            delta_t = np.dot(self._weights[-1], delta.T, out=work.deltas_t[-1])
            delta_t *= work.slopes_t[-1]
            for i in range(len(work.acts_t) - 1, 0, -1):  # hidden layer i + 1 (of 1..L-1), down
                above = delta_t
                np.dot(work.acts_t[i - 1], above.T, out=self._grad_augmented[i - 1])
                delta_t = np.dot(self._weights[i], above, out=work.deltas_t[i - 1])
                delta_t *= work.slopes_t[i - 1]
        # the first layer's gradient, (x^T delta)^T = delta^T x, as it is stored (parameters.py)
        np.dot(delta_t, x, out=self._grad_first_t)
        np.dot(delta_t, work.ones, out=self._grad_b[0])
        return outputs, loss, delta

    def _workspace(self, n: int) -> Workspace:
        """The buffers for batch size n, made on first use."""
        work = self._workspaces.get(n)
        if work is None:
            if len(self._workspaces) >= WORKSPACES:
                self._workspaces.clear()
            work = self._workspaces[n] = Workspace(self._sizes, n)
        return work

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

    # -- copies and files -------------------------------------------------------------------
    def copy(self) -> Network:
        clone = Network(self._sizes, self._activation, self._loss_name, 0, self.momentum)
        clone._params.flat[...] = self._params.flat
        clone._params.length = self._params.length
        clone._start[...] = self._start
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
