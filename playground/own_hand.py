"""A simulated user teaching the app their own hand, for measuring: `python -m playground.own_hand`.

The promise of the app is that after a few of your own digits it reads *you*. This replays real
people's pen trajectories (the UCI pen-digits format, `playground.core.data.pendigits`) through the
app's own path, one writer at a time: the writer draws `per_digit` of each digit in play as mouse
strokes on the canvas (14 to 22 cells tall, off centre), labels and saves each one
(`Session.save_sample`, into a fresh temporary samples folder, so the strokes are kept as in the
app), trains `steps` steps one a frame exactly as the app does (`Session.tick`), and is then
scored on all their other digits, drawn as mouse strokes the same way. Default settings unless
changed. Pure numpy, no pygame; the pen-digits file is a measuring set the app never reads.

    python -m playground.own_hand FILE [--writers 1-20] [--digits 0-9] [--steps 3600]
                                       [--per-digit 5] [--set NAME=VALUE] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from playground.blas import limit_blas_threads
from playground.core.data.pendigits import PenDigit, place, read_pendigits, render_as_mouse
from playground.core.data.preprocess import prepare_drawn
from playground.core.data.starter import STARTER_PATH
from playground.core.session import Session
from playground.core.settings import IMAGE_SIDE, SettingError, Settings, parse_digits, parse_setting

SIZES = (14.0, 22.0)  # drawn height in canvas cells, as people draw with a mouse
CASES = {"0-9": (tuple(range(10)), 3600), "1,2,3": ((1, 2, 3), 600)}  # the two cases


def split_writer(digits: list[PenDigit], in_play: tuple[int, ...], per_digit: int) -> tuple:
    """A writer's digits in play: their first `per_digit` of each kind to teach, the rest to
    test."""
    taught, tested = [], []
    for d in in_play:
        mine = [p for p in digits if p.label == d]
        taught += mine[:per_digit]
        tested += mine[per_digit:]
    return taught, tested


def teach(session: Session, taught: list[PenDigit], rng: np.random.Generator) -> None:
    """Draw each digit on the canvas as mouse strokes, label it and save it, as a user does."""
    for p in taught:
        height = rng.uniform(*SIZES)
        room = max(0.0, (IMAGE_SIDE - height) / 2 - 1)
        centre = IMAGE_SIDE / 2 + rng.uniform(-room, room, size=2)
        session.canvas.clear()
        for stroke in place(p.strokes, height, tuple(centre)):
            session.canvas.draw_stroke(map(tuple, stroke))
        session.label = p.label
        session.save_sample()


def train_and_score(session: Session, tested: list[PenDigit], steps: int, seed: int) -> dict:
    """Train `steps` steps one a frame as the app does, then score `tested` drawn as mouse
    strokes: accuracy overall and per digit."""
    session.train_steps(steps)
    while session.running:
        session.tick()
    settings = session.settings
    images = render_as_mouse(tested, seed=seed, sizes=SIZES)
    x = prepare_drawn(images, settings.normalize, settings.deskew)
    guesses = session.trainer.predict_digits(x)[0] if len(x) else np.zeros(0, int)
    truth = np.array([p.label for p in tested])
    right = guesses == truth
    return {
        "accuracy": round(float(right.mean()), 4) if len(truth) else None,
        "per_digit": {
            str(d): round(float(right[truth == d].mean()), 3)
            for d in settings.digits
            if (truth == d).any()
        },
        "tested": len(truth),
        "steps": session.trainer.steps,
    }


def teach_and_score(
    digits: list[PenDigit],
    settings: Settings,
    steps: int,
    per_digit: int = 5,
    seed: int = 0,
    starter_path: Path = STARTER_PATH,
) -> dict:
    """One writer: save their first `per_digit` digits of each kind in play through the app
    (a fresh samples folder), train `steps` steps as the app does, score their other digits."""
    taught, tested = split_writer(digits, settings.digits, per_digit)
    with tempfile.TemporaryDirectory() as folder:
        session = Session(settings, Path(folder), starter_path)
        session.say = lambda message: None  # fifty "saved a 7 as ..." lines say nothing here
        teach(session, taught, np.random.default_rng(seed))
        result = train_and_score(session, tested, steps, seed + 1)
    return {**result, "taught": len(taught)}


def own_hand(
    path: Path,
    writers: list[int],
    settings: Settings,
    steps: int,
    per_digit: int = 5,
    starter_path: Path = STARTER_PATH,
) -> dict:
    """`teach_and_score` for each writer in `writers`; per writer and the mean accuracy."""
    everything = read_pendigits(Path(path))
    results = {}
    for writer in writers:
        mine = [p for p in everything if p.writer == writer]
        if mine:
            results[str(writer)] = teach_and_score(
                mine, settings, steps, per_digit, writer, starter_path
            )
    scores = [r["accuracy"] for r in results.values() if r["accuracy"] is not None]
    return {
        "digits": list(settings.digits),
        "steps": steps,
        "per_digit": per_digit,
        "writers": results,
        "mean": round(float(np.mean(scores)), 4) if scores else None,
        "min": round(float(np.min(scores)), 4) if scores else None,
    }


def _writers(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        out += range(int(low), int(high or low) + 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.own_hand", description=__doc__)
    parser.add_argument("file", type=Path, help="a UCI pen-digits file (.tra or .tra.gz)")
    parser.add_argument("--writers", default="1-20", help="writer numbers, e.g. 1-20 or 21-30")
    parser.add_argument("--digits", default="0-9", help="digits in play (1,2,3 trains 600 steps)")
    parser.add_argument("--steps", type=int, help="training steps (default: 3600, 1,2,3: 600)")
    parser.add_argument("--per-digit", type=int, default=5, help="own digits saved of each kind")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    limit_blas_threads()
    try:
        digits = parse_digits(args.digits)
        writers = _writers(args.writers)
        settings = replace(Settings(), digits=digits)
        for item in args.set:
            name, sep, value = item.partition("=")
            if not sep:
                raise SettingError(f"--set needs NAME=VALUE, got {item!r}")
            settings = replace(settings, **{name: parse_setting(name, value)})
    except (SettingError, ValueError) as error:
        parser.error(str(error))
    if not args.file.is_file():
        parser.error(f"{args.file}: no such file")
    steps = args.steps if args.steps is not None else (600 if digits == (1, 2, 3) else 3600)
    started = time.perf_counter()
    result = own_hand(args.file, writers, settings, steps, args.per_digit, STARTER_PATH)
    if args.json:
        print(json.dumps(result))
        return 0
    for writer, r in result["writers"].items():
        print(f"writer {writer:>2}: {r['accuracy']:.3f} of {r['tested']}  {r['per_digit']}")
    print(
        f"mean {result['mean']:.3f} (min {result['min']:.3f}) over {len(result['writers'])} "
        f"writers, digits {args.digits}, {steps} steps, {args.per_digit} own each, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
