"""The script language: a plain-text list of actions that drives the app as a person would.

Scripts make demos, videos and end-to-end tests repeatable. One action per line (the table at
the end of the parsing section lists them); `#` starts a comment, so the `#` key cannot be pressed
from a script. The whole file is parsed and every value checked before anything runs, so a typo
on line 40 stops the script before line 1 has changed anything; errors read `FILE:LINE: problem`.
`image` paths are relative to the script's folder, `screenshot` and `record` paths to the working
folder.

Timing. The loop keeps drawing at 60 fps and calls `ScriptRunner.advance()` once a frame, after
the frame's events and before its training and drawing. Each call runs actions in order until one
has to wait:
- Most actions change state directly (scene, page, set, stroke, clear, image, label, save,
  reset); the frame drawn right after shows them, and several run in the same frame.
- `key` posts a key press that the loop handles at the start of the next frame, so the action
  after a `key` runs one frame later; the press is then handled before it, keeping the order.
- `screenshot` and `report` observe: they wait until a frame drawn after every earlier action has
  been shown, so they see everything before them (one frame after a change, two after a key).
- `record start PATH` records every frame drawn from this one on (headless: all of them, at
  exactly 60 fps of app time) until `record stop` or the end of the script; the frame drawn
  after the last action is not part of the video, so end a script with `wait N` to hold its
  last picture for N frames. `caption TEXT` burns a caption line into the frame until a bare
  `caption` clears it (`#` starts a comment, so captions cannot contain one).
- `train N` runs until N more steps are done (or training stops by itself, which the report
  will show); `wait N` lets N frames be drawn before the next action.
When the last action is done the app quits with status 0.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from playground.config import SCENE_NAMES, SettingError, parse_setting
from playground.imagefile import ImageFileError, canvas_image, read_gray
from playground.studio import MAX_CAPTION

if TYPE_CHECKING:
    from playground.app import App

MAX_LINE = 10_000
MAX_FILE_BYTES = 10 * 2**20
MAX_COUNT = 10_000_000  # for train and wait: about two days of frames
CANVAS = 28.0
OBSERVERS = ("screenshot", "report")
OPTIONAL_ARGUMENT = ("caption",)  # actions that may also stand alone
VIDEO_SUFFIXES = (".mp4", ".gif")


class ScriptError(Exception):
    """A script that cannot be parsed or an action that failed; the message is one line."""


@dataclass(frozen=True)
class Action:
    line: int  # 1-based line in the script file
    name: str
    args: tuple = ()  # parsed values, see the _parse_* functions


@dataclass(frozen=True)
class Script:
    name: str  # the file as the user named it, for messages
    actions: tuple[Action, ...]


class _Bad(Exception):
    """A problem with one line; parse_script adds the file name and line number."""


# -- parsing --------------------------------------------------------------------------------------
def load_script(path: Path) -> Script:
    """Read and parse a script file; ScriptError says what is wrong with it."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScriptError(f"{path}: cannot read it ({error.strerror or error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ScriptError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MB; is it a script?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScriptError(f"{path}: not a UTF-8 text file") from None
    return parse_script(text, str(path))


def parse_script(text: str, name: str) -> Script:
    """Parse script text; `name` is the script's file, for messages and relative image paths."""
    folder = Path(name).parent
    actions = []
    for number, line in enumerate(text.split("\n"), start=1):
        try:
            action = _parse_line(line, folder)
        except _Bad as problem:
            raise ScriptError(f"{name}:{number}: {problem}") from None
        if action is not None:
            actions.append(Action(number, *action))
    return Script(name, tuple(actions))


def _parse_line(line: str, folder: Path) -> tuple[str, tuple] | None:
    if len(line) > MAX_LINE:
        raise _Bad(f"line is longer than {MAX_LINE:,} characters")
    words = line.split("#", 1)[0].split(None, 1)
    if not words:
        return None
    name, rest = words[0], (words[1].strip() if len(words) > 1 else "")
    if name not in _PARSERS:
        raise _Bad(f"unknown action {name!r}; known: {', '.join(_PARSERS)}")
    needs, parse = _PARSERS[name]
    if needs is None:
        if rest:
            raise _Bad(f"{name} takes no arguments, got {rest!r}")
        return name, ()
    if not rest and name not in OPTIONAL_ARGUMENT:
        raise _Bad(f"{name} needs {needs}")
    return name, parse(rest, folder)


def _single(name: str, rest: str) -> str:
    words = rest.split()
    if len(words) > 1:
        raise _Bad(f"{name} takes one argument, got {len(words)}: {rest!r}")
    return words[0]


def _counter(name: str, low: int, high: int) -> Callable[[str, Path], tuple]:
    """A parser for an action taking one whole number from `low` to `high`."""

    def parse(rest: str, folder: Path) -> tuple:
        text = _single(name, rest)
        if not re.fullmatch(r"[0-9]{1,9}", text) or not low <= int(text) <= high:
            raise _Bad(f"{name} needs a whole number from {low} to {high:,}, got {text!r}")
        return (int(text),)

    return parse


def _parse_scene(rest: str, folder: Path) -> tuple:
    scene = _single("scene", rest)
    if scene not in SCENE_NAMES:
        raise _Bad(f"scene: unknown scene {scene!r}; known: {', '.join(SCENE_NAMES)}")
    return (scene,)


def _parse_key(rest: str, folder: Path) -> tuple:
    with warnings.catch_warnings():  # key_code warns before pygame.init() but works all the same
        warnings.filterwarnings("ignore", r"pygame\.init\(\) has not been called")
        try:
            pygame.key.key_code(rest)
        except ValueError:
            raise _Bad(f"key: unknown key name {rest!r} (examples: space, right, f, ?)") from None
    return (rest,)


def _parse_set(rest: str, folder: Path) -> tuple:
    setting, value = (rest.split(None, 1) + [""])[:2]
    if not value:
        raise _Bad(f"set {setting}: missing VALUE (set NAME VALUE)")
    try:
        parse_setting(setting, value)
    except SettingError as error:
        raise _Bad(f"set {setting}: {error}") from None
    return setting, value


def _parse_point(word: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in word.split(","))
    except ValueError:
        raise _Bad(f"stroke: point {word!r} is not X,Y (two numbers, a comma between)") from None
    if not all(math.isfinite(v) and 0.0 <= v <= CANVAS for v in (x, y)):
        raise _Bad(f"stroke: point {word!r}: coordinates must be inside the 28x28 canvas")
    return x, y


def _parse_stroke(rest: str, folder: Path) -> tuple:
    return tuple(_parse_point(word) for word in rest.split())


def _parse_image(rest: str, folder: Path) -> tuple:
    path = folder / Path(rest).expanduser()
    if not path.is_file():
        raise _Bad(f"image {path}: no such file")
    try:
        read_gray(path)
    except ImageFileError as error:
        raise _Bad(f"image {error}") from None
    return (path,)


def _parse_screenshot(rest: str, folder: Path) -> tuple:
    if not rest.lower().endswith(".png"):
        raise _Bad(f"screenshot {rest}: screenshots are PNG files, name it *.png")
    return (Path(rest).expanduser(),)


def _parse_record(rest: str, folder: Path) -> tuple:
    what, path = (rest.split(None, 1) + [""])[:2]
    if what == "stop":
        if path:
            raise _Bad(f"record stop takes no arguments, got {path!r}")
        return ("stop",)
    if what != "start":
        raise _Bad(f"record: expected 'start PATH' or 'stop', got {rest!r}")
    if not path:
        raise _Bad("record start needs a PATH ending in .mp4 or .gif")
    if not path.lower().endswith(VIDEO_SUFFIXES):
        raise _Bad(f"record start {path}: videos are .mp4 or .gif files")
    return "start", Path(path).expanduser()


def _parse_caption(rest: str, folder: Path) -> tuple:
    if len(rest) > MAX_CAPTION:
        raise _Bad(f"caption: at most {MAX_CAPTION} characters, got {len(rest)}")
    return (rest,)


# Every action: what it needs ("stroke needs ..."; None: no arguments) and its argument parser.
_PARSERS: dict[str, tuple[str | None, Callable[[str, Path], tuple] | None]] = {
    "scene": ("a scene name: draw, train or explain", _parse_scene),
    "page": ("a page number", _counter("page", 1, 999)),
    "key": ("a pygame key name such as space, right or f", _parse_key),
    "set": ("a setting NAME and VALUE", _parse_set),
    "stroke": ("at least one X,Y point", _parse_stroke),
    "clear": (None, None),
    "image": ("a PATH to a PNG, JPEG, GIF or BMP file", _parse_image),
    "label": ("a digit 0-9", _counter("label", 0, 9)),
    "save": (None, None),
    "train": ("a number of steps", _counter("train", 1, MAX_COUNT)),
    "wait": ("a number of frames", _counter("wait", 0, MAX_COUNT)),
    "reset": (None, None),
    "screenshot": ("a PATH ending in .png", _parse_screenshot),
    "report": (None, None),
    "quit": (None, None),
    "record": ("'start PATH' (a .mp4 or .gif file) or 'stop'", _parse_record),
    "caption": ("TEXT, or nothing to clear the caption", _parse_caption),
}


# -- running --------------------------------------------------------------------------------------
class ScriptRunner:
    """Runs a parsed script against the app, a few actions per frame (see the module docstring)."""

    def __init__(self, script: Script, app: App) -> None:
        self.script = script
        self.app = app
        self._next = 0  # index of the next action
        self._frame = -1  # how many times advance() ran, minus one: this frame's number
        self._start_at = 0  # the next action runs no earlier than this frame
        self._shown_at = 1  # from this frame on, the screen shows every action run so far
        self._training = False  # a train action is waiting for its steps
        self._done = False

    @property
    def done(self) -> bool:
        return self._done

    def advance(self) -> None:
        """Run this frame's actions; raise ScriptError `FILE:LINE: ...` if one fails."""
        if self._done:
            return
        self._frame += 1
        actions = self.script.actions
        while not self._done:
            if self._frame < self._start_at or self._waiting_for_training():
                return
            if self._next == len(actions):
                self._finish()
                return
            action = actions[self._next]
            if action.name in OBSERVERS and self._frame < self._shown_at:
                return
            self._next += 1
            try:
                self._run(action)
            except ScriptError as error:
                raise ScriptError(f"{self.script.name}:{action.line}: {error}") from None

    def _waiting_for_training(self) -> bool:
        self._training = self._training and self.app.session.running
        return self._training

    def _finish(self) -> None:
        self._done = True
        self.app.quit(0)

    _do_quit = _finish

    def _run(self, action: Action) -> None:
        if action.name not in (*OBSERVERS, "key", "wait", "quit"):
            self._shown_at = self._frame + 1  # the frame drawn next shows this change
        getattr(self, f"_do_{action.name}")(*action.args)

    def _do_key(self, name: str) -> None:
        self.app.press_key(name)
        self._start_at = self._frame + 1  # the loop handles the press at the next frame's start
        self._shown_at = self._frame + 2

    def _do_wait(self, frames: int) -> None:
        self._start_at = self._frame + frames

    def _do_scene(self, name: str) -> None:
        self.app.request_scene(name)

    def _do_page(self, number: int) -> None:
        try:
            self.app.scenes["explain"].set_page(number)
        except ValueError as error:
            raise ScriptError(f"page {number}: {error}") from None

    def _do_set(self, name: str, value: str) -> None:
        try:
            self.app.session.set(name, value)
        except SettingError as error:
            raise ScriptError(f"set {name}: {error}") from None

    def _do_stroke(self, *points: tuple[float, float]) -> None:
        self.app.session.canvas.draw_stroke(points)

    def _do_clear(self) -> None:
        self.app.session.canvas.clear()

    def _do_image(self, path: Path) -> None:
        try:
            self.app.session.canvas.set_image(canvas_image(path))
        except ImageFileError as error:
            raise ScriptError(f"image {error}") from None

    def _do_label(self, digit: int) -> None:
        self.app.session.label = digit

    def _do_save(self) -> None:
        session = self.app.session
        if session.save_sample() is None:
            raise ScriptError(f"save failed: {session.messages[-1]}")

    def _do_train(self, steps: int) -> None:
        self.app.session.train_steps(steps)
        self._training = True

    def _do_reset(self) -> None:
        self.app.session.reset()

    def _do_screenshot(self, path: Path) -> None:
        try:
            self.app.screenshot(path)
        except (OSError, pygame.error) as error:
            raise ScriptError(f"screenshot {path}: cannot save it ({error})") from None

    def _do_record(self, what: str, path: Path | None = None) -> None:
        studio = self.app.studio
        if what == "stop":
            if not studio.recording:
                raise ScriptError("record stop: nothing is being recorded")
            studio.stop_recording()
            return
        from playground.record import RecordError

        try:
            studio.start_recording(path)
        except RecordError as error:
            raise ScriptError(f"record start: {error}") from None

    def _do_caption(self, text: str) -> None:
        self.app.studio.set_caption(text)

    def _do_report(self) -> None:
        print(json.dumps(self.app.report(), allow_nan=False), flush=True)
