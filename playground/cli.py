"""The command line: parse, prepare the environment, build the app, run it.

Environment comes first: BLAS threads and the SDL video driver must be set before numpy and
pygame load, so nothing heavy is imported at the top of this module.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playground.core.settings import SCENE_NAMES, VIDEO_SUFFIXES

DEFAULT_SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "user"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, never a usage dump or traceback
        self.exit(2, f"playground: {message} (try --help)\n")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


def _seed(text: str) -> int:
    if not text.isdigit() or int(text) >= 2**31:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 2^31-1, got {text!r}")
    return int(text)


def _ui_scale(text: str) -> float:
    from playground.ui.ui_scale import parse_ui_scale  # plain numbers: imports no pygame

    try:
        return parse_ui_scale(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="main.py",
        description="Draw digits, train a small neural network on them and watch it learn.",
        allow_abbrev=False,  # --headles is a typo to point out, not a flag to guess
    )
    parser.add_argument("--scene", choices=SCENE_NAMES, default="draw", help="scene to start in")
    parser.add_argument(
        "--samples", type=Path, metavar="DIR", help="folder for your own digits (samples/user)"
    )
    parser.add_argument("--seed", type=_seed, default=0, help="seed for weights and data split")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="no window (SDL dummy driver); runs until stopped unless --frames or --script",
    )
    parser.add_argument("--frames", type=_positive, metavar="N", help="run N frames, then exit")
    parser.add_argument("--script", type=Path, metavar="FILE", help="run actions from FILE")
    parser.add_argument(
        "--load", type=Path, metavar="FILE", help="start from a session saved with Ctrl+S"
    )
    parser.add_argument(
        "--record",
        type=Path,
        metavar="FILE",
        help="record every frame to FILE (.mp4, or .gif for a short clip); exact 60 fps headless",
    )
    parser.add_argument(
        "--ui-scale",
        type=_ui_scale,
        default=1.0,
        metavar="X",
        help="draw text and pictures X times bigger (0.5 to 3, e.g. 1.5 or 150%%); Ctrl+= / Ctrl+-",
    )
    return parser


def _check_paths(args: argparse.Namespace) -> str | None:
    if args.samples is not None and not args.samples.is_dir():
        what = "is a file" if args.samples.exists() else "does not exist"
        return f"--samples {args.samples}: that folder {what}"
    if args.script is not None and args.script.is_dir():
        return f"--script {args.script}: that is a folder; give a script file"
    if args.script is not None and not args.script.is_file():
        return f"--script {args.script}: no such file"
    if args.load is not None and args.load.is_dir():
        return f"--load {args.load}: that is a folder; give a session file saved with Ctrl+S"
    if args.load is not None and not args.load.is_file():
        return f"--load {args.load}: no such file"
    if args.record is not None:
        if args.record.suffix.lower() not in VIDEO_SUFFIXES:
            return f"--record {args.record}: videos are .mp4 or .gif files"
        if args.headless and args.script is None and args.frames is None:
            return "--record with --headless needs --script or --frames, or it would never end"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = _check_paths(args)
    if problem:
        print(f"playground: {problem}", file=sys.stderr)
        return 2
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    chosen_driver = os.environ.get("SDL_VIDEODRIVER")  # "dummy" set on purpose runs windowless
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from playground.blas import limit_blas_threads

    limit_blas_threads()
    import pygame

    if not getattr(pygame, "IS_CE", False):
        print(
            "playground: the legacy 'pygame' package is installed and hides pygame-ce; run "
            "'pip uninstall pygame' and then 'pip install pygame-ce'",
            file=sys.stderr,
        )
        return 2
    if not args.headless and chosen_driver != "dummy":
        problem = _no_display(pygame)
        if problem:
            print(f"playground: {problem}", file=sys.stderr)
            return 2
    if args.headless and args.frames is None and args.script is None:
        print(
            "playground: running headless until stopped (Ctrl+C); add --frames N or "
            "--script FILE to end on its own",
            file=sys.stderr,
        )
    return _run(args)


def _no_display(pygame) -> str | None:
    """Why a window cannot be shown, or None. Without a display SDL falls back to drivers
    that draw nowhere, and the app would run on, invisible, until killed."""
    try:
        pygame.display.init()
    except pygame.error as error:
        return f"cannot open a window: {error}; use --headless to run without one"
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy"):
        return (
            f"no display to open a window on (SDL's video driver is '{driver}'); run it on a "
            "desktop, or add --headless with --script FILE or --frames N to run without one"
        )
    return None


def _run(args: argparse.Namespace) -> int:
    from playground.core.data.starter import StarterError
    from playground.core.session import Session
    from playground.core.settings import Settings
    from playground.demo.script import ScriptError, ScriptRunner, load_script
    from playground.files.session_file import SessionFileError, read_session, restore
    from playground.ui.app import App

    try:
        script = load_script(args.script) if args.script else None
        saved = read_session(args.load) if args.load else None  # refused before any work
        session = Session(Settings(seed=args.seed), args.samples or DEFAULT_SAMPLES)
    except ScriptError as error:
        print(error, file=sys.stderr)  # already FILE:LINE: what is wrong
        return 2
    except (StarterError, SessionFileError) as error:
        print(f"playground: {error}", file=sys.stderr)
        return 2
    if saved is not None:
        session.say(restore(session, saved, args.load))
    app = App(session, scene=args.scene, ui_scale=args.ui_scale)
    if script is not None:
        app.script = ScriptRunner(script, app)
    if args.record is not None:
        from playground.demo.record import RecordError  # loads ffmpeg: only when recording

        try:
            app.studio.start_recording(args.record)
        except RecordError as error:
            print(f"playground: {error}", file=sys.stderr)
            return 2
    try:
        code = app.run(frames=args.frames)
        return 1 if code == 0 and app.studio.failure else code  # the video is what was asked for
    except ScriptError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
