"""The explain scene's pages, one small module each, and the maths and widgets they share.

Importing this package loads no page: the page list names modules (in `pages/`; what the pages
share is in `kit/`), so a script parser can count pages (PAGE_COUNT) and the pure-numpy maths
(kit.maths) loads without pygame. The scene asks for the classes with page_classes().
"""

from __future__ import annotations

import importlib

# (module, class) of each page, in the order the scene shows them
PAGE_MODULES = (
    ("pixels", "PixelsPage"),
    ("one_neuron", "OneNeuronPage"),
    ("activation_functions", "ActivationPage"),
    ("forward_pass", "ForwardPassPage"),
    ("backprop", "BackpropPage"),
    ("learning_rate", "LearningRatePage"),
    ("what_works", "WhatWorksPage"),
)
PAGE_COUNT = len(PAGE_MODULES)


def page_classes() -> tuple[type, ...]:
    """The page classes, imported on first ask."""
    return tuple(
        getattr(importlib.import_module(f"playground.ui.explain.pages.{module}"), name)
        for module, name in PAGE_MODULES
    )


__all__ = ["PAGE_COUNT", "PAGE_MODULES", "page_classes"]
