"""The pixels of the edges between two columns of neurons, worked out when first drawn and kept.

Drawing thousands of lines one `pygame.draw.line` call at a time costs milliseconds each frame;
as numpy arrays a re-bake is a gather and one fancy-indexed store into the surface's pixels.
An edge is rasterised the first time it is asked for, not when the layout is made: a 256 x 256
segment has 65,536 edges but only its strongest few thousand are ever drawn, and working out all
of them up front took seconds and gigabytes. A pixel is kept as one int32, its index in a
row-major (height, width) array, so the store is one flat fancy index; only centre lines are kept,
and the side strands of wide edges are offset from them when asked. Pure numpy: no pygame, tested
without a display.
"""

from __future__ import annotations

import numpy as np


class EdgeRaster:
    """Pixels of the n_in x n_out straight edges from `starts` to `ends`, inside `size`, holding
    the pixels of at most `room` edges (it forgets them all when more are asked for).

    Edge e = i * n_out + j joins starts[i] to ends[j], the order of a weight matrix's ravel().
    Centre lines stay one pixel inside the border, so their side strands never leave it.
    """

    def __init__(
        self, starts: np.ndarray, ends: np.ndarray, size: tuple[int, int], room: int
    ) -> None:
        self._starts, self._ends = np.asarray(starts, np.float64), np.asarray(ends, np.float64)
        self._size, self._room = size, room
        dx = np.abs(self._ends[None, :, 0] - self._starts[:, None, 0]).ravel()
        dy = np.abs(self._ends[None, :, 1] - self._starts[:, None, 1]).ravel()
        steps = np.maximum(np.maximum(dx, dy).astype(np.int64), 1)  # along the longer axis
        self._count = steps + 1  # centre-line pixels per edge
        steep = dy > dx  # thickened sideways in x, not y
        self._side = np.where(steep, 1, size[0]).astype(np.int32)  # index step to a side strand
        self._first = np.full(len(steps), -1, np.int64)  # where its pixels begin; -1: not yet
        self._pool = np.zeros(0, np.int32)
        self._used = 0  # pixels in use at the front of the pool

    @property
    def held(self) -> int:
        """How many edges' pixels are kept."""
        return int(np.count_nonzero(self._first >= 0))

    def lengths(self, order: np.ndarray) -> np.ndarray:
        """Centre-line pixels of each edge of `order`, known without rasterising it."""
        return self._count[order]

    def pixels(self, order: np.ndarray, widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index, k) of the distinct edges `order` (drawn in that order) at `widths` 1-3 pixels:
        index = y * width + x, and k indexes `order`; the side strands of wide edges come after
        all centre lines."""
        self._hold(order)
        counts = self._count[order]
        total = int(counts.sum())
        # every per-pixel array below is a repeat of a per-edge one: no gathers by pixel
        offsets = np.repeat(self._first[order] - np.cumsum(counts) + counts, counts)
        offsets += np.arange(total)
        index = self._pool[offsets]
        edge = np.arange(len(order))
        indices, ks = [index], [np.repeat(edge, counts)]
        side = self._side[order]
        for strand, sign in ((1, 1), (2, -1)):  # beside the centre line, for widths 2 and 3
            wide = widths > strand
            shifted = index[np.repeat(wide, counts)]
            shifted += np.repeat(sign * side[wide], counts[wide])
            indices.append(shifted)
            ks.append(np.repeat(edge[wide], counts[wide]))
        return np.concatenate(indices), np.concatenate(ks)

    def _hold(self, order: np.ndarray) -> None:
        """Rasterise the edges of `order` not yet kept, first forgetting every kept edge if
        they would not fit in the room."""
        missing = order[self._first[order] < 0]
        if not len(missing):
            return
        if self.held + len(missing) > self._room:
            self._first[:] = -1
            self._used = 0
            missing = order
        index = self._rasterise(missing)
        end = self._used + len(index)
        if end > len(self._pool):  # grow by doubling, so appending stays cheap
            grown = np.zeros(max(end, 2 * len(self._pool)), np.int32)
            grown[: self._used] = self._pool[: self._used]
            self._pool = grown
        self._pool[self._used : end] = index
        count = self._count[missing]
        self._first[missing] = self._used + np.cumsum(count) - count
        self._used = end

    def _rasterise(self, edges: np.ndarray) -> np.ndarray:
        """Centre-line pixel indices of `edges`, one per step along the longer axis."""
        rows, cols = np.divmod(edges, len(self._ends))
        a = self._starts[rows]
        delta = self._ends[cols] - a
        count = self._count[edges]
        first = np.cumsum(count) - count
        # per pixel: its step along the edge over the edge's steps, as one array each
        t = np.arange(int(count.sum())) - np.repeat(first, count)
        t = t / np.repeat(count - 1, count)
        w, h = self._size
        out = []
        for axis, high in ((0, w - 2), (1, h - 2)):
            v = np.repeat(delta[:, axis], count)
            v *= t
            v += np.repeat(a[:, axis], count)
            np.rint(v, out=v)
            np.clip(v, 1, high, out=v)
            out.append(v.astype(np.int32))
        x, y = out
        y *= w
        y += x
        return y
