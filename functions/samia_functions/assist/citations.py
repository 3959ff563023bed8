"""Which retrieved chunks a draft cites, numbered so that [n] in the stored text is the n-th id
of the draft's chunk_ids (app.assist_drafts.chunk_ids)."""

from __future__ import annotations

import re

_MARKER = re.compile(r"\s?\[(\d{1,3})\]")


def renumber(text: str, given_ids: list[int]) -> tuple[str, list[int]]:
    """The text with its [n] markers (numbered as the sources were given to the model)
    renumbered by first citation, and the cited ids in that order. Markers past the sources are
    removed. A text citing nothing records every chunk it was given, since they were its
    context."""
    cited: list[int] = []

    def replace(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= len(given_ids):
            return ""
        chunk_id = given_ids[n - 1]
        if chunk_id not in cited:
            cited.append(chunk_id)
        return match.group(0).replace(match.group(1), str(cited.index(chunk_id) + 1))

    renumbered = _MARKER.sub(replace, text)
    return (renumbered, cited) if cited else (renumbered, list(given_ids))
