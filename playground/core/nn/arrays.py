"""Names for the arrays the network passes around, each with its shape, so a signature says what
goes in and what comes out (n samples, k outputs, layer widths from `Network.sizes`).

They are numpy's own typed arrays; mypy checks the dtype, the comments carry the shape.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Batch = npt.NDArray[np.float32]  # (n, 784): inputs in [0, 1], one row per sample
Targets = npt.NDArray[np.float32]  # (n, k): one-hot rows, 1.0 at the true output
Outputs = npt.NDArray[np.float32]  # (n, k): the output layer's activations
Labels = npt.NDArray[np.intp]  # (n,): an output index per sample
Layer = npt.NDArray[np.float32]  # (n, width): one layer's pre-activations or activations
Weights = npt.NDArray[np.float32]  # (n_in, n_out): one layer's weights
Bias = npt.NDArray[np.float32]  # (n_out,): one layer's biases
