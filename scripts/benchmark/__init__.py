"""`make bench`: build times, serve latency, page weight, PDF sizes, link check time and
Lighthouse scores, each against its budget (scripts/bench.py puts them together)."""
