"""When each part of a training step's animation happens, as pure functions of time and trace.

One step is told as a story: pulses run forward through the layers, the output holds its guess
against the target, an error sweep runs back, and a short rest follows. Nothing here draws or keeps
state, so the same time and trace always give the same picture, and the timing is tested without a
display. Positions along the network are measured in layers: a front at 1.5 is halfway between
layer 1 and layer 2; segment l holds the weights from layer l-1 into layer l.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

FLASH_SECONDS = 0.25  # how long a neuron glows after a front reaches it


@dataclass(frozen=True)
class Story:
    """Seconds spent on each part of one step's story."""

    forward: float
    hold: float
    backward: float
    rest: float

    @property
    def total(self) -> float:
        return self.forward + self.hold + self.backward + self.rest

    def showing(self, forward: bool, backward: bool) -> Story:
        """The same story with the parts switched off taking no time (the guess needs forward)."""
        return replace(
            self,
            forward=self.forward if forward else 0.0,
            hold=self.hold if forward else 0.0,
            backward=self.backward if backward else 0.0,
        )


# Live replays a recent step while training runs on; slow tells every step; fast only glimpses.
STORIES = {
    "slow": Story(forward=0.6, hold=0.3, backward=0.5, rest=0.1),
    "live": Story(forward=0.45, hold=0.12, backward=0.4, rest=0.15),
    "fast": Story(forward=0.25, hold=0.05, backward=0.2, rest=0.1),
}
PULSES_PER_SEGMENT = {"slow": 48, "live": 32, "fast": 12}  # fast thins the animation out


def phase(t: float, story: Story) -> str:
    """'forward', 'hold', 'backward', 'rest' or 'done' at `t` seconds into the story."""
    for name in ("forward", "hold", "backward", "rest"):
        length = getattr(story, name)
        if t < length:
            return name
        t -= length
    return "done"


def forward_front(t: float, story: Story, layers: int) -> float:
    """Where the forward pulses are: 0 (inputs) at the start, `layers` (outputs) at the end."""
    if story.forward <= 0:
        return float(layers)
    return min(max(t / story.forward, 0.0), 1.0) * layers


def backward_front(t: float, story: Story, layers: int) -> float:
    """Where the error sweep is: `layers` + 1 (not started, nothing reached) until it starts at
    the outputs (`layers`), then falling to 0 as it reaches the inputs."""
    start = story.forward + story.hold
    if t < start:
        return layers + 1.0
    if story.backward <= 0:
        return 0.0
    return (1.0 - min((t - start) / story.backward, 1.0)) * layers


def segment_progress(front: float, segment: int, backward: bool = False) -> float:
    """How far the front has crossed `segment` (0 not yet, 1 done), in its direction of travel."""
    done = segment - front if backward else front - (segment - 1)
    return min(max(done, 0.0), 1.0)


def in_flight(progress: float) -> bool:
    """Pulses are drawn only while they travel along their segment."""
    return 0.0 < progress < 1.0


def arrival_time(story: Story, layers: int, layer: int, backward: bool = False) -> float:
    """Seconds into the story when the forward front (or the error sweep) reaches `layer`."""
    if backward:
        return story.forward + story.hold + story.backward * (layers - layer) / layers
    return story.forward * layer / layers


def arrival_flash(t: float, story: Story, layers: int, layer: int, backward: bool = False) -> float:
    """1 the moment the front reaches `layer`, fading to 0 over FLASH_SECONDS; 0 before it
    arrives, and always 0 when that part of the story is switched off."""
    if (story.backward if backward else story.forward) <= 0:
        return 0.0
    since = t - arrival_time(story, layers, layer, backward)
    return 0.0 if since < 0 else max(0.0, 1.0 - since / FLASH_SECONDS)


def reached(front: float, layer: int, backward: bool = False) -> bool:
    return front <= layer if backward else front >= layer


def edge_flash(front: float, segment: int) -> float:
    """Edges of `segment` swell and fade as the error sweep crosses them (0..1)."""
    progress = segment_progress(front, segment, backward=True)
    return math.sin(math.pi * progress) if in_flight(progress) else 0.0


def strongest(values: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, column and |value| / max of the `limit` largest |values| of a 2-D array, strongest
    last (so it is drawn on top); empty when everything is zero or not finite."""
    magnitude = np.nan_to_num(np.abs(values), nan=0.0, posinf=0.0).ravel()
    count = min(limit, int(np.count_nonzero(magnitude)))
    if count == 0:
        empty = np.zeros(0, np.intp)
        return empty, empty, np.zeros(0, np.float32)
    # only the nonzero entries compete: an input edge carries nothing from a blank pixel, most
    # of them are, and argpartition among that many equal zeros took ~2 ms of a frame
    nonzero = np.flatnonzero(magnitude)
    top = nonzero[np.argpartition(magnitude[nonzero], len(nonzero) - count)[-count:]]
    top = top[np.argsort(magnitude[top])]
    rows, cols = np.unravel_index(top, values.shape)
    return rows, cols, (magnitude[top] / magnitude[top[-1]]).astype(np.float32)


def contributions(inputs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """input_i x weight_ij for one sample: what each edge carries forward, (n_in, n_out)."""
    return np.asarray(inputs, np.float32)[:, None] * weights


def strongest_per_neuron(values: np.ndarray, per_neuron: int) -> tuple[np.ndarray, np.ndarray]:
    """For each column of `values` (n_in, n_out), the rows of its `per_neuron` largest |values|;
    returns (rows, cols) flat, for drawing a few input edges per first-layer neuron."""
    magnitude = np.nan_to_num(np.abs(values), nan=0.0, posinf=0.0)
    # only rows with a nonzero entry compete (a blank pixel carries nothing, and most are
    # blank), each column's as one contiguous row: partitioning down the columns of all 784
    # rows, equal zeros and all, took ~1 ms of the frame that re-bakes the input edges
    live = np.flatnonzero(magnitude.any(axis=1))
    k = min(per_neuron, len(live))
    if k == 0:
        empty = np.zeros(0, np.intp)
        return empty, empty
    competing = np.ascontiguousarray(magnitude[live].T)  # (n_out, live rows)
    top = np.argpartition(competing, len(live) - k, axis=1)[:, -k:]
    rows = live[top.T]  # (k, n_out), as a partition down the columns would give them
    cols = np.broadcast_to(np.arange(values.shape[1]), rows.shape)
    keep = magnitude[rows, cols] > 0
    return rows[keep], cols[keep]
