"""Brian2 equation sets of the ei_models mechanisms (installed as package data)."""
