"""The offline edition: the site built for file://, checked, and zipped (scripts/build_offline.py)."""
