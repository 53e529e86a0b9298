"""`cite()`: how to cite the installed version, from its own descriptor (so it always names that version)."""

from __future__ import annotations

from south_asia_alignments import _data


def cite(style: str = "text") -> str:
    """The citation for this version: style 'text' (APA-like) or 'bibtex'."""
    desc = _data._descriptor()
    authors = "; ".join(c["title"] for c in desc.get("contributors", []) if "author" in c.get("roles", ["author"]))
    released = str(desc.get("created", ""))[:10]
    year = released[:4] or "n.d."
    licence = ", ".join(x["name"] for x in desc.get("licenses", []))
    if style == "text":
        return (f"{authors} ({year}). {desc['title']} (Version {desc['version']}) [Data set]. "
                f"Released {released or 'unreleased'}. Licence: {licence}.")
    if style == "bibtex":
        key = f"{desc['name'].replace('-', '_')}_{desc['version'].replace('.', '_')}"
        return (f"@misc{{{key},\n  author = {{{{{authors}}}}},\n  title = {{{desc['title']}}},\n"
                f"  year = {{{year}}},\n  version = {{{desc['version']}}},\n  note = {{Data set, licence {licence}}}\n}}")
    raise ValueError(f"style must be 'text' or 'bibtex', not {style!r}")
