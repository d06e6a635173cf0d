"""Every pixel of every edge between two columns of neurons, worked out once per layout.

Drawing 600 lines one `pygame.draw.line` call at a time costs about 7 ms; as numpy arrays the
same picture is a gather and one fancy-indexed store into the surface's pixels. The pixels of an
edge are kept contiguous so a re-bake can pick edges in any order (weakest first, strongest last
on top) by gathering index ranges. Pure numpy: no pygame, tested without a display.
"""

from __future__ import annotations

import numpy as np


class EdgeRaster:
    """Pixels of the n_in x n_out straight edges from `starts` to `ends`, inside `size`.

    Edge e = i * n_out + j joins starts[i] to ends[j], the order of a weight matrix's ravel().
    """

    def __init__(self, starts: np.ndarray, ends: np.ndarray, size: tuple[int, int]) -> None:
        starts, ends = np.asarray(starts, np.float64), np.asarray(ends, np.float64)
        n_in, n_out = len(starts), len(ends)
        a = np.repeat(starts, n_out, axis=0)
        delta = np.tile(ends, (n_in, 1)) - a
        steps = np.maximum(np.abs(delta).max(axis=1).astype(np.int64), 1)
        self.count = steps + 1  # pixels per edge
        self.first = np.concatenate([[0], np.cumsum(self.count)[:-1]])
        edge = np.repeat(np.arange(n_in * n_out), self.count)
        t = (np.arange(int(self.count.sum())) - self.first[edge]) / steps[edge]
        x = np.rint(a[edge, 0] + delta[edge, 0] * t).astype(np.int32)
        y = np.rint(a[edge, 1] + delta[edge, 1] * t).astype(np.int32)
        steep = (np.abs(delta[:, 1]) > np.abs(delta[:, 0]))[edge]  # thicken those sideways in x
        w, h = size
        # strands[0] is the centre line; strands 1 and 2 lie beside it, for widths 2 and 3
        self.strands = [
            (np.clip(x + side * steep, 0, w - 1), np.clip(y + side * ~steep, 0, h - 1))
            for side in (0, 1, -1)
        ]

    def pixels(
        self, order: np.ndarray, widths: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, k) of the edges `order` (drawn in that order) at `widths` 1-3 pixels, where
        k indexes `order`; the side strands of wide edges come after all centre lines."""
        counts = self.count[order]
        offsets = np.repeat(self.first[order] - np.cumsum(counts) + counts, counts)
        idx = offsets + np.arange(int(counts.sum()))
        k = np.repeat(np.arange(len(order)), counts)
        xs, ys, ks = [], [], []
        for strand, (x, y) in enumerate(self.strands):
            if strand:  # a side strand: only the edges at least strand + 1 pixels wide
                wide = widths[k] > strand
                idx, k = idx[wide], k[wide]
            xs.append(x[idx])
            ys.append(y[idx])
            ks.append(k)
        return np.concatenate(xs), np.concatenate(ys), np.concatenate(ks)
