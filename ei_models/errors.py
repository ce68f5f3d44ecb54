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


class CompilerBrokenError(CompilerNotFoundError):
    """The C++ toolchain is there but cannot compile even a trivial mechanism: the compiler,
    not the ``.mod`` files, is at fault."""


def ours(exc: BaseException | None) -> "EiModelsError | None":
    """The :class:`EiModelsError` that ``exc`` is or was raised from (``__cause__`` /
    ``__context__`` chain), e.g. one of ours wrapped by Brian2 in a ``BrianObjectException``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, EiModelsError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


class UsageError(EiModelsError, ValueError):
    """A command-line argument is unusable: a path that cannot be written, a file that is
    missing or not what the command reads."""


def install_excepthook() -> None:
    """Show an uncaught :class:`EiModelsError` (also one wrapped by Brian2, e.g. raised in
    ``before_run``) as a plain Python error rather than through Brian2's excepthook, which
    labels everything "Brian 2 encountered an unexpected error". Other exceptions keep the
    hook in place. Call it after importing brian2 (which installs its hook on import)."""
    import sys

    previous = sys.excepthook
    if getattr(previous, "_ei_models", False):
        return

    def hook(exc_type, exc, tb):
        if ours(exc) is not None:
            return sys.__excepthook__(exc_type, exc, tb)
        return previous(exc_type, exc, tb)

    hook._ei_models = True
    sys.excepthook = hook
