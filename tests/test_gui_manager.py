"""The widget manager's theming ids are pygame_gui's own, cached without its long string keys."""

import pygame
import pygame_gui

from playground.ui.gui_manager import ui_manager


def test_combined_ids_match_pygame_gui_and_its_long_keys_are_not_kept():
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((200, 100))
    ours, plain = ui_manager((200, 100)), pygame_gui.UIManager((200, 100))
    lists = (
        ["horizontal_slider", "button"],
        ["horizontal_slider", "horizontal_slider.button"],
        ["@slider", None],
        ["#rate", "#right_button"],
    )
    for args in (lists, (None, ["button"], [None], [None])):
        got = ours.get_theme().build_all_combined_ids(*args)
        assert got == plain.get_theme().build_all_combined_ids(*args)
        assert ours.get_theme().build_all_combined_ids(*args) is got  # kept
    assert not ours.get_theme().unique_theming_ids
