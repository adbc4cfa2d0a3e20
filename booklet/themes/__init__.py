"""Themes: layouts, styles and the Python their layouts name, apart from the engine."""
