"""NMODL sources of the ei_models mechanisms (installed as package data)."""
