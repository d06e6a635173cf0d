"""The pen strokes of a saved digit, in a small JSON file beside its PNG.

A digit drawn in the app is saved as `<stamp>.png` (what any tool reads) and, next to it,
`<stamp>.strokes.json`: the pen positions that drew it, so training can draw it again at other
sizes, places and slants (`playground.core.data.redraw`). Keeping the strokes out of the PNG leaves
the folder an ordinary ImageFolder; the PNG only names its strokes file in a text chunk
(PNG_KEY), so a strokes file that went missing is reported while a dropped-in picture is
not. The file is the user's and may be edited, cut short or
replaced by anything: reading checks size, shape, types and ranges, and any fault means "no
strokes" with a one-line reason; the sample still loads as an image and nothing is rewritten.

    {"format": "playground strokes", "version": 1, "strokes": [[[x, y], ...], ...]}

x and y are canvas units (0 to 28, x right, y down), one list of positions per pen stroke.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from playground.core.settings import IMAGE_SIDE
from playground.files.atomic import atomic_write

SUFFIX = ".strokes.json"
# The PNG of a digit saved with strokes names its strokes file in a text chunk under this key,
# so a strokes file that has gone missing can be told from a picture that never had one.
PNG_KEY = "playground:strokes"
MISSING = "missing"  # the reason given for a marked sample whose strokes file is gone
FORMAT = "playground strokes"
VERSION = 1
MAX_BYTES = 256 * 1024  # a digit drawn slowly with many strokes is a few kilobytes
MAX_STROKES = 64
MAX_POINTS = 8192  # over all strokes


class StrokeFileError(ValueError):
    """A strokes file that cannot be used; the message says why (the caller names the file)."""


def strokes_path(png: Path) -> Path:
    """Where the strokes of the sample `png` are kept: same folder, same stem."""
    png = Path(png)
    return png.with_name(png.stem + SUFFIX)


def is_strokes_file(path: Path) -> bool:
    return Path(path).name.endswith(SUFFIX)


def write_strokes(png: Path, strokes: tuple[np.ndarray, ...]) -> Path:
    """Write `strokes` beside `png`, atomically; returns the file's path."""
    checked = _check([np.asarray(s, np.float64).tolist() for s in strokes])
    text = json.dumps(
        {"format": FORMAT, "version": VERSION, "strokes": [s.round(3).tolist() for s in checked]},
        separators=(",", ":"),
    )
    path = strokes_path(png)
    with atomic_write(path) as handle:
        handle.write(text.encode("ascii"))
    return path


def read_strokes(path: Path) -> tuple[np.ndarray, ...]:
    """The strokes in a strokes file, each (k, 2) float32; StrokeFileError says what is wrong
    (OSError when it cannot be read at all)."""
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise StrokeFileError(f"larger than {MAX_BYTES // 1024} KB")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise StrokeFileError(f"not readable JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StrokeFileError(f"not a {FORMAT!r} file")
    if data.get("version") != VERSION:
        raise StrokeFileError(f"version {data.get('version')!r}, this app reads {VERSION}")
    return _check(data.get("strokes"))


def _no_constant(name: str) -> float:
    raise StrokeFileError(f"{name} is not a position")


def _check(strokes: object) -> tuple[np.ndarray, ...]:
    """Lists of [x, y] pairs -> arrays, or StrokeFileError naming the first fault."""
    if not isinstance(strokes, list) or not strokes:
        raise StrokeFileError("strokes must be a non-empty list")
    if len(strokes) > MAX_STROKES:
        raise StrokeFileError(f"more than {MAX_STROKES} strokes")
    out, total = [], 0
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke:
            raise StrokeFileError("each stroke must be a non-empty list of [x, y]")
        total += len(stroke)
        if total > MAX_POINTS:
            raise StrokeFileError(f"more than {MAX_POINTS} positions")
        for point in stroke:
            if not (
                isinstance(point, list) and len(point) == 2 and all(_coordinate(v) for v in point)
            ):
                raise StrokeFileError(f"a position is not two numbers 0 to {IMAGE_SIDE}")
        out.append(np.array(stroke, np.float32))
    return tuple(out)


def _coordinate(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return (isinstance(value, int) or math.isfinite(value)) and 0 <= value <= IMAGE_SIDE
