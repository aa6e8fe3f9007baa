# Sphinx configuration for r3d's documentation as a site of its own:
#
#   sphinx-build -W -b html doc build/doc/html     (or: cmake --build build --target r3d-doc)
#
# doc/index.rst gathers the pages. In an ns-3 tree, doc/r3d.rst also follows
# ns-3's module layout (Model Description, Usage, Validation) and can be
# listed in ns-3's models manual; these settings are for the standalone site.
# Debian's python3-sphinx (5.3) builds it with warnings as errors.

project = "r3d"
author = "the r3d developers"
copyright = "2025-2026, the r3d developers"
import pathlib
import re

# The module's version has one home, CITATION.cff.
_cff = (pathlib.Path(__file__).resolve().parent.parent / "CITATION.cff").read_text()
release = re.search(r"^version:\s*(\S+)", _cff, re.M).group(1)
version = release

root_doc = "index"
extensions = ["sphinx.ext.mathjax"]
# Pulled into r3d.rst and r3d-evaluation.rst by ".. include::", not pages.
exclude_patterns = ["_build", "r3d-attributes.rst", "figures/**/*.rst"]
# ns-3's documents use the default role for nothing; be strict about it.
default_role = None
highlight_language = "none"

html_theme = "alabaster"
html_title = "r3d: multi-DNN inference in MEC networks"
# MathJax comes from a CDN; the pages read fine without it (TeX source).
