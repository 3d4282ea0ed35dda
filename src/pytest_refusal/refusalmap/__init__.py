"""The pure map core: probe maps, their YAML nodes, the baseline, drift and k-of-n statistics."""
