"""The infrastructure the newsroom apps stand on: page cache, templating, paths, database
and cache adaptations, health, request hygiene. It knows no newsroom app; the apps and
the project's configuration (``newsroom/``) know it."""
