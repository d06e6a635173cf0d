"""The numbers behind one neuron or one weight, as lines of text for the inspect card.

Pure (no pygame) so the words and the arithmetic are tested without a display. The numbers are
those of the shown step: z and f(z) from its trace, the bias as the network has it now, so
w.x is what z leaves after the bias; delta and the weight change are the step's own.
"""

from __future__ import annotations

import numpy as np

from playground.ui.render.shown import Shown


def _signed(value: float) -> str:
    return f"({value:.3f})" if value < 0 else f"{value:.3f}"


def neuron_facts(
    shown: Shown,
    biases: list[np.ndarray],
    layer: int,
    index: int,
    activation: str,
    loss: str,
    digits: tuple[int, ...],
) -> tuple[str, list[str]]:
    """(title, lines) for neuron `index` of `layer` (1..L)."""
    last = layer == len(shown.pre_activations)
    title = f"output for {digits[index]}" if last else f"layer {layer}, neuron {index + 1}"
    z = float(shown.pre_activations[layer - 1][index])
    a = float(shown.activations[layer][index])
    b = float(np.nan_to_num(biases[layer - 1][index]))
    f = ("softmax" if loss == "xent" else "sigmoid") if last else activation
    n_in = len(shown.activations[layer - 1])
    lines = [
        f"z = w·x + b  ({n_in} inputs)",
        f"   = {z - b:.3f} (w·x) + {_signed(b)} (b) = {z:.3f}",
        f"f(z) = {f}(z) = {a:.3g}",
    ]
    if shown.deltas is not None:
        delta = float(shown.deltas[layer - 1][index])
        lines.append(f"error δ = dLoss/dz = {delta:.3g}")
        if shown.batch > 1:  # the loss is the batch's mean: a digit's own error over the batch
            lines.append(f"   = {delta * shown.batch:.3g} (this digit's) / {shown.batch} (batch)")
        if delta:
            lines.append(f"   so z should go {'down' if delta > 0 else 'up'}")
    if shown.weight_changes is not None:
        change = np.abs(shown.weight_changes[layer - 1][:, index])
        lines.append(f"last step: Σ|Δw| = {float(change.sum()):.3g}")
        lines.append(f"   largest |Δw| = {float(change.max()):.3g}")
    return title, lines


def edge_facts(
    shown: Shown, weights: list[np.ndarray], segment: int, i: int, j: int, digits: tuple[int, ...]
) -> tuple[str, list[str]]:
    """(title, lines) for the weight from neuron i of layer segment-1 to neuron j of `segment`."""
    last = segment == len(weights)
    into = f"output {digits[j]}" if last else f"layer {segment} neuron {j + 1}"
    w = float(np.nan_to_num(weights[segment - 1][i, j]))
    x = float(shown.activations[segment - 1][i])
    lines = [f"w = {w:.3g}", f"carries x·w = {x:.3g} × {_signed(w)} = {x * w:.3g}"]
    if shown.weight_changes is not None:
        lines.append(f"last step: Δw = {float(shown.weight_changes[segment - 1][i, j]):.3g}")
        if shown.batch > 1:  # its sign can be the opposite of this digit's own pull
            lines.append(f"   (from all {shown.batch} digits of the batch)")
    return f"weight: layer {segment - 1} neuron {i + 1} to {into}", lines
