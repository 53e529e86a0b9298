"""What a contributor is told about a field, in the editor schema and in a new record's template.

One sentence of description from the model, then what the field's type implies about its values,
so that the two places say the same thing.
"""

from __future__ import annotations

from schema.introspect import Shape

EDTF_HINT = "Forms: 2019, 2019-02-14, 2012-10~ (approximate), 2018? (uncertain), 2018/2019 (interval)."
COUNTRY_HINT = "ISO 3166-1 alpha-3 code in capitals (PAK, IND, CHN, RUS, JPN, USA), or SUN for the Soviet Union."


def hints(shape: Shape) -> list[str]:
    """Sentences about the values, beyond the description (allowed values are listed separately)."""
    out = []
    if shape.many and not shape.is_model:
        out.append("A list: [a, b].")
    if shape.min_items and shape.min_items > 1:
        out.append(f"At least {shape.min_items} items.")
    if shape.shorthand:
        out.append(f"An item may be just the {shape.shorthand}: `- x` for `- {{{shape.shorthand}: x}}`.")
    if shape.edtf:
        out.append(EDTF_HINT)
    if shape.foreign_key == "countries":
        out.append(COUNTRY_HINT)
    elif shape.foreign_key:
        out.append(f"The id (file name without .yaml) of a record in records/{shape.foreign_key}/.")
    if shape.default is not None:
        out.append(f"Default: {str(shape.default).lower() if isinstance(shape.default, bool) else shape.default}.")
    return out


def describe(shape: Shape) -> str:
    return " ".join([shape.description.strip(), *hints(shape)]).strip()
