"""Which digit the explain pages show: the draw canvas, or a starter digit when it is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from playground.core.data.preprocess import prepare

if TYPE_CHECKING:
    from playground.core.session import Session


def starter_index(session: Session) -> int:
    """The first starter sample of the last digit in play (a 3 by default: more ink than a 1)."""
    found = np.flatnonzero(session.starter_labels == session.settings.digits[-1])
    return int(found[0]) if len(found) else 0


def current_digit(session: Session) -> tuple[np.ndarray, str]:
    """The canvas drawing as 28x28 floats 0..1 (as drawn), or a starter digit, and a caption."""
    if not session.canvas.is_empty:
        return session.canvas.pixels.copy(), "your drawing from the draw scene"
    index = starter_index(session)
    image = session.starter_images[index].astype(np.float32) / 255.0
    return image, f"a starter {int(session.starter_labels[index])} (the draw canvas is empty)"


def network_input(session: Session) -> tuple[np.ndarray, str]:
    """(1, 784) input exactly as the network reads it (prepared), and where it came from."""
    x = session.canvas_input()
    if x is not None:
        return x.reshape(1, -1), "your drawing"
    index = starter_index(session)
    s = session.settings
    x = prepare(session.starter_images[index], s.normalize, s.deskew)
    return x, f"a starter {int(session.starter_labels[index])}"
