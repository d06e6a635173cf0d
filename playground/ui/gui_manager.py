"""The pygame_gui manager the app draws its widgets with, minus a cache that wasted ~7.5 MB.

pygame_gui 0.6 keys its cache of an element's theming ids by one string made from the four id
lists joined into one another (`str(a).join(str(b).join(str(c)).join(str(d)))`), whose length is
the product of theirs: 0.6 MB for the train scene's slider buttons, 1.6 MB for an explain page's,
~7.5 MB for the app's 17 kinds of element, each rebuilt whenever such an element is made. Here
the cache is keyed by the id lists themselves; pygame_gui's own one is emptied after each miss.
"""

from __future__ import annotations

from typing import Any

import pygame_gui


def ui_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """A UIManager whose theme caches combined ids by the id lists, not by their long join."""
    manager = pygame_gui.UIManager(size)
    theme: Any = manager.get_theme()
    build = theme.build_all_combined_ids
    kept: dict[tuple, list[str]] = {}

    def combined_ids(*id_lists: list[str | None] | None) -> list[str]:
        key = tuple(None if ids is None else tuple(ids) for ids in id_lists)
        found = kept.get(key)
        if found is None:
            found = kept[key] = build(*id_lists)
            theme.unique_theming_ids.clear()  # keyed by the long joins: nothing reads it now
        return found

    theme.build_all_combined_ids = combined_ids
    return manager
