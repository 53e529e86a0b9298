"""GitHub workflow annotations, so a pull request shows each problem at its line in the diff.

A step that prints `::error file=…,line=…,col=…,title=…::message` gets an annotation (GitHub's
workflow-command syntax). Values are escaped by GitHub's rules: in the message %, CR and LF; in a
property also `:` and `,`, which would otherwise end the property.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pipeline.reading.problems import Problem, printable


def in_github_actions(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"  # GitHub sets it in every workflow step


def escape_data(text: str) -> str:
    # GitHub's escapes first, then any other control character (an escape sequence) made visible.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    properties: dict[str, object] = {"file": problem.path}
    if problem.line:
        properties["line"] = problem.line
        if problem.column:
            properties["col"] = problem.column
    properties["title"] = problem.field or "record file"
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::error {joined}::{escape_data(problem.message)}"
