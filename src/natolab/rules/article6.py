"""Article 6: where an armed attack counts for Article 5.

Covered are attacks on the territory of a party in Europe or North America, on the territory of
Turkey (from the 1951 protocol, in force 1952-02-18), on the Algerian departments of France
(until 1962), on islands under a party's jurisdiction in the North Atlantic area north of the
Tropic of Cancer; and on a party's forces, vessels or aircraft in or over those territories, in
European areas where parties had occupation forces on 1949-08-24, in or over the Mediterranean
(from 1952-02-18) or the North Atlantic area north of the Tropic of Cancer. The treaty draws no
map, so natolab's outlines are an explicit, documented reading, and the result says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from natolab.data.allies import members_on
from natolab.data.facts import load_treaty
from natolab.dates import as_date
from natolab.errors import InputError
from natolab.parameter_tree import ParameterTree, Reform
from natolab.rules.gazetteer import Place, find_place, in_area, land_at, near_place
from natolab.rules.reforms import tree
from natolab.rules.result import (
    Article6Outcome,
    Reason,
    Result,
    cite,
    from_parameter,
    treaty_article,
)

WHATS = ("territory", "forces", "vessel", "aircraft")
OCCUPATION_AREAS_1949 = ("AUT", "DEU")
CLAUSES = {
    "territory_in_europe": "territory of a party in Europe",
    "territory_in_north_america": "territory of a party in North America",
    "territory_of_turkey": "the territory of Turkey",
    "algerian_departments": "the Algerian departments of France",
    "island_north_atlantic": "an island under a party's jurisdiction in the North Atlantic area "
    "north of the Tropic of Cancer",
    "on_or_over_covered_territory": "forces, vessels or aircraft on or over covered territory",
    "occupation_area_1949": "an area in Europe where parties had occupation forces on 1949-08-24",
    "mediterranean": "forces, vessels or aircraft in or over the Mediterranean Sea",
    "north_atlantic": "forces, vessels or aircraft in or over the North Atlantic area north of "
    "the Tropic of Cancer",
}


def covered(
    place: str | None = None,
    *,
    lat: float | None = None,
    lon: float | None = None,
    what: str = "territory",
    on: date | str | None = None,
    reforms: Iterable[Reform | str] = (),
) -> Result:
    """Would an armed attack on ``what`` at ``place`` (or lat/lon) fall within Article 6?"""
    when = as_date(on, "on")
    if what not in WHATS:
        raise InputError(f"what must be one of {', '.join(WHATS)}, got {what!r}")
    params = tree(when, reforms)
    if params.value("article6_tropic_of_cancer_latitude") is None:
        raise InputError(f"the North Atlantic Treaty was not in force on {when}")
    target, via = _resolve(place, lat, lon, what)
    clause, reasons, notes = _decide(target, what, when, params)
    result = _result(target, via, what, when, params, clause, reasons, notes)
    if target.kind == "state" and via == "name" and what == "territory":
        outside = _parts_not_covered(target.sovereign, when, params)
        result = replace(result, values={**result.values, "parts_not_covered": outside})
    return result


def _parts_not_covered(sovereign: str, on: date, params: ParameterTree) -> list[str]:
    """The state's named overseas places (gazetteer) that Article 6 does not reach on ``on``."""
    from natolab.rules.gazetteer import gazetteer_places

    return [
        p.name
        for p in gazetteer_places()
        if p.sovereign == sovereign and p.kind != "sea" and not territory_clause(p, on, params)[0]
    ]


def _resolve(
    place: str | None, lat: float | None, lon: float | None, what: str
) -> tuple[Place, str]:
    """The place hit and how it was found (name, land map, or nearest gazetteer island)."""
    if place is not None:
        found = find_place(place)
        if found.kind == "sea" and what == "territory":
            raise InputError(f"{found.name} is a sea area: use what=vessel, aircraft or forces")
        return found, "name"
    if lat is None or lon is None:
        raise InputError("give a place name or both lat and lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"lat must lie in [-90, 90] and lon in [-180, 180], got {lat}, {lon}")
    land = land_at(lat, lon)
    if land is not None:
        return land, "land_map"
    near = near_place(lat, lon, ("island", "enclave", "territory"))
    if near is not None:
        return Place(
            near.name, near.sovereign, near.kind, lat, lon, near.radius_km, near.fact, near.note
        ), "gazetteer_radius"
    if what == "territory":
        raise InputError(
            f"no land at {lat}, {lon} on the 1:110m map and no named island near: "
            "give the island's name, or what=vessel/aircraft/forces"
        )
    return Place("open sea", "", "sea", lat, lon), "sea"


def _decide(
    p: Place, what: str, on: date, params: ParameterTree
) -> tuple[str, list[Reason], list[str]]:
    """The Article 6 clause that covers the hit (empty if none), with reasons and doubts."""
    if p.kind == "sea":
        return _at_sea_or_abroad(p, what, params, [], [])
    clause, reasons, notes = territory_clause(p, on, params)
    if what == "territory" or clause:
        if clause and what != "territory":
            reasons.append(_art6(f"{what.capitalize()} on or over covered territory are covered."))
            return "on_or_over_covered_territory", reasons, notes
        return clause, reasons, notes
    return _at_sea_or_abroad(p, what, params, reasons, notes)


def territory_clause(
    p: Place, on: date, params: ParameterTree
) -> tuple[str, list[Reason], list[str]]:
    """Which territorial clause of Article 6 covers a place held by ``p.sovereign`` on ``on``."""
    reasons: list[Reason] = []
    notes: list[str] = []
    members = set(members_on(on)["iso3"])
    tropic = float(params.value("article6_tropic_of_cancer_latitude"))
    if p.sovereign == "DZA" or p.note == "DZA":
        algeria = params.get("article6_algerian_departments")
        reasons.append(
            from_parameter(
                "The Algerian departments of France are covered "
                f"{'on' if algeria.value else 'no longer on'} this date.",
                "North Atlantic Treaty, Art. 6(1)",
                algeria,
            )
        )
        notes.append(algeria.uncertainty)
        return ("algerian_departments" if algeria.value else ""), reasons, notes
    if p.sovereign not in members:
        reasons.append(
            _art6(
                f"{p.sovereign or p.name} is not a party on {on}; only parties' "
                "territory is covered."
            )
        )
        return "", reasons, notes
    if p.sovereign == "TUR":
        turkey = params.get("article6_turkey_and_mediterranean")
        reasons.append(
            from_parameter(
                "The 1951 protocol added the territory of Turkey.",
                "Protocol on the Accession of Greece and Turkey, art. II",
                turkey,
            )
        )
        if turkey.value:
            return "territory_of_turkey", reasons, notes
    for area, clause in (
        ("europe", "territory_in_europe"),
        ("north_america", "territory_in_north_america"),
    ):
        if in_area(area, p.lat, p.lon):
            reasons.append(
                _art6(
                    f"{p.name} lies in {area.replace('_', ' ').title()} (natolab's "
                    "outline) and is held by a party."
                )
            )
            return clause, reasons, notes
    if in_area("north_atlantic", p.lat, p.lon) and p.lat >= tropic:
        reasons.append(
            _art6(
                f"{p.name} is land of a party in the North Atlantic area north of "
                f"the Tropic of Cancer ({p.lat:.2f} >= {tropic} deg N)."
            )
        )
        reasons.append(_tropic(params))
        notes.extend(_near_tropic(p.lat, tropic))
        return "island_north_atlantic", reasons, notes
    reasons.append(
        _art6(
            f"{p.name} is held by {p.sovereign} but lies outside Europe, North "
            "America and the North Atlantic north of the Tropic of Cancer."
        )
    )
    notes.extend(_near_tropic(p.lat, tropic) + _caribbean(p, tropic))
    return "", reasons, notes


def _at_sea_or_abroad(
    p: Place, what: str, params: ParameterTree, reasons: list[Reason], notes: list[str]
) -> tuple[str, list[Reason], list[str]]:
    """Forces, vessels, aircraft outside covered territory: occupation areas and the two seas."""
    on_foreign_land = p.kind == "state" and what != "vessel"
    if p.kind == "state" and p.note in OCCUPATION_AREAS_1949:
        reasons.append(_art6(f"Parties had occupation forces in {p.name} on 1949-08-24."))
        notes.append(
            "The 1949 occupation areas clause is read as covering all of Germany and "
            "Austria; in East Germany only Berlin held the parties' forces."
        )
        return "occupation_area_1949", reasons, notes
    tropic = float(params.value("article6_tropic_of_cancer_latitude"))
    med = params.get("article6_turkey_and_mediterranean")
    if not on_foreign_land and in_area("mediterranean", p.lat, p.lon):
        reasons.append(
            from_parameter(
                "The Mediterranean Sea is covered from the 1951 protocol."
                if med.value
                else "The Mediterranean is not yet covered.",
                "North Atlantic Treaty, Art. 6(2) as amended",
                med,
            )
        )
        if med.value:
            if p.kind in ("territory", "island", "enclave"):
                notes.append(
                    f"{p.name} is land: reading forces on it as 'in the Mediterranean "
                    "Sea' is contested."
                )
            return "mediterranean", reasons, notes
    if not on_foreign_land and in_area("north_atlantic", p.lat, p.lon) and p.lat >= tropic:
        reasons.append(
            _art6(f"{p.lat:.2f} deg N is in the North Atlantic area north of the Tropic.")
        )
        reasons.append(_tropic(params))
        notes.append(
            "The treaty does not define the North Atlantic area: natolab counts the "
            "North, Baltic, Norwegian and Greenland Seas and the Gulf of Mexico in it."
        )
        notes.extend(_near_tropic(p.lat, tropic))
        return "north_atlantic", reasons, notes
    where = "on a non-party's land" if on_foreign_land else "at sea"
    reasons.append(
        _art6(
            f"The point is {where} outside the Mediterranean and the North Atlantic "
            "north of the Tropic of Cancer, the only sea areas Article 6 names."
        )
    )
    notes.extend(_near_tropic(p.lat, tropic))
    return "", reasons, notes


def _art6(text: str) -> Reason:
    return treaty_article(6, text)


def _tropic(params: ParameterTree) -> Reason:
    tropic = params.get("article6_tropic_of_cancer_latitude")
    return from_parameter(f"Tropic of Cancer taken at {tropic.value} deg N.", "Art. 6", tropic)


def _near_tropic(lat: float, tropic: float) -> list[str]:
    if abs(lat - tropic) < 0.05:
        return [f"{lat:.3f} deg N is within 0.05 deg of the Tropic of Cancer, which drifts."]
    return []


def _caribbean(p: Place, tropic: float) -> list[str]:
    if -90 < p.lon < -55 and 9 < p.lat < tropic:
        return [
            "Whether Caribbean islands count as 'territory in North America' is not settled "
            "in the stored sources; natolab applies the islands clause's Tropic limit."
        ]
    return []


def _fact_check(p: Place, clause: str) -> tuple[list[Reason], list[str]]:
    """Cite the facts' own coverage example for this place, and flag any disagreement."""
    if not p.fact:
        return [], []
    example = load_treaty().coverage_example(p.fact)
    cited = bool(example.source_ids)
    confidence = "low" if example.single_source or not cited else "medium"
    reason = cite(f"Facts: {example.why.strip()}", "Art. 6 coverage example", example, confidence)
    said = example.covered
    agrees = (said is True and bool(clause)) or (said is False and not clause)
    notes = [] if agrees else [f"The facts say of {p.name}: {said!r}."]
    if isinstance(said, str) or example.single_source or not cited:
        notes.append(
            f"The facts on {p.name} rest on {'one source' if cited else 'a derivation'}"
            f"{'' if isinstance(said, bool) else ' and call it contested'}."
        )
    return [reason], notes


def _result(
    p: Place,
    via: str,
    what: str,
    on: date,
    params: ParameterTree,
    clause: str,
    reasons: list[Reason],
    notes: list[str],
) -> Result:
    extra, fact_notes = _fact_check(p, clause)
    if via == "gazetteer_radius":
        notes.append(
            f"No land at this point on the 1:110m map; taken as {p.name} (within "
            f"{p.radius_km:g} km of its reference point)."
        )
    if via == "sea" or (via == "land_map" and what != "territory"):
        notes.append("Coastlines are at 1:110m; points within a few km of a coast may be misread.")
    outcome: Article6Outcome = "covered" if clause else "not_covered"
    label = f"{what} at {p.name}" if via == "name" else f"{what} at {p.lat}, {p.lon} ({p.name})"
    summary = (
        f"An armed attack on {label} is within Article 6: {CLAUSES[clause]}."
        if clause
        else f"An armed attack on {label} is outside the Article 6 area."
    )
    would = (
        "an attack elsewhere does not trigger Article 5, but Article 4 consultation is open "
        "to any ally whatever the place",
    )
    return Result(
        rule="article6.covered",
        on=on,
        question=f"Is an armed attack on {label} covered?",
        outcome=outcome,
        summary=summary,
        because=tuple(reasons + extra),
        uncertain=tuple(dict.fromkeys(n for n in notes + fact_notes if n)),
        reforms=params.reforms,
        would_change=would if not clause else ("the place ceasing to be held by a party",),
        values={
            "clause": clause,
            "place": p.name,
            "sovereign": p.sovereign,
            "what": what,
            "lat": round(p.lat, 4),
            "lon": round(p.lon, 4),
            "resolved_by": via,
        },
    )
