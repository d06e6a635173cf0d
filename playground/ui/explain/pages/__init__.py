"""The explain scene's seven pages, one module each, and the parts only one page uses."""
