"""Which training step the train scene is telling, and how far into its story it is.

Training may run a step every frame, but a story (pulses forward, guess, error back) takes about
a second; so the newest step waits as `pending` and becomes the story only when the current one
has finished. A reset or a new network shape drops both: their numbers belong to a network that
no longer exists. Before any step there is no story, and a sample is passed forward once instead.
No pygame here: the scene's timing is tested like any other logic.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from playground.core.nn import Network, Trace
from playground.ui.render import shown as shown_mod


class StoryPlayer:
    def __init__(self) -> None:
        self.story: shown_mod.Shown | None = None  # the step being told
        self.t = 0.0  # seconds into its story
        self._pending: Trace | None = None  # the newest step, cut out only when it is told
        self._pending_step = 0  # its number
        self._consumed: Trace | None = None  # the last trace taken in
        self._network: Network | None = None  # the network the story's steps came from
        self._count = 0
        self._preview: tuple[tuple, shown_mod.Shown] | None = None
        self._settling = False  # the next advance tells the newest step whole (settle)

    def advance(
        self, dt: float, latest: Trace | None, network: Network, length: float, steps: int = 0
    ) -> None:
        """One frame: take in `latest` if it is new (the trainer has made `steps` steps, so it is
        step `steps`), and start the next story once the current one (`length` s) is over."""
        if self._network is not None and self._network is not network:
            self.story = self._pending = self._network = None  # a reset or a new shape
        if latest is not None and latest is not self._consumed:
            self._consumed = latest
            if [a.shape[1] for a in latest.activations] == network.sizes:
                self._pending, self._network = latest, network
                self._pending_step = steps + 1 if latest.diverged else steps  # refused: not counted
        self.t += dt
        if self._pending is not None and (self.story is None or self.t >= length - 1e-6):
            self._count += 1
            loss = self._network.loss_name
            step = self._pending_step
            self.story = shown_mod.from_trace(self._pending, 0, loss, self._count, step)
            self._pending, self.t = None, 0.0
        if self._settling:
            self._settling, self.t = False, length

    def settle(self) -> None:
        """Training paused: on the next frame tell the newest step, already whole (its pulses
        arrived, its sweep done), so the still picture a person inspects is of the last step,
        not of one a second older still moving."""
        self._settling, self.t = True, float("inf")

    def skip(self) -> None:
        """End the current story now, so the next step's story starts at once (after a change of
        speed the old story's length no longer fits the new pace of steps)."""
        self.t = float("inf")

    def preview(
        self,
        network: Network,
        sample: Callable[[], tuple[np.ndarray, int | None]],
        key: tuple,
        steps: int | None = None,
    ) -> shown_mod.Shown:
        """The (input, target) `sample()` gives passed forward by `network` (trained `steps`
        steps); both are asked for only when `key` changes."""
        key = (id(network), *key)
        if self._preview is None or self._preview[0] != key:
            x, target = sample()
            forward = network.forward(np.atleast_2d(x))
            self._count += 1  # a fresh key: caches keyed by the shown sample must refresh
            shown = shown_mod.from_forward(forward, network.loss_name, self._count, target, steps)
            self._preview = (key, shown)
        return self._preview[1]
