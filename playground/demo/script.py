"""The script language: a plain-text list of actions that drives the app as a person would.

Scripts make demos, videos and end-to-end tests repeatable. One action per line (`_PARSERS` in
playground.demo.script_parse lists them); `#` starts a comment, so the `#` key cannot be pressed
from a script. The whole file is parsed and every value checked before anything runs, so a typo
on line 40 stops the script before line 1 has changed anything; errors read `FILE:LINE: problem`.
`image` paths are relative to the script's folder, `screenshot` and `record` paths to the working
folder.

Timing. The loop keeps drawing at 60 fps and calls `ScriptRunner.advance()` once a frame, after
the frame's events and before its training and drawing. Each call runs actions in order until one
has to wait:
- Most actions change state directly (scene, page, set, stroke, clear, image, label, save,
  reset, ui_scale, window); the frame drawn right after shows them, and several run in the
  same frame. `key ctrl+=` holds Ctrl (or shift, alt) while the key is pressed.
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
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from playground.core.settings import SettingError
from playground.core.words import a_digit
from playground.demo.script_parse import (
    OBSERVERS,
    Action,
    Script,
    ScriptError,
    load_script,
    parse_script,
)
from playground.files.imagefile import ImageFileError, canvas_image

if TYPE_CHECKING:
    from playground.ui.app import App

__all__ = ["Action", "Script", "ScriptError", "ScriptRunner", "load_script", "parse_script"]


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

    def _do_ui_scale(self, value: float) -> None:
        self.app.set_ui_scale(value)

    def _do_window(self, width: int, height: int) -> None:
        self.app.resize((width, height))

    def _do_wait(self, frames: int) -> None:
        self._start_at = self._frame + frames

    def _do_scene(self, name: str) -> None:
        self.app.request_scene(name)

    def _do_page(self, number: int) -> None:
        """Show page `number`, switching to the explain scene (from another scene `page 3`
        had turned the page unseen)."""
        try:
            self.app.scenes["explain"].set_page(number)
        except ValueError as error:
            raise ScriptError(f"page {number}: {error}") from None
        self.app.request_scene("explain")

    def _do_set(self, name: str, value: str) -> None:
        try:
            self.app.session.set(name, value)
        except SettingError as error:
            raise ScriptError(f"set {name}: {error}") from None

    def _do_stroke(self, *points: tuple[float, float]) -> None:
        """A stroke as the mouse would make it: it erases while the draw scene's eraser is on."""
        pen = getattr(getattr(self.app, "scenes", {}).get("draw"), "pen", None)
        if pen is not None and pen.erasing:
            self.app.session.canvas.draw_stroke(points, erase=True)
        else:
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
        """Save the canvas (a drawing saved already under the same label makes a second copy,
        as it always did). One saved already under another label is not saved, and that is no
        error: the script goes on."""
        session = self.app.session
        saved_as = session.canvas_saved_as
        if saved_as is not None and saved_as != session.label:
            session.say(f"save: this drawing is saved already as {a_digit(saved_as)}; not saved")
            return
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
        from playground.demo.record import RecordError

        try:
            studio.start_recording(path)
        except RecordError as error:
            raise ScriptError(f"record start: {error}") from None

    def _do_caption(self, text: str) -> None:
        self.app.studio.set_caption(text)

    def _do_report(self) -> None:
        print(json.dumps(self.app.report(), allow_nan=False), flush=True)
