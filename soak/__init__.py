"""make soak: the whole service on this machine, as production runs it, under load and faults (issue 18)."""
