"""The app as the scene tests open it: on one scene, with a small starter set, one frame drawn."""

from pathlib import Path

import pygame

from playground.core.session import Session
from playground.core.settings import Settings
from playground.ui.app import App


def make_app(samples_dir: Path, starter: Path, scene: str, size=(1280, 800)) -> App:
    session = Session(Settings(), samples_dir, starter)
    app = App(session, size=size, scene=scene)
    pygame.event.clear()  # window events left over from earlier tests' windows
    app.step()
    return app
