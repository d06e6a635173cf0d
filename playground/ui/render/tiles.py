"""What a first-layer neuron looks for, as a 28x28 tile, in two views a learner can switch.

A first-layer neuron computes w·x + b over the 784 pixels, so its weights laid out as 28x28 show
which ink raises it (blue) and which lowers it (orange). But the random start dominates that
picture for hundreds of steps: what training adds is small beside the noise the weights were
drawn as. So the first view shows what training changed, w − w₀, where the learned strokes stand
out; the second shows w itself. Each tile is stretched to its own scale (a high percentile of
|value|, so a few outliers do not wash out the rest), and a neuron's card gives that scale.
No pygame here beyond the surfaces it returns; the numbers are plain numpy.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.ui.render import theme
from playground.ui.render.graph_layout import GraphLayout
from playground.ui.render.images import rgb_surface, weight_tiles

VIEWS = ("change", "weights")
TILES_EVERY = 12  # frames between remakes of the tiles while training moves the weights
STRETCH = 0.99  # the quantile of |value| that gets full colour in its tile
NOTES = {  # over the tiles, which view is shown: the longest that fits is used
    "change": ("tile: what training changed, w − w₀", "tiles: change w − w₀", "w − w₀"),
    "weights": ("tile: its weights w, start included", "tiles: weights w", "w"),
}
SAYS = {"change": "what training changed, w − w₀", "weights": "the weights w"}  # on a switch
SWITCH = {"change": ("W: show weights w", "W: w"), "weights": ("W: show change w − w₀", "W: Δw")}


def tile_values(weights: np.ndarray, start: np.ndarray, view: str) -> np.ndarray:
    """(784, k) what the tiles of `view` show: w − w₀ ("change") or w ("weights")."""
    w = np.nan_to_num(weights)
    return w - np.nan_to_num(start) if view == "change" else w


def tile_scales(values: np.ndarray) -> np.ndarray:
    """(k,) each tile's own full-colour value: the STRETCH quantile of its |values|."""
    magnitude = np.abs(values)
    index = int(STRETCH * (len(magnitude) - 1))
    return np.maximum(np.partition(magnitude, index, axis=0)[index], 1e-12)


def surfaces(values: np.ndarray, scales: np.ndarray, side: int, count: int) -> list[pygame.Surface]:
    """The first `count` tiles, `side` pixels square."""
    return weight_tiles(values[:, :count], side, scales[:count])


def big_tile(column: np.ndarray, scale: float, pixel: int) -> pygame.Surface:
    """One neuron's tile at `pixel` screen pixels per image pixel, framed, for its card."""
    rgb = theme.diverging(column.reshape(28, 28), scale)
    return rgb_surface(rgb, (28 * pixel, 28 * pixel))


def card_lines(view: str, scale: float, since: int = 0) -> list[str]:
    """What the big tile's colours mean, in words, with the tile's own scale (and the step
    `since` which the change is measured)."""
    if view == "change":
        return [
            "tile: what training changed, w − w₀",
            f"(w₀: its weights at step {since:,})",
            "blue: ink here now raises z more",
            "orange: ink here now lowers z more",
            f"full colour at |w − w₀| = {scale:.2g}",  # not Δw: the card's one step
        ]
    return [
        "tile: its weights w (one per pixel)",
        "blue: ink here raises z",
        "orange: ink here lowers z",
        f"full colour at |w| = {scale:.2g}",
    ]


class TileLayer:
    """The first layer's tiles on screen, with the header over them that says which view is
    shown and switches it (click, or W). Tiles are remade at most every TILES_EVERY frames while
    the weights move, never on a frame that is busy re-baking edges, and at once on a switch."""

    def __init__(self, layout: GraphLayout) -> None:
        self.layout = layout
        self.view = VIEWS[0]
        self.switch: pygame.Rect | None = None  # the header's button, once drawn
        self.show_switch = True  # presenting hides it: a control, not part of the picture
        self._surfaces: list[pygame.Surface] = []
        self._values = np.zeros((784, 0), np.float32)
        self._scales = np.ones(0, np.float32)
        self._key: tuple | None = None  # (weights version, start identity, view) shown
        self._since = TILES_EVERY
        self._big: tuple[tuple, pygame.Surface] | None = None

    def toggle(self) -> str:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        return self.view

    def refresh(self, weights: np.ndarray, start: np.ndarray, version: int, busy: bool) -> None:
        """Remake the tiles from the first layer's `weights` and `start` if they are due."""
        self._since += 1
        key = (version, id(start), self.view)
        switched = self._key is None or self._key[1:] != key[1:]
        due = key != self._key and self._since >= TILES_EVERY and not busy
        if switched or due:
            lay = self.layout
            self._values = tile_values(weights, start, self.view)
            self._scales = tile_scales(self._values)
            self._surfaces = surfaces(self._values, self._scales, lay.tiles[0][2], len(lay.tiles))
            self._key, self._since = key, 0

    def draw(self, surface: pygame.Surface, changed: np.ndarray | None) -> None:
        """The tiles, framed; `changed` (0..1 per neuron, or None) darkens the frames of the
        tiles the shown step changed most, as the error sweep crosses them."""
        for k, (tile, box) in enumerate(zip(self._surfaces, self.layout.tiles, strict=True)):
            surface.blit(tile, box[:2])
            rect = pygame.Rect(box).inflate(2, 2)
            pygame.draw.rect(surface, theme.GRID, rect, 1)
            if changed is not None and changed[k] > 0.15:
                pygame.draw.rect(surface, theme.INK, rect.inflate(2, 2), 1 + int(2 * changed[k]))

    def draw_header(
        self,
        surface: pygame.Surface,
        right: float,
        left: float,
        top: int,
        switch_right: float | None = None,
    ) -> None:
        """Over the tiles, ending at `right` and starting no further left than `left`: which
        view is shown, and under it the switch (ending at `switch_right`, default `right`);
        under the grid, how many tiles are not shown."""
        room = right - left
        note = theme.fitting(NOTES[self.view], 12, room)
        noted = theme.blit_text(surface, note, (right, top), 12, theme.MUTED, False, "topright")
        self.switch = None
        if self.show_switch:
            dp = theme.px
            end = right if switch_right is None else switch_right
            room = end - left
            label = theme.text(theme.fitting(SWITCH[self.view], 12, room - dp(12)), 12, theme.INK)
            # under the note's own bottom (its descenders and w₀ reach lower at small scales)
            at = (int(end) - dp(6), max(top + dp(19), noted.bottom + dp(3)))
            self.switch = label.get_rect(topright=at).inflate(dp(12), dp(2))
            pygame.draw.rect(surface, theme.PANEL, self.switch, border_radius=dp(4))
            pygame.draw.rect(surface, theme.MUTED, self.switch, 1, border_radius=dp(4))
            surface.blit(label, label.get_rect(center=self.switch.center))
        lay = self.layout
        if lay.more is not None:
            hidden = len(lay.neurons[0]) - len(lay.tiles)
            x, y, w, h = lay.more
            words = theme.fitting((f"+{hidden} more: hover a neuron", f"+{hidden} more"), 12, w)
            theme.blit_text(surface, words, (x, y + h // 2), 12, theme.MUTED, False, "midleft")

    def card(self, k: int, pixel: int, since: int = 0) -> tuple[pygame.Surface, list[str]]:
        """Neuron k's tile at `pixel` screen pixels per image pixel, and what its colours mean
        (the change is since step `since`)."""
        key = (k, self._key, pixel)
        if self._big is None or self._big[0] != key:
            self._big = (key, big_tile(self._values[:, k], float(self._scales[k]), pixel))
        return self._big[1], card_lines(self.view, float(self._scales[k]), since)
