"""Edge picture cost for `python -m playground.bench`: switching to wide layers, and re-bakes.

The train scene bakes the weight edges into its background (ui/render/edges.py). Two moments
cost the most, and both grow with the layers' width: the first frame after the hidden layers
change (a new layout, and a whole bake the frame cannot wait for), and a full re-bake of the
edges while training moves the weights, which the app spreads over frames a chunk at a time
(timed here as a whole). A re-bake is warm when the strongest edges are the ones drawn before
(their pixels are kept) and cold when every edge drawn must be rasterised again, as after the
weights changed a lot. Each figure is the best of ROUNDS: the machine's own speed.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

LAYERS = ("64,64", "256,256,256,256")
ROUNDS = 3


def _full_bake(view, weights: list[np.ndarray], image: np.ndarray, key: tuple) -> float:
    start = time.perf_counter()
    for _ in view._bake(weights, image, key):
        pass
    return time.perf_counter() - start


def edge_costs(samples_dir: Path) -> list[dict]:
    """Per layer setting in LAYERS: seconds of the first frame after switching to it, and of
    a warm and a cold full re-bake, each the best of ROUNDS."""
    from playground.core.session import Session
    from playground.core.settings import Settings
    from playground.ui.app import App
    from playground.ui.clock import FixedClock
    from playground.ui.render import edges

    session = Session(Settings(), samples_dir)
    app = App(session, scene="train", clock=FixedClock())
    for _ in range(5):
        app.step()
    rng = np.random.default_rng(0)
    out = []
    for layers in LAYERS:
        first, warm, cold = [], [], []
        for round_ in range(ROUNDS):
            session.set("layers", "16" if round_ % 2 else "32")  # away, so the switch is real
            app.step()
            session.set("layers", layers)
            start = time.perf_counter()
            app.step()
            first.append(time.perf_counter() - start)
            view, network = app.scene.view, session.trainer.network
            image = np.zeros(network.sizes[0], np.float32)
            session.trainer.step()  # the weights moved a little: the same edges, warm
            warm.append(_full_bake(view, network.weights, image, ("warm", round_)))
            view._rasters = edges.rasters(view.layout)  # nothing kept: every edge anew
            moved = [rng.normal(size=w.shape).astype(np.float32) for w in network.weights]
            cold.append(_full_bake(view, moved, image, ("cold", round_)))
        out.append(
            {
                "layers": layers,
                "first_frame_s": round(min(first), 3),
                "rebake_warm_s": round(min(warm), 3),
                "rebake_cold_s": round(min(cold), 3),
            }
        )
    return out


def edges_text(rows: list[dict]) -> list[str]:
    lines = [f"edge picture, seconds (best of {ROUNDS}): first frame after switching layers,"]
    lines.append("and a full re-bake of the edges (warm: their pixels kept; cold: all anew)")
    for r in rows:
        lines.append(
            f"  {r['layers']:>16}: first frame {r['first_frame_s']:.3f}, re-bake warm "
            f"{r['rebake_warm_s']:.3f}, cold {r['rebake_cold_s']:.3f}"
        )
    return lines
