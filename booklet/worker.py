"""What a build worker process loads once, before it forks workers (parallel.py's fork server).

The fork server inherits booklet's fontconfig, which has no font folders
(pdf.py), so WeasyPrint's check at import would warn that there are no fonts:
the booklet's faces come from @font-face rules, as in every build.
"""

import warnings

warnings.filterwarnings("ignore", "No fonts configured in FontConfig", UserWarning)

import booklet.build  # noqa: E402,F401  (imported here so that every worker has it)
