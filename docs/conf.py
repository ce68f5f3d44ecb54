"""Sphinx configuration of the ei_models documentation.

Build (from the repository root): ``.venv/bin/ei-models docs``, i.e. ``.venv/bin/python -m sphinx -W -b html docs docs/_build/html``,
then open ``docs/_build/html/index.html``. The mechanism pages, the validation gallery, the
benchmark tables and the CLI page are generated at build time by ``docs/_ext/ei_docs.py`` from
the parameter tables and sources. The example gallery (sphinx-gallery) runs the examples only
when ``EI_MODELS_DOCS_RUN_EXAMPLES=1`` (they take minutes); otherwise it shows their code.
Generated files go to ``docs/generated/`` and ``docs/auto_examples/`` (not committed).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(ROOT))

import ei_models  # noqa: E402

project = "ei_models"
author = "the ei_models authors"
copyright = "ei_models authors, BSD-3-Clause"
version = release = ei_models.__version__

extensions = [
    "sphinx.ext.autodoc",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "ei_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "bad_input.md", "generated/performance_tables.rst", "generated/temperature.rst", "generated/weights.rst", "gallery/README.txt", "**.ipynb_checkpoints",
                    "auto_examples/*.py", "auto_examples/*.ipynb", "auto_examples/*.zip"]
# headings down to level 3 get anchors (links such as guides/uses.md#use-1-...)
myst_heading_anchors = 3

autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_member_order = "bysource"
# NEURON, Brian2 and NetPyNE are real imports of the documented modules (they are installed)
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

sphinx_gallery_conf = {
    "examples_dirs": str(HERE / "gallery"),
    "gallery_dirs": str(HERE / "auto_examples"),
    "filename_pattern": r"/plot_",
    "plot_gallery": os.environ.get("EI_MODELS_DOCS_RUN_EXAMPLES", "") == "1",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "within_subsection_order": "FileNameSortKey",
}

html_theme = "alabaster"
html_title = f"ei_models {release}"
html_static_path = ["_static"]
html_js_files = ["img_loaded.js"]
html_css_files = ["ei.css"]
html_theme_options = {"page_width": "1200px", "sidebar_width": "240px"}

# text from the tables is shown as written (no typographic quotes: a page must equal its table)
smartquotes = False
