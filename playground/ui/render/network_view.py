"""The train scene's node-link picture: one sample travelling through the live network.

Three kinds of layer, by how often they change:
- per layout: paper, titles, legend and tile connectors (`_base`);
- when the weights moved: the weight edges, re-baked onto a copy of the base at most every
  BAKE_EVERY frames, a chunk of edges per frame, and the first-layer weight tiles (see tiles.py)
  at most every TILES_EVERY frames but never while a bake is under way, so no frame pays for
  much at once;
- per frame: the input image, neurons and pulses as batched sprites, the edges a backward sweep
  is crossing, the output bars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from playground.core.nn import Network
from playground.ui.render import edges, sprites, theme
from playground.ui.render import timeline as tl
from playground.ui.render.graph_layout import BOTTOM_SPACE, TITLE_SPACE, GraphLayout
from playground.ui.render.images import digit_surface
from playground.ui.render.legend import draw_legend
from playground.ui.render.outputs import draw_ops, output_ops
from playground.ui.render.shown import Shown
from playground.ui.render.tiles import VIEWS, TileLayer

TITLE_Y = 4  # column titles, from the top of the picture
BAKE_EVERY = 20  # frames between re-bakes of the weight edges while training moves them
INPUT_NOTE = "28 × 28 pixels"
FLASH_LEVELS = 16  # arrival rings fade in this many steps (keeps the sprite cache small)


@dataclass(frozen=True)
class Moment:
    """Where the shown sample's story is: seconds into `story`; `pulses` per segment."""

    story: tl.Story
    t: float
    pulses: int


STILL = Moment(tl.Story(0.0, 0.0, 0.0, 0.0), 0.0, 0)  # everything arrived, nothing moving


class NetworkView:
    def __init__(self) -> None:
        self.layout: GraphLayout | None = None
        self._digits: tuple[int, ...] = ()
        self.tile_view = VIEWS[0]  # what the first layer's tiles show (kept across layouts)
        self.tiles: TileLayer | None = None
        self._forget()

    def set_layout(self, layout: GraphLayout, digits: tuple[int, ...]) -> None:
        """A new window size or network shape: forget every cached picture."""
        self.layout, self._digits = layout, tuple(digits)
        self._forget()
        self.tiles = TileLayer(layout)
        self.tiles.view = self.tile_view

    def toggle_tiles(self) -> str:
        """Switch what the tiles show (the change w − w₀, or the weights w); the new view."""
        self.tile_view = self.tiles.toggle() if self.tiles else VIEWS[0]
        return self.tile_view

    def _forget(self) -> None:
        self._base: pygame.Surface | None = None
        self._rasters: list | None = None
        self._background: pygame.Surface | None = None
        self._baked: tuple | None = None  # (weights version, sample key) of the background
        self._baking = None  # the re-bake in progress, advanced a chunk of edges per frame
        self._network: Network | None = None  # the network the edges were last baked for
        self._since_bake = BAKE_EVERY
        self._image: tuple[int, pygame.Surface] | None = None
        self._story_key: int | None = None  # the shown step whose pulses and flashes are kept
        self._story_parts: dict[str, edges.Pulses | edges.Flashes] = {}
        self._neurons: dict[int, tuple] = {}  # per layer: (what it shows, its blits...)
        self._outputs: tuple[tuple, list] | None = None  # ((sample, arrived, since), ops)

    # -- slowly changing layers -------------------------------------------------------------
    def _refresh(self, shown: Shown, weights: list[np.ndarray], start, version: int) -> None:
        lay = self.layout
        self._since_bake += 1
        if self._base is None:
            self._base = self._make_base()
            self._rasters = edges.rasters(lay)
        wanted = (version, shown.key)
        new_sample = self._baked is None or self._baked[1] != shown.key
        due = new_sample or self._since_bake >= BAKE_EVERY
        if self._baking is None and wanted != self._baked and due:
            self._baking, self._since_bake = self._bake(weights, shown.image, wanted), 0
        busy = self._baking is not None
        if busy:
            if self._background is None:  # the very first picture cannot wait
                for _ in self._baking:
                    pass
            else:
                next(self._baking, None)
        self.tiles.refresh(weights[0], start, version, busy)
        if self._image is None or self._image[0] != shown.key:
            side = lay.image[2]
            self._image = (shown.key, digit_surface(shown.image.reshape(28, 28), (side, side)))

    def _bake(self, weights: list[np.ndarray], image: np.ndarray, key: tuple):
        """Re-bake the weight edges a chunk per frame (a generator the frames advance),
        then swap the finished picture in: no frame pays for the whole bake."""
        background = self._base.copy()
        for raster, w in zip(self._rasters, weights[1:], strict=True):
            yield from edges.bake_segment(background, raster, w)
        yield from edges.bake_inputs(background, self.layout, weights[0], image)
        self._background, self._baked, self._baking = background, key, None

    def _make_base(self) -> pygame.Surface:
        lay = self.layout
        gx, gy, gw, gh = lay.graph
        base = pygame.Surface((gw, gh)).convert()
        base.fill(theme.PAPER)
        self._titles(base)
        draw_legend(base, pygame.Rect(lay.legend).move(-gx, -gy))
        edges.draw_connectors(base, lay)
        return base

    def _titles(self, surface: pygame.Surface) -> None:
        """Two lines over each column: what it is, and what its marks mean. The first layer's
        note is long, so it ends at its neurons and reaches left over the tiles."""
        lay = self.layout
        gx = lay.graph[0]
        last = len(lay.neurons) - 1
        xs = lay.column_x
        room = min((b - a for a, b in zip(xs, xs[1:], strict=False)), default=200) - 8
        notes = [(pygame.Rect(lay.image).centerx, "input", INPUT_NOTE, "midtop")]
        for i, x in enumerate(xs):
            count = len(lay.neurons[i])
            title = "output" if i == last else f"layer {i + 1}"
            if i == 0:  # its note line is the tiles': the count goes beside the title
                options = (f"layer 1 · {count} neurons", f"layer 1 · {count}", title)
                title = theme.fitting(options, 16, room)
            options = ("one per digit", "digits") if i == last else (f"{count} neurons", f"{count}")
            note = theme.fitting(options, 12, room) if i else ""
            notes.append((x, title, note, "midtop"))
        for x, title, note, anchor in notes:
            if title:
                y = theme.px(TITLE_Y)
                theme.blit_text(surface, title, (x - gx, y), 15, theme.INK, True, "midtop")
            if note:
                y = theme.px(TITLE_Y + 19)
                theme.blit_text(surface, note, (x - gx, y), 12, theme.MUTED, False, anchor)

    # -- per frame --------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        shown: Shown,
        network: Network,
        version: int,
        moment: Moment,
        since: str | None = None,
    ) -> None:
        """The picture of `shown` at `moment`, with the live weights of `network` (changed at
        `version`; its start weights feed the tiles' change view); `since` is what happened to
        the network after the shown pass, said under its verdict (a blow-up)."""
        lay = self.layout
        weights, start, activation = network.weights, network.start_weights[0], network.activation
        if network is not self._network:  # a reset: the old edges must not stay for a bake's
            self._network = network  # few frames beside the new neurons, so bake them at once
            self._background = self._baked = self._baking = None
        self._refresh(shown, weights, start, version)
        surface.blit(self._background, lay.graph[:2])
        layers = len(weights)
        story = moment.story
        front = tl.forward_front(moment.t, story, layers)
        back = tl.backward_front(moment.t, story, layers)
        self._draw_tiles(surface, shown, back)
        self._tile_header(surface)
        if story.backward > 0 and 0 < back < layers + 1 and tl.phase(moment.t, story) == "backward":
            self._draw_sweep(surface, back)
        for segment in range(1, layers + 1):
            flash = tl.edge_flash(back, segment) if story.backward > 0 else 0.0
            if flash > 0 and shown.weight_changes is not None and moment.pulses:
                self._story_edges(shown, weights, moment.pulses, "flashes").draw(
                    surface, segment, flash
                )
            progress = tl.segment_progress(front, segment)
            if story.forward > 0 and tl.in_flight(progress) and moment.pulses:
                self._story_edges(shown, weights, moment.pulses, "pulses").draw(
                    surface, segment, progress
                )
        self._draw_neurons(surface, shown, moment, activation)
        surface.blit(self._image[1], lay.image[:2])  # last: nothing moving ever covers the digit
        pygame.draw.rect(surface, theme.GRID, pygame.Rect(lay.image).inflate(2, 2), 1)
        arrived = tl.reached(front, layers)
        if self._outputs is None or self._outputs[0] != (shown.key, arrived, since):
            ops = output_ops(lay, self._digits, shown, arrived, since)
            self._outputs = ((shown.key, arrived, since), ops)
        draw_ops(surface, self._outputs[1])

    def _draw_sweep(self, surface: pygame.Surface, back: float) -> None:
        """A red band at the error front, fading behind it: where the correction is now."""
        lay = self.layout
        xs = [lay.image[0] + lay.image[2], *lay.column_x]
        layer = min(int(back), len(xs) - 2)
        x = xs[layer] + (xs[layer + 1] - xs[layer]) * (back - layer)
        title, bottom = theme.px(TITLE_SPACE), theme.px(BOTTOM_SPACE)
        top, height = lay.graph[1] + title, lay.graph[3] - title - bottom
        surface.blit(sprites.sweep_band(height), (int(x), top))
        label = theme.text("error", 12, theme.BAD, True)
        at = label.get_rect(bottomleft=(int(x) + 3, top - 1))
        switch = self.tiles.switch
        if switch is None or not at.colliderect(switch):  # over the tiles, the switch wins
            surface.blit(label, at)

    def _story_edges(self, shown: Shown, weights, limit: int, kind: str):
        """The shown step's pulses (or flashes), worked out once, when first needed: pulses as
        its story starts, flashes when the sweep starts, so no one frame pays for both."""
        if self._story_key != shown.key:
            self._story_key, self._story_parts = shown.key, {}
        if kind not in self._story_parts:
            self._story_parts[kind] = (
                edges.Pulses(self.layout, shown.activations[:-1], weights, limit)
                if kind == "pulses"
                else edges.Flashes(self.layout, shown.weight_changes, 2 * limit)
            )
        return self._story_parts[kind]

    def _draw_tiles(self, surface: pygame.Surface, shown: Shown, back: float) -> None:
        """Weight tiles; while the error sweep crosses them, the most changed get a dark frame."""
        flash = tl.edge_flash(back, 1) if shown.weight_changes is not None else 0.0
        changed = None
        if flash > 0:
            change = np.abs(shown.weight_changes[0]).sum(axis=0)
            changed = change / max(float(change.max()), 1e-12) * flash
        self.tiles.draw(surface, changed)

    def _tile_header(self, surface: pygame.Surface) -> None:
        """Over the tiles, under the titles: which view they show, and the switch. It ends at
        the first neurons and may reach left over the input edges, to the input's note."""
        lay = self.layout
        right = max(x for x, _ in lay.neurons[0]) + lay.radii[0]
        dp = theme.px
        left = pygame.Rect(lay.image).centerx + theme.text(INPUT_NOTE, 12).get_width() / 2 + dp(12)
        # the switch ends over the tiles: tall columns of neurons start right under it
        tiles_right = max((x + w for x, _, w, _ in lay.tiles), default=right)
        top = lay.graph[1] + dp(TITLE_Y + 19)
        self.tiles.draw_header(surface, right, left, top, min(right, tiles_right + dp(6)))

    def _draw_neurons(self, surface, shown: Shown, moment: Moment, activation: str) -> None:
        """Every neuron in one fblits: filled once the pulse reached it (hollow before), a ring
        as a front arrives, and after the sweep a ring showing its error signal. Each layer's
        neurons and error rings are kept while the sample and what is reached stay the same
        (most frames), and the arrival rings' places are kept: only their fading changes."""
        layers = len(self.layout.neurons)
        front = tl.forward_front(moment.t, moment.story, layers)
        back = tl.backward_front(moment.t, moment.story, layers)
        blits: list = []
        for layer, radius in enumerate(self.layout.radii, start=1):
            r = int(round(radius))
            hollow = not tl.reached(front, layer)
            swept = moment.story.backward > 0 and tl.reached(back, layer, backward=True)
            key = (shown.key, activation, hollow, swept)
            kept = self._neurons.get(layer)
            if kept is None or kept[0] != key:
                kept = self._neurons[layer] = (
                    key,
                    *self._layer_blits(shown, activation, layer, key),
                )
            _, neurons, errors, ring_at = kept
            blits += neurons
            for backward in (False, True):
                arrival = tl.arrival_flash(moment.t, moment.story, layers, layer, backward)
                if arrival > 0:
                    alpha = 255 * round(arrival * FLASH_LEVELS) // FLASH_LEVELS
                    image = sprites.ring(r + 3, 2, theme.INK, alpha)
                    blits += [(image, at) for at in ring_at]
            blits += errors
        surface.fblits(blits)

    def _layer_blits(self, shown: Shown, activation: str, layer: int, key: tuple) -> tuple:
        """(neurons, error rings, arrival rings' toplefts) of one layer, for `key`."""
        _, _, hollow, swept = key
        layers = len(self.layout.neurons)
        centres, r = self.layout.neurons[layer - 1], int(round(self.layout.radii[layer - 1]))
        a = shown.activations[layer]
        hidden_relu = activation == "relu" and layer < layers
        steps = sprites.levels(a, float(np.abs(a).max()) if hidden_relu else 1.0).tolist()
        neurons = [
            sprites.centred(sprites.neuron(r, step, hollow), x, y)
            for (x, y), step in zip(centres, steps, strict=True)
        ]
        errors = []
        if swept and shown.deltas is not None:
            errors = _error_rings(shown.deltas[layer - 1], centres, r)
        ring = sprites.ring(r + 3, 2, theme.INK, 0)  # every alpha's ring is this size
        return neurons, errors, [sprites.centred(ring, x, y)[1] for x, y in centres]


def _error_rings(delta: np.ndarray, centres, r: int) -> list:
    """A ring round each neuron: its error signal, width and strength by |delta|, colour by the
    sign of delta as every sign is coloured (blue +, orange −); a positive error means lowering
    the neuron's z lowers the loss, so blue says 'go down' and orange 'go up'."""
    size = np.abs(delta) / max(float(np.abs(delta).max()), 1e-12)
    rings = []
    for (x, y), d, s in zip(centres, delta.tolist(), size.tolist(), strict=True):
        if s >= 0.08:
            colour = theme.POSITIVE if d >= 0 else theme.NEGATIVE  # the sign of δ
            width = 1 + int(round(s * min(3.0, r / 3)))  # thin rings on small neurons
            image = sprites.ring(r + 2 + width, width, colour, int(80 + 175 * s) // 16 * 16)
            rings.append(sprites.centred(image, x, y))
    return rings
