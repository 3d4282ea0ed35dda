"""pytest entry point: wires pytest hooks to the core (being written)."""
