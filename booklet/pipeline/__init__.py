"""One edition through every stage: the build, its workers, and what is up to date."""
