"""Named groups of allies: "NATO" (every member) and "Europe and Canada" (every member but the US).

NATO's own tables report "NATO Europe and Canada" beside the United States, and burden sharing,
spending paths and withdrawal all compare the two sides, so the split lives here once, in the data
layer, and every caller asks :func:`group` (or :func:`europe_and_canada`) for the members.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The group labels, as tables and answers print them.
EUROPE_AND_CANADA = "Europe and Canada"
ALLIANCE = "NATO"
#: The one ally outside "Europe and Canada".
UNITED_STATES = "USA"

#: Spellings users type (case-folded), mapped to the group label.
GROUP_NAMES: dict[str, str] = {
    "europe and canada": EUROPE_AND_CANADA,
    "nato europe and canada": EUROPE_AND_CANADA,
    "europe+canada": EUROPE_AND_CANADA,
    "eur_can": EUROPE_AND_CANADA,
    "nato": ALLIANCE,
    "alliance": ALLIANCE,
    "all": ALLIANCE,
    "nato total": ALLIANCE,
}


def group_label(name: str) -> str | None:
    """The group a user's spelling names ("eur_can", "NATO total", ...), or None for none."""
    return GROUP_NAMES.get(name.strip().casefold())


def europe_and_canada(members: Iterable[str]) -> tuple[str, ...]:
    """The members (ISO3 codes, order kept) other than the United States."""
    return tuple(code for code in members if code != UNITED_STATES)


def group(label: str, members: Iterable[str]) -> tuple[str, ...]:
    """The member codes of a group label (:data:`ALLIANCE` or :data:`EUROPE_AND_CANADA`)."""
    if label == ALLIANCE:
        return tuple(members)
    if label == EUROPE_AND_CANADA:
        return europe_and_canada(members)
    raise KeyError(label)
