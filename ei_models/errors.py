"""Exceptions raised by ei_models.

Every error a user can trigger derives from :class:`EiModelsError`, and its message names the
problem and what to do about it.
"""


class EiModelsError(Exception):
    """Base class of every ei_models error."""


class ParameterError(EiModelsError, ValueError):
    """A parameter value is out of range, has the wrong unit, or does not exist."""


class UnknownNameError(EiModelsError, KeyError):
    """An unknown mechanism, subtype, preset or drug name."""

    def __str__(self):  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


class CompilerNotFoundError(EiModelsError, RuntimeError):
    """No C++ compiler (or no nrnivmodl) is available to build the NEURON mechanisms."""


class MechanismCompileError(EiModelsError, RuntimeError):
    """nrnivmodl failed; the message holds the offending .mod file and the compiler output."""


class MechanismLoadError(EiModelsError, RuntimeError):
    """The compiled mechanism library could not be loaded into the running NEURON."""


class CacheError(EiModelsError, OSError):
    """The compile cache folder cannot be created or written."""


class SimulatorError(EiModelsError, RuntimeError):
    """A simulator is missing, too old, or misconfigured."""
