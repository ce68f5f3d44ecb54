"""Deprecated home of :class:`~ei_models.validation.protocols.Drive`: the protocols are data in
:mod:`ei_models.validation.protocols`, run by the rigs (:mod:`~ei_models.validation.rig_neuron`,
:mod:`~ei_models.validation.rig_brian2`). Kept so that old imports keep working."""

from .protocols import Drive, run  # noqa: F401
