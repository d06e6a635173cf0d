"""The window: the loop, the chrome around the scenes (top bar, status line, help), the scenes
and the drawing code. Everything here may import pygame; none of it changes the model."""
