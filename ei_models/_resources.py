"""Where the package's data lives: ``mod/``, ``equations/`` and ``validation/``.

In an installed package they are the sub-packages ``ei_models.mod``, ``ei_models.equations`` and
``ei_models.validation`` (``setup.cfg`` maps the top-level folders there). In a plain source
checkout that is not installed, :func:`ensure_mapped_packages` registers the same names so that
both layouts behave identically.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

_MAPPED = ("mod", "equations", "validation")
_HERE = Path(__file__).resolve().parent


def ensure_mapped_packages() -> None:
    """Make ``ei_models.mod``, ``ei_models.equations``, ``ei_models.validation`` importable."""
    for sub in _MAPPED:
        full = f"ei_models.{sub}"
        if full in sys.modules or (_HERE / sub / "__init__.py").exists():
            continue
        src = _HERE.parent / sub / "__init__.py"
        if not src.exists():
            continue
        spec = importlib.util.spec_from_file_location(full, src, submodule_search_locations=[str(src.parent)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[full] = module
        spec.loader.exec_module(module)


def data_dir(sub: str) -> Path:
    """Folder of the ``mod``, ``equations`` or ``validation`` sub-package."""
    ensure_mapped_packages()
    module = importlib.import_module(f"ei_models.{sub}")
    return Path(module.__file__).resolve().parent


def mod_dir() -> Path:
    return data_dir("mod")


def equations_dir() -> Path:
    return data_dir("equations")
