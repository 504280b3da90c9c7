"""An agency's own kit: agency.yml in, a zip of customized print products,
a training deck and a local resource directory out (see scripts/build_kit.py)."""
