"""booklet: structured content in, press-ready PDF booklets out.

The build walks one way through these stages, one module each:
config → content → images → html → pdf → preflight.  `booklet.build`
calls them in order; `booklet.cli` is the command line around it.
"""

__version__ = "0.1.0"
