"""Stage 1, project input: booklet.yaml, the page files' schema, layouts, variants, fonts, paths."""
