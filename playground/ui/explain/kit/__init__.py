"""What the explain pages share: the page base, buttons and sliders, plotting, geometry, the
small network they compute with, and the maths (`maths.py`, no pygame)."""
