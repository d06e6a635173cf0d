"""The train scene: watch the network learn, one sample's journey through it at a time.

Training runs underneath (the session steps it every frame); this scene picks one step's trace,
tells it as a story (pulses forward, guess against target, error sweeping back, weights
changing) and then takes the newest trace for the next story, so the picture never flickers
between samples at 60 Hz. Edges and weight tiles come from the live network; the charts from
the trainer's decimated history. Before any step, a starter sample is passed forward once.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from playground.core.training.rates import range_words
from playground.ui.render import theme
from playground.ui.render import timeline as tl
from playground.ui.render.banner import draw_banner
from playground.ui.render.graph_layout import GraphLayout
from playground.ui.render.layout_scale import layout_graph_scaled, panel_box_scaled
from playground.ui.render.network_view import STILL, Moment, NetworkView
from playground.ui.render.shown import Shown
from playground.ui.render.tiles import SAYS
from playground.ui.scenes.base import Scene
from playground.ui.scenes.confusion_tab import ConfusionTab
from playground.ui.scenes.inspector import Inspector
from playground.ui.scenes.pace import SPEEDS, Pace
from playground.ui.scenes.story import StoryPlayer
from playground.ui.scenes.train_caption import caption_lines, draw_caption
from playground.ui.scenes.train_controls import TrainControls
from playground.ui.scenes.train_panel import TrainPanel

PAD = 12
ROW = 30
TABS = (
    ("charts", "Charts", "loss and accuracy as training goes"),
    (
        "controls",
        "Controls",
        "learning rate, activation, layers, digits, batch, loss, own share (C)",
    ),
    ("confusion", "Confusion", "which digits are taken for which; click to see them (M)"),
)
PLAYED = tl.STORIES["slow"].showing(True, False)  # a chosen validation digit, told forward
REPLAY_EVERY = 20  # steps between fresh forward passes of that digit while training runs
BANNER_DROP = 150  # the blow-up banner's centre, below the top of the picture (design px)


class TrainScene(Scene):
    name = "train"
    title = "Train"
    paints_whole_area = True  # the picture's background and the panel tile the scene
    keys = (
        ("S / Right", "one training step"),
        ("R", "reset: fresh random weights"),
        ("F", "forward pulses on or off"),
        ("W", "tiles: what training changed (w − w₀), or the weights w"),
        ("B", "backward error sweep on or off"),
        ("[ / ]", "slower / faster: slow motion (a step told in 1.5 s), live, fast"),
        ("C / M", "Controls tab / Confusion matrix tab (again: back to the charts)"),
        ("mouse on a neuron", "its numbers: z = w·x + b, f(z), error, last change; click pins"),
        ("mouse on a weight", "its value, what it carries for this sample, its last change"),
        ("Confusion tab", "click a cell, then a digit: its forward pass plays; Esc goes back"),
    )

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = NetworkView()
        self.panel = TrainPanel(app.session, app.clock.real_time)
        self.pace = Pace(app.session, adaptive=app.clock.real_time)
        self.player = StoryPlayer()
        self._was_running = False  # training ran last frame: a pause settles the story
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.layout_key: tuple | None = None
        self.graph: GraphLayout | None = None
        self.inspector = Inspector()
        self.controls = TrainControls(app.session)
        self.tab = "charts"
        self.confusion = ConfusionTab(app.session)
        self._played: tuple[int | None, float] = (None, 0.0)  # (validation index, seconds)

    # -- widgets ------------------------------------------------------------------------------
    def build(self, container: pygame_gui.core.UIContainer) -> None:
        panel = self._panel_rect()
        pad, row_h, gap = theme.px(PAD), theme.px(ROW), theme.px(6)
        left = panel.left - self.rect.left + pad
        inner = panel.width - 2 * pad
        rows = (
            (
                ("slow", "Slow", "slow motion: one step told in 1.5 s ( [ )"),
                ("live", "Live", "one training step a frame"),
                ("fast", "Fast", "as many steps a frame as keep 60 fps ( ] )"),
            ),
            (
                ("forward", "Forward pulses", "animate the forward pass (F)"),
                ("backward", "Error sweep", "animate the backward pass (B)"),
            ),
            tuple((f"tab_{name}", label, tip) for name, label, tip in TABS),
        )
        self.buttons = {}
        for row, specs in enumerate(rows):
            width = (inner - gap * (len(specs) - 1)) // len(specs)
            for col, (name, label, tip) in enumerate(specs):
                top = pad + row * (row_h + gap)
                rect = pygame.Rect(left + col * (width + gap), top, width, row_h)
                self.buttons[name] = pygame_gui.elements.UIButton(
                    rect, label, self.app.ui, container=container, tool_tip_text=tip
                )
        content = self._content_rect(presenting=False)
        self.controls.build(self.app.ui, container, content.inflate(-2 * pad, 0))
        self.controls.show(self.tab == "controls")
        self._sync_buttons()

    def enter(self) -> None:
        super().enter()  # shows every widget in the container: the other tabs' hide again
        self.controls.show(self.tab == "controls")
        self.panel.restart_rate()  # steps went on in the other scenes, unseen by the panel

    def _content_rect(self, presenting: bool) -> pygame.Rect:
        """The right column below its three rows of buttons (all of it when presenting)."""
        panel, px = self._panel_rect(), theme.px
        top = px(PAD) if presenting else px(PAD) + 3 * (px(ROW) + px(6)) + px(4)
        return pygame.Rect(panel.left, panel.top + top, panel.width, panel.height - top - px(PAD))

    def _sync_buttons(self) -> None:
        settings = self.session.settings
        states = {name: self.speed == name for name in SPEEDS}
        states.update({f"tab_{name}": self.tab == name for name, *_ in TABS})
        states.update(forward=settings.anim_forward, backward=settings.anim_backward)
        for name, on in states.items():
            button = self.buttons.get(name)
            if button is not None and button.is_selected != on:
                button.select() if on else button.unselect()

    @property
    def speed(self) -> str:
        return self.pace.speed

    def _toggle(self, setting: str) -> None:
        on = not getattr(self.session.settings, setting)
        self.session.set(setting, "on" if on else "off")
        what = "forward pulses" if setting == "anim_forward" else "backward error sweep"
        self.session.say(f"{what} {'on' if on else 'off'}")

    # -- input --------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.controls.handle_event(event):
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.buttons.items():
                if event.ui_element is button:
                    self._act(name)
                    return True
            return False
        clicked = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        if clicked and self.tab == "confusion" and self.confusion.click(event.pos):
            return True
        switch = self.view.tiles.switch if self.view.tiles else None
        if clicked and switch is not None and switch.collidepoint(event.pos):
            self._act("tiles")
            return True
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN) and self.graph:
            return self.inspector.handle_event(event, self.graph)
        if event.type != pygame.KEYDOWN or event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            return False
        actions = {
            pygame.K_s: "step",
            pygame.K_RIGHT: "step",
            pygame.K_r: "reset",
            pygame.K_f: "forward",
            pygame.K_b: "backward",
            pygame.K_w: "tiles",
            pygame.K_LEFTBRACKET: "slower",
            pygame.K_RIGHTBRACKET: "faster",
            pygame.K_ESCAPE: "let_go",
            pygame.K_c: "tab_controls",
            pygame.K_m: "tab_confusion",
        }
        if event.key not in actions:
            return False
        name = actions[event.key]
        if name == f"tab_{self.tab}":  # the tab's key again goes back to the charts
            name = "tab_charts"
        self._act(name)
        return True

    def _act(self, name: str) -> None:
        if name == "step":
            self.session.step_once()
        elif name == "reset":
            self.session.reset()
        elif name in ("forward", "backward"):
            self._toggle(f"anim_{name}")
        elif name == "tiles":
            self.session.say(f"tiles show {SAYS[self.view.toggle_tiles()]}")
        elif name == "let_go":
            self.confusion.let_go()
        elif name.startswith("tab_"):
            self.tab = name[4:]
            self.controls.show(self.tab == "controls")
            self.confusion.let_go()
        elif name in ("slower", "faster"):
            self.pace.shift(1 if name == "faster" else -1)
            self.player.skip()
        else:
            self.pace.set(name)
            self.player.skip()
        self.app.controls_changed()

    # -- the story ----------------------------------------------------------------------------
    def _story_timing(self) -> tl.Story:
        s = self.session.settings
        return tl.STORIES[self.speed].showing(s.anim_forward, s.anim_backward)

    def update(self, dt: float, trace) -> None:
        network = self.session.trainer.network
        self.panel.update(dt)
        self.controls.update(dt)
        timing = self.app.timing
        self.pace.measure(timing.training, trace is not None, timing.total - timing.training)
        length = self._story_timing().total
        if self._was_running and not self.session.running:
            self.player.settle()
        self._was_running = self.session.running
        self.player.advance(
            dt, self.session.last_trace, network, length, self.session.trainer.steps
        )
        index, t = self._played
        self._played = (self.confusion.chosen, t + dt if index == self.confusion.chosen else 0.0)
        self._sync_buttons()

    def _shown(self) -> Shown:
        """A validation digit chosen in the confusion tab, else the step being told, or before
        any step the drawn digit (else the first training sample in play) passed forward once."""
        played = self.confusion.played()
        if played is not None:
            steps = self.session.trainer.steps // REPLAY_EVERY
            key = ("validation", self.confusion.chosen, steps)
            trainer = self.session.trainer
            return self.player.preview(trainer.network, lambda: played, key, trainer.steps)
        if self.player.story is not None:
            return self.player.story
        session, settings = self.session, self.session.settings
        key = (session.trainer.steps, session.canvas.version, session.canvas.is_empty, settings)
        return self.player.preview(session.trainer.network, self._sample, key, key[0])

    def _sample(self) -> tuple[np.ndarray, int | None]:
        """The drawn digit (no target), else the first training sample of a digit in play with
        its output index (a blank image if there is none)."""
        x = self.session.canvas_input()
        if x is not None:
            return x, None
        digits = self.session.trainer.digits
        inputs, labels = self.session.training_data()
        found = np.flatnonzero(np.isin(labels, digits))
        if not len(found):
            return np.zeros(inputs.shape[1], np.float32), None
        return inputs[found[0]], digits.index(int(labels[found[0]]))

    # -- drawing ------------------------------------------------------------------------------
    def _panel_rect(self) -> pygame.Rect:
        return pygame.Rect(panel_box_scaled(tuple(self.rect), theme.scale()))

    def draw(self, surface: pygame.Surface) -> None:
        trainer = self.session.trainer
        network = trainer.network
        key = (tuple(self.rect), theme.scale(), tuple(network.sizes), trainer.digits)
        if key != self.layout_key:
            self.graph = layout_graph_scaled(tuple(self.rect), network.sizes, theme.scale())
            self.view.set_layout(self.graph, trainer.digits)
            self.layout_key = key
        shown = self._shown()
        moment = STILL
        if self.confusion.chosen is not None:
            moment = Moment(PLAYED, self._played[1], tl.PULSES_PER_SEGMENT["slow"])
        elif self.player.story is not None:
            pulses = tl.PULSES_PER_SEGMENT[self.speed]
            moment = Moment(self._story_timing(), self.player.t, pulses)
        self.view.tiles.show_switch = not self.app.presenting
        since = None  # what has happened to the network since, which outweighs one right guess
        if trainer.diverged:
            since = "the loss blew up after it"
        elif trainer.stalled:
            since = "training has stalled since"
        self.view.draw(surface, shown, network, trainer.steps, moment, since)
        words = caption_lines(
            self.session, shown, moment, self.confusion.chosen is not None, self.player.story
        )
        draw_caption(surface, self.graph.caption, words)
        self.inspector.draw(
            surface, self.graph, shown, network, trainer.digits, self.view.tiles, trainer.start_step
        )
        panel = self._panel_rect()
        surface.blit(theme.solid(panel.size, theme.PANEL), panel)
        content = self._content_rect(self.app.presenting).inflate(-2 * theme.px(PAD), 0)
        if self.tab == "controls" and not self.app.presenting:
            self.controls.draw(surface)
        elif self.tab == "confusion" and not self.app.presenting:
            self.confusion.draw(surface, content)
        else:  # presenting hides the buttons: the charts take the room
            self.panel.presenting = self.app.presenting
            self.panel.draw(surface, content, self.speed)
        if trainer.diverged:
            lr = self.session.settings.lr
            graph = pygame.Rect(self.graph.graph)  # high on the picture: centred, it hid the
            draw_banner(  # outputs' digits and the verdict that says the loss blew up
                surface,
                (graph.centerx, graph.top + theme.px(BANNER_DROP)),
                f"Learning rate {lr:g} is too large: the loss blew up",
                f"Lower the rate (rates {range_words(self.session.settings)} learn well here), "
                "then press R for fresh weights",
            )
