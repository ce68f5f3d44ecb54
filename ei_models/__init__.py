"""ei_models: validated models of glutamatergic and GABAergic transmission for NEURON and Brian2.

* :mod:`ei_models.neuron` compiles and loads the NMODL mechanisms and inserts them into
  existing NEURON cells;
* :mod:`ei_models.brian2` gives the same models as Brian2 equation sets with units;
* :mod:`ei_models.mechanisms` holds the parameter tables both sides are built from;
* ``ei-models validate`` reproduces the validation figures and report.
"""

from . import _resources

__version__ = "0.1.0"

_resources.ensure_mapped_packages()
