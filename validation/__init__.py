"""Validation cases of ei_models, one module per case (``vNN_<name>.py``).

Each module runs one protocol in NEURON (compiled NMODL) and Brian2 (generated code), computes
the closed-form reference of the source chapter, checks both against it and against each other,
and draws its figure. ``ei-models validate`` runs them; ``ei_models.validation.harness`` documents the
interface.
"""
