"""The draw scene's controls in one place: its buttons, its keys and what the help says.

A button and a key that do the same thing share one action name, so the scene handles both
through the same code path.
"""

from __future__ import annotations

import pygame

# the digit keys label the drawing, on the main row and on the keypad
DIGIT_KEYS = {getattr(pygame, f"K_{d}"): d for d in range(10)}
DIGIT_KEYS.update({getattr(pygame, f"K_KP{d}"): d for d in range(10)})
# buttons: (action, label, share of the row's width); the key in brackets is dropped if tight
TOOLS = (
    ("eraser", "Eraser (E)", 3),
    ("undo", "Undo (Ctrl+Z)", 3),
    ("clear", "Clear (C)", 3),
    ("collect", "Collect (P)", 3),
)
LABELS = (*((f"label{d}", str(d), 1) for d in range(10)), ("save", "Save (Enter)", 3))
VIEW_TOGGLES = (
    ("normalize", "Normalize (N)", 7),
    ("deskew", "Deskew (D)", 6),
    ("sensitivity", "Sensitivity (S)", 7),
)
SAMPLE_ACTIONS = (("delete", "Delete (Del)", 1), ("restore", "Undo delete (R)", 1))
MIX_CHOICES = (
    ("mix_starter", "Starter", 1),
    ("mix_both", "Both", 1),
    ("mix_yours", "Yours", 1),
)
MIX_SAYS = {
    "starter": "training on the starter set only",
    "both": "training on the starter set and your samples",
    "yours": "training on your samples only",
}
ACTION_KEYS = {
    pygame.K_e: "eraser",
    pygame.K_c: "clear",
    pygame.K_RETURN: "save",
    pygame.K_KP_ENTER: "save",
    pygame.K_p: "collect",
    pygame.K_n: "normalize",
    pygame.K_d: "deskew",
    pygame.K_s: "sensitivity",
    pygame.K_DELETE: "delete",
    pygame.K_BACKSPACE: "delete",
    pygame.K_r: "restore",
    pygame.K_m: "mix",
}
# (key, what it does) for the help overlay
KEYS = (
    ("Mouse / touch", "draw on the canvas; the right button erases"),
    ("E / C / Ctrl+Z", "eraser on or off / clear, label too / undo the last stroke"),
    ("0-9, Enter", "label the drawing, then save it (training uses it from its next step)"),
    ("P", "collect mode: 5 of each digit in turn; Enter saves and moves on"),
    ("N / D / S", "normalize / deskew on or off; show the sensitivity"),
    ("Click a sample", "load it onto the canvas; Delete removes it, R brings it back"),
    ("M / mouse wheel", "train on starter, both or yours / page through your samples"),
    ("Drop a file", "a PNG, JPEG, GIF or BMP goes onto the canvas"),
)
