"""The train scene's node-link picture: one sample travelling through the live network.

Titles, legend and weight edges sit on one baked background, re-baked only when the weights
moved or the shown sample changed, and then at most every BAKE_EVERY frames; first-layer weight
tiles are refreshed at a similar limited rate. Per frame only what animates is drawn: neurons and
pulses as batched sprites, the edges a backward sweep is crossing, and the output bars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from playground.render import edges, sprites, theme
from playground.render import timeline as tl
from playground.render.graph_layout import GraphLayout
from playground.render.images import digit_surface, weights_surface
from playground.render.legend import draw_legend
from playground.render.shown import Shown

TITLE_Y = 12  # column titles, from the top of the picture
BAKE_EVERY = 10  # frames between re-bakes of the weight edges while training moves them
TILES_EVERY = 6  # frames between refreshes of the weight tiles


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
        self._forget()

    def set_layout(self, layout: GraphLayout, digits: tuple[int, ...]) -> None:
        """A new window size or network shape: forget every cached picture."""
        self.layout, self._digits = layout, tuple(digits)
        self._forget()

    def _forget(self) -> None:
        self._background: pygame.Surface | None = None
        self._baked: tuple | None = None
        self._since_bake = BAKE_EVERY
        self._tiles: list[pygame.Surface] = []
        self._tiles_version: int | None = None
        self._since_tiles = TILES_EVERY
        self._image: tuple[int, pygame.Surface] | None = None
        self._pulses: tuple[tuple, edges.Pulses] | None = None
        self._rasters: list | None = None  # per layout: pixel lists of the weight edges

    # -- slowly changing layers -------------------------------------------------------------
    def _refresh(self, shown: Shown, weights: list[np.ndarray], version: int) -> None:
        lay = self.layout
        self._since_bake += 1
        self._since_tiles += 1
        key = (version, shown.key)
        sample_changed = self._baked is None or self._baked[1] != shown.key
        if key != self._baked and (sample_changed or self._since_bake >= BAKE_EVERY):
            gx, gy, gw, gh = lay.graph
            background = pygame.Surface((gw, gh)).convert()
            background.fill(theme.PAPER)
            if self._rasters is None:
                self._rasters = edges.rasters(lay)
            edges.bake_weights(background, lay, self._rasters, weights, shown.image)
            self._titles(background)
            draw_legend(background, pygame.Rect(lay.legend).move(-gx, -gy))
            self._background, self._baked, self._since_bake = background, key, 0
        if version != self._tiles_version and self._since_tiles >= TILES_EVERY:
            first = np.nan_to_num(weights[0])
            self._tiles = [
                weights_surface(first[:, k].reshape(28, 28), (w, h))
                for k, (_, _, w, h) in enumerate(lay.tiles)
            ]
            self._tiles_version, self._since_tiles = version, 0
        if self._image is None or self._image[0] != shown.key:
            side = lay.image[2]
            self._image = (shown.key, digit_surface(shown.image.reshape(28, 28), (side, side)))

    def _titles(self, surface: pygame.Surface) -> None:
        """Two lines over each column: what it is, and what its marks mean. The first layer's
        note is long, so it ends at its neurons and reaches left over the tiles."""
        lay = self.layout
        gx = lay.graph[0]
        last = len(lay.neurons) - 1
        image = pygame.Rect(lay.image)
        notes = [(image.centerx, "input", "28 × 28 pixels", "midtop")]
        first_right = lay.column_x[0] + lay.radii[0]
        notes.append((first_right, "", "tile: what a neuron looks for", "topright"))
        for i, x in enumerate(lay.column_x):
            title = "output" if i == last else f"layer {i + 1}"
            note = (
                "" if i == 0 else "one per digit" if i == last else f"{len(lay.neurons[i])} neurons"
            )
            notes.append((x, title, note, "midtop"))
        for x, title, note, anchor in notes:
            if title:
                theme.blit_text(surface, title, (x - gx, TITLE_Y), 15, theme.INK, True, "midtop")
            if note:
                theme.blit_text(
                    surface, note, (x - gx, TITLE_Y + 21), 12, theme.MUTED, anchor=anchor
                )

    # -- per frame --------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        shown: Shown,
        weights: list[np.ndarray],
        version: int,
        moment: Moment,
        activation: str,
    ) -> None:
        lay = self.layout
        self._refresh(shown, weights, version)
        surface.blit(self._background, lay.graph[:2])
        surface.blit(self._image[1], lay.image[:2])
        pygame.draw.rect(surface, theme.GRID, pygame.Rect(lay.image).inflate(2, 2), 1)
        layers = len(weights)
        story, t = moment.story, moment.t
        front = tl.forward_front(t, story, layers)
        back = tl.backward_front(t, story, layers)
        self._draw_tiles(surface, shown, back)
        if shown.weight_changes is not None and story.backward > 0:
            for segment in range(1, layers + 1):
                flash = tl.edge_flash(back, segment)
                if flash > 0:
                    edges.flash_changes(
                        surface,
                        lay,
                        shown.weight_changes[segment - 1],
                        segment,
                        flash,
                        moment.pulses * 2,
                    )
        if story.forward > 0 and moment.pulses:
            self._draw_pulses(surface, shown, weights, front, moment.pulses)
        self._draw_neurons(surface, shown, moment, activation)
        self._draw_outputs(surface, shown, tl.reached(front, layers))

    def _draw_tiles(self, surface: pygame.Surface, shown: Shown, back: float) -> None:
        flash = tl.edge_flash(back, 1) if shown.weight_changes is not None else 0.0
        change = None
        if flash > 0:
            change = np.abs(shown.weight_changes[0]).sum(axis=0)
            change = change / max(float(change.max()), 1e-12)
        for k, (tile, box) in enumerate(zip(self._tiles, self.layout.tiles, strict=True)):
            surface.blit(tile, box[:2])
            rect = pygame.Rect(box).inflate(2, 2)
            pygame.draw.rect(surface, theme.GRID, rect, 1)
            if change is not None and change[k] * flash > 0.15:
                pygame.draw.rect(surface, theme.INK, rect.inflate(2, 2), 1 + int(2 * change[k]))

    def _draw_pulses(self, surface, shown: Shown, weights, front: float, limit: int) -> None:
        key = (shown.key, limit)
        if self._pulses is None or self._pulses[0] != key:
            self._pulses = (key, edges.Pulses(self.layout, shown.activations[:-1], weights, limit))
        for segment in range(1, len(weights) + 1):
            progress = tl.segment_progress(front, segment)
            if tl.in_flight(progress):
                self._pulses[1].draw(surface, segment, progress)

    def _draw_neurons(self, surface, shown: Shown, moment: Moment, activation: str) -> None:
        layers = len(self.layout.neurons)
        front = tl.forward_front(moment.t, moment.story, layers)
        back = tl.backward_front(moment.t, moment.story, layers)
        errors = moment.story.backward > 0
        blits = []
        for layer, (centres, radius) in enumerate(
            zip(self.layout.neurons, self.layout.radii, strict=True), start=1
        ):
            r = int(round(radius))
            a = shown.activations[layer]
            hidden_relu = activation == "relu" and layer < len(self.layout.neurons)
            steps = sprites.levels(a, float(np.abs(a).max()) if hidden_relu else 1.0).tolist()
            lit = tl.reached(front, layer)
            for (x, y), step in zip(centres, steps, strict=True):
                blits.append(sprites.centred(sprites.neuron(r, step, not lit), x, y))
            for backward in (False, True):
                arrival = tl.arrival_flash(moment.t, moment.story, layers, layer, backward)
                if arrival > 0:
                    image = sprites.ring(r + 3, 2, theme.INK, int(255 * arrival))
                    blits += [sprites.centred(image, x, y) for x, y in centres]
            if errors and shown.deltas is not None and tl.reached(back, layer, backward=True):
                blits += self._error_rings(shown.deltas[layer - 1], centres, r)
        surface.fblits(blits)

    @staticmethod
    def _error_rings(delta: np.ndarray, centres, r: int) -> list:
        """A ring round each neuron: its error signal, width and strength by |delta|."""
        size = np.abs(delta) / max(float(np.abs(delta).max()), 1e-12)
        rings = []
        for (x, y), d, s in zip(centres, delta.tolist(), size.tolist(), strict=True):
            if s >= 0.08:
                colour = theme.POSITIVE if d >= 0 else theme.NEGATIVE
                width = 1 + int(round(s * 3))
                image = sprites.ring(r + 2 + width, width, colour, int(80 + 175 * s))
                rings.append(sprites.centred(image, x, y))
        return rings

    def _draw_outputs(self, surface: pygame.Surface, shown: Shown, arrived: bool) -> None:
        """Digit labels (the target boxed), probability bars once the pulse has arrived, and a
        verdict: the guess in green when right, red when wrong."""
        lay = self.layout
        guess, target = shown.guess, shown.target
        for i, (digit, box, (_, y)) in enumerate(
            zip(self._digits, lay.bars, lay.neurons[-1], strict=True)
        ):
            track = pygame.Rect(box)
            is_target = i == target
            colour = theme.MUTED
            if arrived and i == guess:
                colour = theme.INK if target is None else (theme.GOOD if is_target else theme.BAD)
            ink = theme.INK if is_target else theme.MUTED
            label = theme.blit_text(
                surface, str(digit), (track.left - 12, y), 20, ink, is_target, "midright"
            )
            if is_target:
                pygame.draw.rect(surface, theme.INK, label.inflate(10, 0), 2, border_radius=5)
            pygame.draw.rect(surface, theme.GRID, track, border_radius=3)
            if not arrived:
                continue
            p = float(np.clip(shown.probabilities[i], 0.0, 1.0))
            fill = track.copy()
            fill.width = int(track.width * p)
            if fill.width:
                pygame.draw.rect(surface, colour, fill, border_radius=3)
            theme.blit_text(surface, f"{p:.0%}", (track.right + 6, y), 14, colour, anchor="midleft")
        if target is None:
            return
        lines = [(f"target {self._digits[target]}", theme.INK)]
        if arrived:
            right = guess == target
            verdict = f"guess {self._digits[guess]}: {'right' if right else 'wrong'}"
            lines.append((verdict, theme.GOOD if right else theme.BAD))
        y = max(b[1] + b[3] for b in lay.bars) + 16
        for text, colour in lines:
            theme.blit_text(surface, text, (lay.bars[0][0] - 30, y), 15, colour, True)
            y += 22
