"""Reading a script: every line checked before anything runs, errors as `FILE:LINE: problem`.

The language itself, and when each action takes effect, is described in `playground.demo.script`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from playground.core.settings import (
    IMAGE_SIDE,
    SCENE_NAMES,
    VIDEO_SUFFIXES,
    SettingError,
    parse_setting,
)
from playground.demo.studio import MAX_CAPTION
from playground.files.imagefile import ImageFileError, read_gray
from playground.ui.explain import PAGE_COUNT
from playground.ui.ui_scale import MIN_WINDOW, parse_ui_scale

MAX_LINE = 10_000
MAX_FILE_BYTES = 10 * 2**20
MAX_COUNT = 10_000_000  # for train and wait: about two days of frames
CANVAS = float(IMAGE_SIDE)  # stroke points are in canvas cells, 0 to the side
OBSERVERS = ("screenshot", "report")
OPTIONAL_ARGUMENT = ("caption",)  # actions that may also stand alone
MAX_WINDOW = 8192


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
    recording = False  # after a `record start` and before its `record stop`
    for number, line in enumerate(text.split("\n"), start=1):
        try:
            action = _parse_line(line, folder)
            if action is not None and action[0] == "record":
                recording = _record_order(action[1][0], recording)
        except _Bad as problem:
            raise ScriptError(f"{name}:{number}: {problem}") from None
        if action is not None:
            actions.append(Action(number, *action))
    return Script(name, tuple(actions))


def _record_order(what: str, recording: bool) -> bool:
    """Whether a recording runs after this `record start` or `stop`: a stop with none running
    or a second start is refused with the rest, before anything runs."""
    if what == "stop" and not recording:
        raise _Bad("record stop: nothing is being recorded")
    if what == "start" and recording:
        raise _Bad("record start: already recording; record stop first")
    return what == "start"


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


KEY_MODIFIERS = ("ctrl", "shift", "alt")  # `key ctrl+=`: held while the key is pressed


def split_key(text: str) -> tuple[tuple[str, ...], str]:
    """'ctrl+shift+s' -> (('ctrl', 'shift'), 's'); '+' and 'ctrl++' name the plus key."""
    modifiers: list[str] = []
    while "+" in text[:-1]:
        head, _, rest = text.partition("+")
        if head.lower() not in KEY_MODIFIERS:
            break
        modifiers.append(head.lower())
        text = rest
    return tuple(modifiers), text


def _parse_key(rest: str, folder: Path) -> tuple:
    _, name = split_key(rest)
    with warnings.catch_warnings():  # key_code warns before pygame.init() but works all the same
        warnings.filterwarnings("ignore", r"pygame\.init\(\) has not been called")
        try:
            pygame.key.key_code(name)
        except ValueError:
            raise _Bad(
                f"key: unknown key name {name!r} (examples: space, right, f, ?, ctrl+=)"
            ) from None
    return (rest,)


def _parse_ui_scale(rest: str, folder: Path) -> tuple:
    try:
        return (parse_ui_scale(_single("ui_scale", rest)),)
    except ValueError as error:
        raise _Bad(f"ui_scale: {error}") from None


def _parse_window(rest: str, folder: Path) -> tuple:
    match = re.fullmatch(r"([0-9]+)x([0-9]+)", _single("window", rest))
    if not match:
        raise _Bad(f"window: expected WIDTHxHEIGHT such as 1920x1200, got {rest!r}")
    width, height = int(match[1]), int(match[2])
    if not (MIN_WINDOW[0] <= width <= MAX_WINDOW and MIN_WINDOW[1] <= height <= MAX_WINDOW):
        low = f"{MIN_WINDOW[0]}x{MIN_WINDOW[1]}"
        raise _Bad(f"window: the size must be from {low} to {MAX_WINDOW}x{MAX_WINDOW}, got {rest}")
    return (width, height)


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
    if path.is_dir():
        raise _Bad(f"image {path}: that is a folder; give a picture file")
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
    "page": ("a page number", _counter("page", 1, PAGE_COUNT)),
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
    "ui_scale": ("a UI scale such as 1.5 or 150%", _parse_ui_scale),
    "window": ("a size WIDTHxHEIGHT such as 1920x1200", _parse_window),
}
