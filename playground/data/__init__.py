"""Everything about digit images that needs no window: the pen canvas, preprocessing, a small
PNG codec, the user's sample folder and the bundled starter set. Pure numpy and the standard
library, so it loads in milliseconds and tests run headless."""
