"""What a demo needs around the picture: recording (F9), presenter mode (H) and captions.

The loop calls `capture` once a frame, after the picture is drawn and before the recording light
goes on top, so videos show exactly what the window shows minus the light. With a fixed clock
(headless, scripts) nothing may be lost, so frames wait for the encoder; with a real clock the
window comes first and frames the encoder has no room for are dropped, counted and reported.
`playground.demo.record` (and with it ffmpeg) is loaded only when a recording starts.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from playground.ui.render import overlays, theme

if TYPE_CHECKING:
    from playground.demo.record import Recorder
    from playground.ui.app import App

MAX_CAPTION = 100  # characters; longer lines would not fit a frame at a readable size
DROP_REPORT_EVERY = 1.0  # seconds between "the encoder is behind" messages
GIF_MAX_SECONDS = 30  # GIFs are for short clips: longer ones grow to tens of megabytes


class Studio:
    def __init__(self, app: App, capture_dir: Path = Path("captures")) -> None:
        self.app = app
        self.capture_dir = capture_dir  # where F9 puts its videos
        self.presenting = False  # H: only the picture, no control panels
        self.caption = ""  # burned into the frame while not empty
        self.recorder: Recorder | None = None
        self._closing: list[Recorder] = []  # stopped, still finishing their files
        self._started = 0.0  # perf_counter when the current recording began
        self._size: tuple[int, int] = (0, 0)  # the window size the recording started at
        self._dropped_said = (0, 0.0)  # (dropped count, time) of the last "behind" message
        self.failure: str | None = None  # why the latest failed recording failed

    @property
    def recording(self) -> bool:
        return self.recorder is not None

    @property
    def recording_live(self) -> bool:
        """Recording the window as someone uses it (not a headless render): show it."""
        return self.recorder is not None and not self.recorder.offline

    # -- switches -------------------------------------------------------------------------------
    def toggle_presenting(self) -> None:
        self.presenting = not self.presenting

    def set_caption(self, text: str) -> None:
        if len(text) > MAX_CAPTION:
            raise ValueError(f"a caption has at most {MAX_CAPTION} characters, got {len(text)}")
        self.caption = text

    def toggle_recording(self, gif: bool = False) -> None:
        """F9 (Shift+F9 for a GIF clip): start a recording in `capture_dir`, or stop it."""
        if self.recorder is not None:
            self.stop_recording()
            return
        from playground.demo.record import RecordError

        path = self._new_capture_path(".gif" if gif else ".mp4")
        try:
            self.start_recording(path)
        except RecordError as error:
            self.app.session.say(str(error))
            return
        self.app.session.say(f"recording to {path}: press F9 to stop")

    def _new_capture_path(self, suffix: str) -> Path:
        """captures/playground-<time>.mp4, numbered when a file of that second already exists."""
        stem = time.strftime("playground-%Y%m%d-%H%M%S")
        taken = {recorder.path for recorder in self._closing}
        path, number = self.capture_dir / f"{stem}{suffix}", 2
        while path.exists() or path in taken:
            path, number = self.capture_dir / f"{stem}-{number}{suffix}", number + 1
        return path

    def start_recording(self, path: Path) -> Recorder:
        """Record every frame from this one on into `path` (.mp4 or .gif); RecordError if not."""
        from playground.demo.record import Recorder, RecordError

        if self.recorder is not None:
            raise RecordError(f"already recording to {self.recorder.path}")
        offline = not self.app.clock.real_time  # headless: every frame recorded, none dropped
        self.recorder = Recorder(path, self.app.screen, offline=offline)
        self._started = time.perf_counter()
        self._size = self.app.screen.get_size()
        self._dropped_said = (0, self._started)
        return self.recorder

    def stop_recording(self) -> None:
        """End the recording; its file appears (and is announced) once the encoder is done."""
        if self.recorder is None:
            return
        recorder, self.recorder = self.recorder, None
        recorder.stop()
        if recorder.offline:
            recorder.finish()  # headless: nothing to keep smooth, so have the file now
        self._closing.append(recorder)
        self._announce()

    def close(self) -> None:
        """Finish every recording and wait for the files (the app is about to exit)."""
        self.stop_recording()
        for recorder in self._closing:
            recorder.finish()
        self._announce()

    # -- once a frame -----------------------------------------------------------------------------
    def capture(self, surface: pygame.Surface) -> None:
        """Hand the finished picture to the recorder, and report on recordings in progress."""
        self._announce()
        recorder = self.recorder
        if recorder is None or self.app.quitting:  # the frame after the end is not in the video
            return
        if recorder.error:
            self.recorder = None
            self._closing.append(recorder)
            self._announce()
            return
        if surface.get_size() != self._size:
            self.app.session.say("the window was resized, so the recording stops here")
            self.stop_recording()
            return
        recorder.add(surface)
        if recorder.path.suffix.lower() == ".gif" and recorder.seconds >= GIF_MAX_SECONDS:
            longer = "record an .mp4 (F9, or --record NAME.mp4) for longer"
            self.app.session.say(f"GIF clips stop after {GIF_MAX_SECONDS} s; {longer}")
            self.stop_recording()
            return
        dropped, said_at = self._dropped_said
        now = time.perf_counter()
        if recorder.dropped > dropped and now - said_at >= DROP_REPORT_EVERY:
            self._dropped_said = (recorder.dropped, now)
            self.app.session.say(
                f"recording: the encoder cannot keep up, {recorder.dropped} frames dropped so far"
            )

    def draw_caption(self, surface: pygame.Surface) -> None:
        """The caption takes the status line's band: scenes are laid out above it, so no part
        of a scene (legends, charts, labels) is ever hidden, and presenting leaves it empty."""
        if self.caption:
            overlays.draw_caption(surface, self.caption, self.app.status.rect)

    def draw_recording_light(self, surface: pygame.Surface) -> None:
        """The red dot and elapsed time, left of the top bar's buttons (not in the video)."""
        if not self.recording_live:
            return
        buttons = self.app.top_bar.buttons.values()
        right = min((b.relative_rect.left for b in buttons), default=surface.get_width())
        right -= theme.px(16)
        overlays.draw_recording_light(
            surface, time.perf_counter() - self._started, (right, self.app.top_bar.rect.centery)
        )

    def _announce(self) -> None:
        """Say the closing line of every recording that has finished since last time."""
        for recorder in [r for r in self._closing if r.finished]:
            self._closing.remove(recorder)
            self.failure = recorder.error or self.failure
            self.app.session.say(recorder.message)
