"""Stage 3, layout: HTML from the layouts, WeasyPrint's boxes read into a page map."""
