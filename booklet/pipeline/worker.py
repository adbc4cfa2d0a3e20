"""What a build worker process loads once, before it forks workers (parallel.py's fork server).

The fork server is a process of booklet's own, so this filter is its own: on a
machine without any font, WeasyPrint's check at import would warn that there
are none; booklet's faces come from @font-face rules, as in every build.
"""

import warnings

warnings.filterwarnings("ignore", "No fonts configured in FontConfig", UserWarning)

import booklet.pipeline.build  # noqa: E402,F401  (imported here so that every worker has it)
