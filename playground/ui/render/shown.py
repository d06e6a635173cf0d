"""The one sample the network picture shows, cut out of a trace (or a forward pass) and made safe.

A training step holds a whole minibatch; the picture follows one sample through it. Everything
here is finite by construction (NaN and inf from a diverged step become 0 or the largest finite
value), so no renderer can ever put NaN on screen. Pure numpy, testable without a display.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.core.nn import Trace

LIMIT = 1e6  # beyond any value a sane network shows; a diverged one is clipped here


@dataclass(frozen=True)
class Shown:
    key: int  # changes whenever the sample or its numbers change (for caches)
    image: np.ndarray  # (784,) the input as the network saw it
    pre_activations: list[np.ndarray]  # layers 1..L: z = w.x + b for this sample
    activations: list[np.ndarray]  # layers 0..L for this sample
    deltas: list[np.ndarray] | None  # layers 1..L: dLoss/dz (None: no step, no error)
    weight_changes: list[np.ndarray] | None  # segments 1..L: what the step applied
    target: int | None  # output index of the right answer, None when unknown
    probabilities: np.ndarray  # (k,) sums to 1
    loss: float | None  # the step's minibatch loss (None: no step, or it was not finite)
    step: int | None = None  # the training step it is from, or the steps its weights had
    batch: int = 1  # digits in the step's minibatch: the loss is their mean, so each delta is
    # 1/batch of the digit's own (a forward pass alone: 1)

    @property
    def guess(self) -> int:
        return int(np.argmax(self.probabilities))


def finite(values: np.ndarray) -> np.ndarray:
    """A float32 copy with NaN as 0 and everything clipped to +-LIMIT (products stay finite)."""
    v = np.nan_to_num(np.asarray(values, np.float32), nan=0.0, posinf=LIMIT, neginf=-LIMIT)
    return np.clip(v, -LIMIT, LIMIT)


def probabilities(outputs: np.ndarray, loss: str) -> np.ndarray:
    """Output scores as probabilities: softmax outputs already are; sigmoid scores are scaled to
    sum to 1 (uniform when all are 0), as the network's `probabilities` does."""
    scores = np.clip(finite(outputs), 0.0, None)
    if loss == "xent":
        return scores
    total = float(scores.sum())
    return scores / total if total > 0 else np.full_like(scores, 1.0 / len(scores))


def from_trace(trace: Trace, index: int, loss: str, key: int, step: int | None = None) -> Shown:
    """Sample `index` of a training step's minibatch (the `step`th step)."""
    return Shown(
        key=key,
        image=finite(trace.inputs[index]),
        pre_activations=[finite(z[index]) for z in trace.pre_activations],
        activations=[finite(a[index]) for a in trace.activations],
        deltas=[finite(d[index]) for d in trace.deltas],
        weight_changes=[finite(w) for w in trace.weight_changes],
        target=int(np.argmax(trace.targets[index])),
        probabilities=probabilities(trace.outputs[index], loss),
        loss=float(trace.loss) if np.isfinite(trace.loss) else None,
        step=step,
        batch=len(trace.inputs),
    )


def from_forward(
    forward: tuple[list[np.ndarray], list[np.ndarray]],
    loss: str,
    key: int,
    target: int | None = None,
    step: int | None = None,
) -> Shown:
    """A sample passed forward outside training (no error, no change): `forward` is what
    `Network.forward` returns for a batch of one, with weights `step` steps trained."""
    zs = [finite(z[0]) for z in forward[0]]
    acts = [finite(a[0]) for a in forward[1]]
    probs = probabilities(acts[-1], loss)
    return Shown(key, acts[0], zs, acts, None, None, target, probs, None, step)


def whole_percents(shares: np.ndarray) -> list[int]:
    """Shares (0..1 each) as whole percentages. When they are a distribution (summing to 1) the
    largest remainders take the leftover points, so the numbers shown add up to exactly 100
    (three shares of a third read 34, 33, 33, not 33 three times); otherwise each is rounded."""
    values = np.clip(np.nan_to_num(np.asarray(shares, np.float64)), 0.0, 1.0) * 100
    whole = np.floor(values).astype(int)
    if abs(values.sum() - 100) > 0.5:  # shares rounded to 4 places still count as summing to 1
        return [int(v) for v in np.rint(values)]
    order = np.argsort(-(values - whole), kind="stable")
    whole[order[: 100 - int(whole.sum())]] += 1
    return [int(v) for v in whole]
