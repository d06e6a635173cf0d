"""Digits as arrays: the pen canvas, preprocessing, the starter set and its mouse-drawn twins,
redraws of your digits, and the UCI pen-digits reader used for measuring. Pure numpy."""
