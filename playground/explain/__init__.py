"""The explain scene's pages, one small module each, in the order the scene shows them."""

from playground.explain.activation_functions import ActivationPage
from playground.explain.backprop import BackpropPage
from playground.explain.forward_pass import ForwardPassPage
from playground.explain.learning_rate import LearningRatePage
from playground.explain.one_neuron import OneNeuronPage
from playground.explain.pixels import PixelsPage
from playground.explain.what_works import WhatWorksPage

PAGES = (
    PixelsPage,
    OneNeuronPage,
    ActivationPage,
    ForwardPassPage,
    BackpropPage,
    LearningRatePage,
    WhatWorksPage,
)

__all__ = ["PAGES"]
