"""A readable diff between two revisions of a release, for the public history.

Lines are compared first; a changed line is then compared word by word so a reader
sees exactly which figure or name was corrected. The result is plain data (kinds and
text pieces) that templates render with auto-escaping, so a diff can never inject markup.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_WORDS = re.compile(r"\s+|[^\s]+")
CONTEXT = 1  # unchanged lines kept around each change


@dataclass
class DiffLine:
    """One line of a diff: ``same``, ``added``, ``removed`` or ``changed`` (with word pieces)."""

    kind: str
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (same|added|removed, text)


@dataclass
class FieldDiff:
    """The diff of one field (title, summary or body) between two revisions."""

    name: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)


def _word_pieces(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new_words[j1:j2])))
    return pieces


def diff_lines(old: str, new: str, *, context: int = CONTEXT) -> list[DiffLine]:
    """Compare two texts line by line (blank lines ignored), with a little context."""
    old_lines = [line for line in (old or "").splitlines() if line.strip()]
    new_lines = [line for line in (new or "").splitlines() if line.strip()]
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old_lines[i1:i2]
            if len(opcodes) == 1:
                result.extend(DiffLine("same", [("same", line)]) for line in same)
                continue
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(opcodes) - 1 and context else []
            if len(same) > len(head) + len(tail):
                result.extend(DiffLine("same", [("same", line)]) for line in head)
                result.append(DiffLine("gap"))
                result.extend(DiffLine("same", [("same", line)]) for line in tail)
            else:
                result.extend(DiffLine("same", [("same", line)]) for line in same)
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for old_line, new_line in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                result.append(DiffLine("changed", _word_pieces(old_line, new_line)))
        else:
            result.extend(DiffLine("removed", [("removed", line)]) for line in old_lines[i1:i2])
            result.extend(DiffLine("added", [("added", line)]) for line in new_lines[j1:j2])
    return result


def diff_revisions(old, new) -> list[FieldDiff]:
    """Field-by-field diffs between two revisions (objects with title, summary, body)."""
    return [
        FieldDiff(name, diff_lines(getattr(old, name), getattr(new, name)))
        for name in ("title", "summary", "body")
        if getattr(old, name) != getattr(new, name)
    ]
