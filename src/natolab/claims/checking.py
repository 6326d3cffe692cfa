"""Checking a claim through natolab's own API: Alliance(on=article date), rules and facts.

Never the article, never the web: every answer comes from the bundled data, the dated
parameters and the facts files, and carries their source ids, releases and citations.
One checker per claim kind; each returns a :class:`Finding` with one sentence of explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from natolab.claims.extraction import Claim
from natolab.claims.verdicts import Evidence, Finding, Verdict
from natolab.errors import NatolabError

if TYPE_CHECKING:
    from natolab.alliance import Alliance


class Context:
    """What the checkers share: the article's date and natolab's snapshot as of it."""

    def __init__(self, on: date, alliance: Alliance | None = None) -> None:
        self.on = on
        self._alliance = alliance

    @cached_property
    def nato(self) -> Alliance:

        return self._alliance if self._alliance is not None else snapshot(self.on)

    @cached_property
    def treaty(self) -> Any:
        from natolab.data.facts import load_treaty

        return load_treaty()

    @cached_property
    def us_law(self) -> Any:
        from natolab.data.facts import load_us_law

        return load_us_law()

    @cached_property
    def posture(self) -> Any:
        from natolab.data.facts import load_posture

        return load_posture()

    @cached_property
    def events(self) -> Any:
        from natolab.data.facts import load_events

        return load_events()


@lru_cache(maxsize=16)
def snapshot(on: date) -> Alliance:
    """One Alliance per article date per process: a server checking many articles reuses it."""
    from natolab.alliance import Alliance

    return Alliance(on=on)


@lru_cache(maxsize=64)
def counts_at_2pct(nato: Alliance, year: int) -> Any:
    """Allies at or above 2% of GDP in ``year`` (NATO's tables as of the snapshot), cached."""
    report = nato.compliance(year, target=2.0)
    ids = sorted(set(report.table["source_id"].dropna())) if "source_id" in report.table else []
    return report.counts.iloc[0], tuple(ids)


def check(claim: Claim, ctx: Context) -> Finding:
    """The finding for one claim; a checker that cannot settle it says unverifiable."""
    if "not_factual" in claim.reading:
        return Finding(Verdict.NOT_A_CLAIM, f"Not judged: {claim.reading['not_factual']}.")
    checker = CHECKERS.get(claim.kind)
    if checker is None:
        return Finding(Verdict.UNVERIFIABLE, "natolab has no data or rule for this kind.")
    try:
        return checker(claim.reading, ctx)
    except NatolabError as exc:
        return Finding(Verdict.UNVERIFIABLE, f"natolab cannot settle this: {exc}.")


def _sourced(says: str, fact: Any, citation: str | None = None) -> Evidence:
    ids = tuple(getattr(fact, "source_ids", ()) or ())
    return Evidence(says, ids, None, citation)


def article5(reading: dict[str, Any], ctx: Context) -> Finding:
    invocations = [i for i in ctx.treaty.article5_invocations if i.date <= ctx.on]
    article = ctx.treaty.article(5)
    first = invocations[0].date if invocations else None
    ev = _sourced(
        f"Article 5 invoked {len(invocations)} time(s) by {ctx.on}"
        + (f", first on {first}" if first else ""),
        article,
        "North Atlantic Treaty, Article 5",
    )
    count = reading.get("value")
    if count is not None and count != len(invocations):
        verdict = Verdict.FALSE if count == 0 else Verdict.INACCURATE
        return Finding(verdict, f"Article 5 has been invoked {len(invocations)} time(s).", (ev,))
    claimed = reading.get("date")
    if claimed and first and abs((date.fromisoformat(claimed) - first).days) > 1:
        return Finding(Verdict.INACCURATE, f"The invocation was on {first}, not {claimed}.", (ev,))
    year = reading.get("year")
    if year and first and year != first.year and not claimed:
        return Finding(Verdict.INACCURATE, f"The invocation was in {first.year}.", (ev,))
    return Finding(
        Verdict.ACCURATE, f"Article 5 has been invoked once, on {first}, after 9/11.", (ev,)
    )


def allies_meeting(reading: dict[str, Any], ctx: Context) -> Finding:
    year = reading.get("year")
    if year is None:
        return Finding(Verdict.UNVERIFIABLE, "The claim names no year natolab could read.")
    row, ids = counts_at_2pct(ctx.nato, int(year))
    met, members = int(row["at_or_above"]), int(row["members_in_year"])
    with_data = int(row["with_data"])
    release = str(row["releases"])
    ev = Evidence(
        f"{met} of {members} allies at or above 2% of GDP in {year} ({with_data} with data)",
        ids,
        release,
        str(row["target_reference"]),
    )
    answer = {"year": year, "at_or_above": met, "members": members, "release": release}
    value, comparator = reading["value"], reading["comparator"]
    actual = met / members if reading["unit"] == "share of allies" else float(met)
    finding = _compare(actual, value, comparator, ev, answer, reading["unit"], year)
    if finding.verdict is Verdict.INACCURATE and comparator == "=":
        return _other_year(reading, ctx, int(year)) or finding
    return finding


def _other_year(reading: dict[str, Any], ctx: Context, year: int) -> Finding | None:
    """'Imprecise' when the count is exactly right for the year before or after."""
    for other in (year - 1, year + 1):
        try:
            row, ids = counts_at_2pct(ctx.nato, other)
        except NatolabError:
            continue
        met, members = int(row["at_or_above"]), int(row["members_in_year"])
        actual = met / members if reading["unit"] == "share of allies" else float(met)
        if abs(actual - float(reading["value"])) < 1e-9:
            ev = Evidence(f"{met} of {members} allies at or above 2% of GDP in {other}", ids,
                          str(row["releases"]), str(row["target_reference"]))  # fmt: skip
            answer = {"year": other, "at_or_above": met, "members": members}
            return Finding(Verdict.IMPRECISE, f"Right for {other}, not for {year}.", (ev,), answer)
    return None


def _compare(
    actual: float,
    claimed: float,
    comparator: str,
    ev: Evidence,
    answer: dict[str, Any],
    unit: str,
    year: Any,
) -> Finding:
    """Compare a claimed number with natolab's, with the tolerance a reader grants."""
    shown = f"{actual:.0%}" if unit.startswith("share") else f"{actual:g}"
    holds = {
        "<": actual < claimed,
        ">": actual > claimed,
        ">=": actual >= claimed,
        "=": abs(actual - claimed) < 1e-9,
        "~": abs(actual - claimed) <= max(0.1 * claimed, 1e-9),
    }[comparator]
    if holds:
        return Finding(Verdict.ACCURATE, f"natolab: {shown} in {year}.", (ev,), answer)
    close = abs(actual - claimed) <= (0.05 if unit.startswith("share") else 0.5)
    if comparator in ("=", "~") and close:
        return Finding(Verdict.ROUNDED, f"natolab: {shown} in {year}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab: {shown} in {year}.", (ev,), answer)


def withdrawal_law(reading: dict[str, Any], ctx: Context) -> Finding:
    statute = ctx.us_law.withdrawal_limitation
    cite = f"{statute.public_law} ({statute.codified_at})"
    ev = _sourced(
        f"{statute.name}, signed {statute.signed}: withdrawal only with two-thirds of Senators "
        "present or under an Act of Congress; no funds otherwise",
        statute,
        cite,
    )
    pending = statute.signed > ctx.on
    if pending and reading.get("asserts_law"):
        return Finding(Verdict.INACCURATE, f"No such law on {ctx.on}; sec. 1250A was signed "
                       f"{statute.signed}.", (ev,))  # fmt: skip
    year = reading.get("year")
    if year and year != statute.signed.year and not reading.get("names_bill"):
        return Finding(
            Verdict.INACCURATE, f"The law was passed and signed in {statute.signed.year}.", (ev,)
        )
    days = reading.get("notice_days")
    if days is not None:
        wanted = ctx.nato.parameters.value("us_sec1250a_congress_notice_days")
        if days != wanted:
            return Finding(
                Verdict.INACCURATE, f"The law requires {wanted} days' notice to Congress.", (ev,)
            )
    paths = set(reading["paths"])
    if paths == {"senate_two_thirds"}:
        return Finding(
            Verdict.IMPRECISE,
            "The law also allows withdrawal under an Act of Congress, not only two-thirds of "
            "the Senate.",
            (ev,),
        )
    if reading.get("names_bill") and paths:
        return Finding(
            Verdict.IMPRECISE, "The binding rule is sec. 1250A of the NDAA FY2024.", (ev,)
        )
    then = f" (then a provision of the bill, signed {statute.signed})" if pending else ""
    return Finding(Verdict.ACCURATE, f"As sec. 1250A provides{then}.", (ev,))


def troop_floor(reading: dict[str, Any], ctx: Context) -> Finding:
    floor = ctx.nato.parameters.get("us_europe_troop_floor")
    statute = ctx.us_law.europe_posture_act
    ev = Evidence(
        f"US troop floor in Europe on {ctx.on}: {floor.value if floor.in_force else 'none'}",
        (floor.reference,) if floor.reference else (),
        None,
        f"{statute.name} (signed {statute.signed})",
    )
    if not floor.in_force or not floor.value:
        return Finding(Verdict.INACCURATE, f"No statutory floor was in force on {ctx.on}.", (ev,))
    value = reading.get("value")
    if value and value != floor.value:
        return Finding(Verdict.INACCURATE, f"The floor is {floor.value:,} troops.", (ev,))
    return Finding(
        Verdict.ACCURATE, f"The NDAA FY2026 sets a floor of {floor.value:,} troops.", (ev,)
    )


def saceur(reading: dict[str, Any], ctx: Context) -> Finding:
    holders = [h for h in ctx.posture.saceur.holders if h.start <= ctx.on]
    if "relinquishing" in reading["metric"]:
        kept = ctx.nato.parameters.get("us_saceur_retention")
        ev = Evidence(
            f"US law bars relinquishing SACEUR on {ctx.on}: {kept.value}",
            (kept.reference,),
            None,
            ctx.us_law.europe_posture_act.name,
        )
        if kept.value is True:
            return Finding(Verdict.ACCURATE, "The NDAA FY2026 bars relinquishing it.", (ev,))
        return Finding(Verdict.INACCURATE, f"No such bar was law on {ctx.on}.", (ev,))
    american = all(h.service.startswith("US") for h in holders)
    ev = _sourced(
        f"{len(holders)} SACEURs since {holders[0].start}, all US officers: {american}",
        ctx.posture.saceur,
        "SHAPE list of SACEURs",
    )
    verdict = Verdict.ACCURATE if american else Verdict.FALSE
    return Finding(verdict, "Every SACEUR since 1951 has been a US officer.", (ev,))


def office_term(reading: dict[str, Any], ctx: Context) -> Finding:
    if reading["metric"] != "SACEUR":
        return _secretary_general_term(reading, ctx)
    name = str(reading.get("subject") or "")
    surname = name.split()[-1] if name else ""
    holder = next((h for h in ctx.posture.saceur.holders if surname and surname in h.name), None)
    if holder is None:
        return Finding(Verdict.UNVERIFIABLE, f"natolab lists no SACEUR named {name!r}.")
    end = holder.end.year if holder.end else ctx.on.year
    ev = _sourced(f"{holder.name}: SACEUR {holder.start} to {holder.end}", ctx.posture.saceur)
    if (holder.start.year, end) == (reading["from_year"], reading["to_year"]):
        return Finding(Verdict.ACCURATE, f"{holder.name} served {holder.start.year}-{end}.", (ev,))
    return Finding(Verdict.INACCURATE, f"{holder.name} served {holder.start.year}-{end}.", (ev,))


def _secretary_general_term(reading: dict[str, Any], ctx: Context) -> Finding:
    """ "X was Secretary General from 2009 to 2014" against natolab's dated list of the office."""
    from natolab.data.facts import load_secretaries_general

    name = str(reading.get("subject") or "")
    named = [str(n).split()[-1] for n in reversed(reading.get("names") or [name]) if n]
    listed = load_secretaries_general().secretaries_general
    sg = next((s for n in named for s in listed if n in s.name.split()), None)
    if sg is None:
        return Finding(Verdict.UNVERIFIABLE, f"natolab lists no Secretary General named {name!r}.")
    if sg.start.earliest > ctx.on:
        return Finding(Verdict.FALSE, f"{sg.name} took office on {sg.start}, after {ctx.on}.")
    left = sg.end if sg.end is not None and sg.end.earliest <= ctx.on else None
    ev = Evidence(
        f"{sg.name}: Secretary General from {sg.start} to {left or 'the article date'}",
        (),
        None,
        "natolab supplement secretaries_general.yaml: " + "; ".join(sg.sources),
    )
    served = f"{sg.name} served from {sg.start} to {left or 'the article date, in office'}."
    last = left.latest.year if left is not None else None
    if (sg.start.earliest.year, last) == (reading["from_year"], reading["to_year"]):
        return Finding(Verdict.ACCURATE, served, (ev,))
    return Finding(Verdict.INACCURATE, served, (ev,))


def office_holder(reading: dict[str, Any], ctx: Context) -> Finding:
    """ "Secretary General X" (or "former Secretary General X") as of the article's date."""
    from natolab.data.facts import load_secretaries_general

    name = str(reading["subject"])
    listed = load_secretaries_general().secretaries_general
    sg = next((s for s in listed if name.split()[-1] in s.name.split()), None)
    holders = [h.name for h in load_secretaries_general().on(ctx.on)]
    if sg is None:
        return Finding(
            Verdict.FALSE, f"On {ctx.on} the Secretary General was {' / '.join(holders)}."
        )
    ev = Evidence(
        f"{sg.name}: Secretary General from {sg.start} to {sg.end or 'today'}",
        (),
        None,
        "natolab supplement secretaries_general.yaml: " + "; ".join(sg.sources),
    )
    if reading.get("tense") == "former":
        left = sg.end is not None and sg.end.earliest <= ctx.on
        verdict = Verdict.ACCURATE if left else Verdict.INACCURATE
        return Finding(verdict, f"{sg.name} held the office from {sg.start} to {sg.end}.", (ev,))
    if not sg.may_hold_office_on(ctx.on):
        return Finding(
            Verdict.INACCURATE,
            f"On {ctx.on} the Secretary General was {' / '.join(holders)}, not {sg.name}.",
            (ev,),
        )
    month = reading.get("started_month")
    if month and sg.start.precision != "year" and month != sg.start.earliest.strftime("%B"):
        return Finding(Verdict.INACCURATE, f"{sg.name} took office on {sg.start}.", (ev,))
    return Finding(Verdict.ACCURATE, f"{sg.name} held the office on {ctx.on}.", (ev,))


def spending_target(reading: dict[str, Any], ctx: Context) -> Finding:
    params = ctx.nato.parameters
    core = params.get("hague_core_defence_share_of_gdp")
    related = params.get("hague_related_share_of_gdp")
    deadline = params.get("hague_deadline_year")
    ev = Evidence(
        f"In force on {ctx.on}: core {core.value}% + related {related.value}% by {deadline.value}",
        tuple(p.reference for p in (core, related, deadline) if p.reference),
        None,
        "The Hague Summit Declaration (2025)",
    )
    if not core.in_force:
        return Finding(Verdict.INACCURATE, f"No 3.5% target was agreed by {ctx.on}.", (ev,))
    total = params.get("hague_total_share_of_gdp")
    wrong = []
    if reading.get("total") not in (None, total.value):
        wrong.append(f"the total is {total.value}%")
    if reading.get("value") not in (None, core.value):
        wrong.append(f"core is {core.value}%")
    if reading.get("related") not in (None, related.value):
        wrong.append(f"related is {related.value}%")
    year = reading.get("year")
    if year and year != deadline.value:
        wrong.append(f"the deadline is {deadline.value}")
    if wrong:
        return Finding(Verdict.INACCURATE, "natolab: " + ", ".join(wrong) + ".", (ev,))
    return Finding(
        Verdict.ACCURATE,
        f"The Hague pledge: {core.value}% core + {related.value}% related by {deadline.value}.",
        (ev,),
    )


def duration(reading: dict[str, Any], ctx: Context) -> Finding:
    signed = ctx.treaty.signed
    years = ctx.on.year - signed.year - ((ctx.on.month, ctx.on.day) < (signed.month, signed.day))
    ev = _sourced(
        f"Treaty signed {signed}; {years} full years by {ctx.on}", ctx.treaty.dates.signed
    )
    answer = {"years": years, "on": ctx.on.isoformat()}
    return _compare(float(years), float(reading["value"]), "=", ev, answer, "years", ctx.on.year)


def troops_europe(reading: dict[str, Any], ctx: Context) -> Finding:
    if reading["subject"] == "US forces in Germany":
        return _germany(reading, ctx)
    if reading["metric"] != "added troops":
        return _troop_level(reading, ctx)
    if reading.get("year") is None:
        return Finding(Verdict.UNVERIFIABLE, "natolab's series cannot settle this count.")
    year = int(reading["year"])
    frame = ctx.posture.us_troops_frame()
    in_year = frame["start"].map(lambda d: d.year) == year
    exact = frame[in_year & frame["troops_low"].eq(frame["troops_high"]).fillna(False)]
    if len(exact) < 2:
        return Finding(Verdict.UNVERIFIABLE, f"natolab has too few troop counts for {year}.")
    low, high = int(exact["troops_low"].min()), int(exact["troops_low"].max())
    added = float(high - low)
    ids = tuple(sorted({i for cell in exact["source_ids"] for i in str(cell).split(";") if i}))
    ev = Evidence(f"US troops in Europe in {year}: {low:,} to {high:,}", ids, None, "posture facts")
    answer = {"year": year, "added": added}
    return _compare(added, float(reading["value"]), "~", ev, answer, "troops", year)


def _troop_level(reading: dict[str, Any], ctx: Context) -> Finding:
    """A count of US troops in Europe against the latest figure natolab holds by the date."""
    frame = ctx.posture.us_troops_frame()
    frame = frame[(frame["start"] <= ctx.on) & frame["troops_low"].notna()]
    year = reading.get("year")
    if year is not None and year != ctx.on.year:
        frame = frame[frame["start"].map(lambda d: d.year) == year]
    if frame.empty:
        return Finding(Verdict.UNVERIFIABLE, "natolab holds no US troop count for that time.")
    row = frame.iloc[-1]
    low = int(row["troops_low"])
    high = low if pd_missing(row["troops_high"]) else int(row["troops_high"])
    if bool(row["more_than"]):
        high = max(high, int(low * 1.1))
    ev = Evidence(
        f"US troops in Europe, {row['date_text']}: {low:,}" + (f"-{high:,}" if high != low else ""),
        tuple(i for i in str(row["source_ids"]).split(";") if i),
        None,
        f"posture facts ({row['basis']})",
    )
    claimed = float(reading["value"])
    answer = {"date": str(row["date_text"]), "low": low, "high": high}
    if low <= claimed <= high:
        return Finding(Verdict.ACCURATE, f"natolab: {ev.says}.", (ev,), answer)
    if low * 0.9 <= claimed <= high * 1.1:
        return Finding(Verdict.ROUNDED, f"natolab: {ev.says}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab: {ev.says}.", (ev,), answer)


def pd_missing(value: Any) -> bool:
    """True for None and pandas' missing markers."""
    import pandas as pd

    return bool(pd.isna(value))


def _germany(reading: dict[str, Any], ctx: Context) -> Finding:
    plan = ctx.posture.germany.drawdown_plan_2020
    reported = ctx.posture.germany.troop_level_2020.values_reported
    ev = _sourced(
        f"2020: {plan.esper_plan.withdraw:,} of {plan.esper_plan.from_:,} US troops in Germany "
        f"to be withdrawn; levels reported {', '.join(f'{v:,}' for v in reported)}",
        plan,
    )
    if reading["value"] not in reported:
        return Finding(Verdict.INACCURATE, f"natolab: {reported} troops reported.", (ev,))
    share = plan.esper_plan.withdraw / plan.esper_plan.from_
    if reading.get("fraction") is not None:
        answer = {"share": share}
        return _compare(share, reading["fraction"], "=", ev, answer, "share", 2020)
    return Finding(Verdict.ACCURATE, "Matches the troop levels reported in 2020.", (ev,))


def event_date(reading: dict[str, Any], ctx: Context) -> Finding:
    year = reading.get("year")
    if year is None:
        year = ctx.on.year if reading.get("future") else reading.get("context_year") or ctx.on.year
    event = _event({**reading, "year": year}, ctx)
    if event is None and reading["subject"] == "summit":
        return _summit_supplement(reading, year)
    if event is None:
        return Finding(Verdict.UNVERIFIABLE, "natolab holds no such event at that date.")
    start = event.start
    ev = _sourced(f"{event.id}: {event.date}", event)
    answer = {"event": event.id, "date": str(event.date)}
    month = reading.get("month")
    relation = reading.get("relation")
    if relation == "by":
        ok = start.year < year or (start.year == year and (not month or start.month <= month))
    else:
        ok = start.year == year and (not month or start.month == month)
    if ok:
        return Finding(Verdict.ACCURATE, f"natolab dates it {event.date}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab dates it {event.date}.", (ev,), answer)


def _summit_supplement(reading: dict[str, Any], year: int) -> Finding:
    """A summit in a year natolab's events skip: the bundled list of summits 1957-2021."""
    from natolab.data.facts import load_summits

    held = load_summits().in_year(year)
    if not held:
        return Finding(Verdict.UNVERIFIABLE, f"natolab lists no NATO summit in {year}.")
    month = reading.get("month")
    cite = "natolab supplement summits.yaml: "
    evidence = tuple(
        Evidence(f"{s.city} summit: {s.start}", (), None, cite + "; ".join(s.sources)) for s in held
    )
    dates = ", ".join(f"{s.city} {s.start}" for s in held)
    if month and not any(s.start.earliest.month == month for s in held):
        return Finding(Verdict.INACCURATE, f"NATO's summits in {year}: {dates}.", evidence)
    return Finding(Verdict.ACCURATE, f"NATO's summits in {year}: {dates}.", evidence)


def _event(reading: dict[str, Any], ctx: Context) -> Any:
    if reading["subject"] != "summit":
        try:
            return ctx.events.event(reading["subject"])
        except NatolabError:
            return None
    year = reading.get("year")
    summits = [e for e in ctx.events.of_type("summit") if e.start.year == year]
    month = reading.get("month")
    return next((e for e in summits if not month or e.start.month == month), None) or (
        summits[0] if summits else None
    )


def treaty_article(reading: dict[str, Any], ctx: Context) -> Finding:
    article = ctx.treaty.article(reading["article"])
    ev = _sourced(f"Article {article.number}: {article.title}", article,
                  f"North Atlantic Treaty, Article {article.number}")  # fmt: skip
    months = reading.get("notice_months")
    if months is not None:
        wanted = ctx.nato.parameters.value("article13_notice_period_months")
        if months != wanted:
            return Finding(
                Verdict.INACCURATE, f"Withdrawal takes effect {wanted} months after notice.", (ev,)
            )
    if reading["own_topic"]:
        return Finding(Verdict.ACCURATE, f"Article {article.number} is '{article.title}'.", (ev,))
    return Finding(
        Verdict.INACCURATE, f"Article {article.number} is '{article.title}', not that.", (ev,)
    )


def membership(reading: dict[str, Any], ctx: Context) -> Finding:
    from natolab.data.allies import load_allies

    allies = load_allies().set_index("iso3")
    iso3 = reading["subject"]
    if iso3 not in allies.index:
        return Finding(Verdict.UNVERIFIABLE, f"{iso3} is not an ally in natolab's data.")
    joined = date.fromisoformat(str(allies.loc[iso3, "accession_date"])[:10])
    ev = _nordic_accession(iso3) or Evidence(
        f"{allies.loc[iso3, 'name']} joined NATO on {joined}", (), None, "allies data"
    )
    if joined > ctx.on:
        return Finding(Verdict.FALSE, f"Not yet a member on {ctx.on}.", (ev,))
    ordinal = reading.get("ordinal")
    if ordinal:
        before = int((allies["accession_date"].astype(str).str[:10] <= joined.isoformat()).sum())
        if before != ordinal:
            return Finding(Verdict.INACCURATE, f"It was member number {before}.", (ev,))
    recent = (ctx.on - joined).days <= 3 * 365
    if reading.get("year") and reading["year"] != joined.year:
        return Finding(Verdict.INACCURATE, f"It joined in {joined.year}.", (ev,))
    verdict = Verdict.ACCURATE if recent or reading.get("year") else Verdict.INACCURATE
    return Finding(verdict, f"It joined on {joined}.", (ev,))


def _nordic_accession(iso3: str) -> Evidence | None:
    """Finland's and Sweden's path in (applied, held up, ratified, joined), cited, if it is one."""
    from natolab.data.facts import load_nordic_accession

    if iso3 not in ("FIN", "SWE"):
        return None
    steps = load_nordic_accession().for_candidate(iso3)
    joined = next((st for st in steps if st.action == "joined"), None)
    applied = next((st for st in steps if st.action == "applied"), None)
    if joined is None:
        return None
    path = f"applied {applied.date}, " if applied is not None else ""
    says = f"{iso3}: {path}joined NATO on {joined.date}"
    return Evidence(
        says, (), None, "natolab supplement nordic_accession.yaml: " + "; ".join(joined.sources)
    )


def article4(reading: dict[str, Any], ctx: Context) -> Finding:
    from natolab.data.facts import load_article4_requests

    facts = load_article4_requests()
    counts = [c for c in facts.counts if c.as_of.latest <= ctx.on]
    fact: Any = facts.meta
    if counts:
        fact = max(counts, key=lambda c: c.as_of.latest)
        total, basis = fact.invocations, f"published count as of {fact.as_of}"
    else:  # a joint request (several allies, one day) counts once
        total, basis = len({r.start for r in facts.up_to(ctx.on)}), "requests on record"
    ev = _sourced(f"Article 4 invoked {total} time(s) by {ctx.on} ({basis})", fact,
                  "North Atlantic Treaty, Article 4")  # fmt: skip
    if reading["metric"] == "requested by":
        return _article4_requesters(reading, facts, ctx)
    answer = {"invocations": total}
    return _compare(float(total), float(reading["value"]), "=", ev, answer, "times", ctx.on.year)


def _article4_requesters(reading: dict[str, Any], facts: Any, ctx: Context) -> Finding:
    """Did these allies request Article 4 consultations in that year?"""
    year, wanted = int(reading["year"]), set(reading["requesters"])
    made = [r for r in facts.up_to(ctx.on) if r.start.year == year and wanted & set(r.requesters)]
    on_record = [r for r in facts.up_to(ctx.on) if wanted & set(r.requesters)]
    says = "; ".join(f"{'+'.join(r.requesters)} {r.date}" for r in on_record) or "none"
    ev = _sourced(f"Article 4 requests by {', '.join(sorted(wanted))}: {says}",
                  made[0] if made else facts.meta, "North Atlantic Treaty, Article 4")  # fmt: skip
    if made:
        return Finding(Verdict.ACCURATE, f"Requested in {year}: {made[0].date}.", (ev,))
    return Finding(Verdict.INACCURATE, f"No Article 4 request by them in {year}.", (ev,))


def ally_share(reading: dict[str, Any], ctx: Context) -> Finding:
    year, iso3 = reading.get("year"), reading["subject"]
    if year is None:
        return Finding(Verdict.UNVERIFIABLE, "The claim names no year natolab could read.")
    frame = ctx.nato.spending("pct_gdp", years=[int(year)], allies=[iso3])
    if frame.empty:
        return Finding(Verdict.UNVERIFIABLE, f"natolab has no share of GDP for {iso3} in {year}.")
    row = frame.iloc[0]
    actual = float(row["value"])
    estimate = " (estimate)" if bool(row.get("is_estimate", False)) else ""
    ev = Evidence(
        f"{row['name']}: {actual:.2f}% of GDP in {year}{estimate}",
        (str(row["source_id"]),) if "source_id" in row else (),
        str(row["release"]),
        "NATO, Defence Expenditure of NATO Countries",
    )
    answer = {"iso3": iso3, "year": year, "pct_gdp": actual, "release": str(row["release"])}
    claimed = float(reading["value"])
    if abs(actual - claimed) < 0.005:
        return Finding(Verdict.ACCURATE, f"natolab: {actual:.2f}% in {year}.", (ev,), answer)
    decimals = len(str(reading["value"]).split(".")[1]) if "." in str(reading["value"]) else 0
    tolerance = 0.5 * 10**-decimals + 1e-9
    if abs(actual - claimed) <= tolerance or (
        reading["comparator"] == "~" and abs(actual - claimed) <= 0.15
    ):
        return Finding(Verdict.ROUNDED, f"natolab: {actual:.2f}% in {year}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab: {actual:.2f}% in {year}.", (ev,), answer)


def member_count(reading: dict[str, Any], ctx: Context) -> Finding:
    members = ctx.nato.members
    total = len(members)
    ev = Evidence(f"{total} allies on {ctx.on}", (), None, "allies data (accession dates)")
    answer = {"members": total, "on": ctx.on.isoformat()}
    return _compare(float(total), float(reading["value"]), "=", ev, answer, "allies", ctx.on.year)


def rank(reading: dict[str, Any], ctx: Context) -> Finding:
    measure = reading["measure"]
    frame = ctx.nato.spending(measure)
    frame = frame[frame["value"].notna()]
    if frame.empty:
        return Finding(Verdict.UNVERIFIABLE, "natolab has no such data on that date.")
    counts = frame.groupby("year")["iso3"].count()
    year = reading.get("year") or int(counts[counts >= counts.max() - 1].index.max())
    rows = frame[frame["year"] == int(year)].sort_values("value", ascending=False)
    if rows.empty:
        return Finding(Verdict.UNVERIFIABLE, f"natolab has no {measure} for {year}.")
    first = rows.iloc[0] if reading["value"] == "highest" else rows.iloc[-1]
    what = "share of GDP" if measure == "pct_gdp" else "spending in current US dollars"
    ev = Evidence(
        f"{reading['value']} {what} in {year}: {first['name']} ({first['value']:,.2f})",
        (str(first["source_id"]),) if "source_id" in rows else (),
        str(first["release"]),
        "NATO, Defence Expenditure of NATO Countries",
    )
    answer = {"year": int(year), "first": str(first["iso3"]), "measure": measure}
    if first["iso3"] == reading["subject"]:
        return Finding(Verdict.ACCURATE, f"{first['name']} ranks {reading['value']} in {year}.",
                       (ev,), answer)  # fmt: skip
    return Finding(
        Verdict.INACCURATE, f"{first['name']} ranks {reading['value']} in {year}.", (ev,), answer
    )


def guideline(reading: dict[str, Any], ctx: Context) -> Finding:
    share = ctx.nato.parameters.get("defence_guideline_share_of_gdp")
    from natolab.parameter_tree import load_parameters

    history = load_parameters()["defence_guideline_share_of_gdp"].history
    agreed_years = sorted({e.since.year for e in history if e.since and e.since <= ctx.on})
    ev = Evidence(
        f"2% of GDP guideline: set {', '.join(map(str, agreed_years))}; Wales (2014): move "
        "towards 2% within a decade, i.e. by 2024",
        (share.reference,),
        None,
        "Riga (2006), Wales Summit Declaration para. 14 (2014), Vilnius (2023)",
    )
    year, deadline = reading.get("year"), reading.get("deadline")
    if year is not None and year not in agreed_years:
        return Finding(Verdict.INACCURATE, f"The 2% guideline dates from {agreed_years}.", (ev,))
    if deadline is not None and deadline != 2024:
        return Finding(
            Verdict.INACCURATE, "Wales set 2024 (within a decade) as the horizon.", (ev,)
        )
    return Finding(Verdict.ACCURATE, "As agreed at Riga (2006) and Wales (2014).", (ev,))


def _latest_year(frame: Any, iso3: str, year: int | None) -> Any:
    rows = frame[(frame["iso3"] == iso3) & frame["value"].notna()]
    return rows[rows["year"] == year] if year is not None else rows.tail(1)


def amount(reading: dict[str, Any], ctx: Context) -> Finding:
    if reading["unit"] != "USD":
        return Finding(Verdict.UNVERIFIABLE, "natolab compares amounts in US dollars only.")
    year, iso3 = int(reading["year"]), reading["subject"]
    frame = ctx.nato.spending("usd_current_m", years=[year], aggregates=True)
    rows = frame[(frame["iso3"] == iso3) & frame["value"].notna()]
    if rows.empty:
        return Finding(Verdict.UNVERIFIABLE, f"natolab has no dollar total for {iso3} in {year}.")
    row = rows.iloc[0]
    actual = float(row["value"]) * 1e6
    ev = Evidence(
        f"{row['name']}: ${actual / 1e9:,.1f} billion in {year} (current prices)",
        (str(row["source_id"]),),
        str(row["release"]),
        "NATO, Defence Expenditure of NATO Countries",
    )
    answer = {"iso3": iso3, "year": year, "usd": actual, "release": str(row["release"])}
    claimed = float(reading["value"])
    error = abs(actual - claimed) / actual
    shown = f"${actual / 1e9:,.1f} billion in {year}"
    digits = int(reading.get("digits", 3))
    tolerance = 0.5 * 10 ** (1 - digits) * 10 ** (len(str(int(claimed))) - 1) / claimed
    if error <= max(tolerance, 0.005):
        verdict = Verdict.ACCURATE if digits >= 3 else Verdict.ROUNDED
        return Finding(verdict, f"natolab: {shown}.", (ev,), answer)
    if error <= 0.05 or (reading["comparator"] == "~" and error <= 0.1):
        return Finding(Verdict.ROUNDED, f"natolab: {shown}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab: {shown}.", (ev,), answer)


def growth(reading: dict[str, Any], ctx: Context) -> Finding:
    year, iso3 = int(reading["year"]), reading["subject"]
    frame = ctx.nato.spending("usd_constant_m", years=[year - 1, year], aggregates=True)
    rows = frame[(frame["iso3"] == iso3) & frame["value"].notna()].set_index("year")
    if len(rows) < 2:
        return Finding(Verdict.UNVERIFIABLE, f"natolab lacks constant-price totals for {year}.")
    actual = 100 * (float(rows.loc[year, "value"]) / float(rows.loc[year - 1, "value"]) - 1)
    ev = Evidence(
        f"{rows.loc[year, 'name']}: {actual:+.1f}% in real terms in {year}",
        (str(rows.loc[year, "source_id"]),),
        str(rows.loc[year, "release"]),
        "NATO, Defence Expenditure of NATO Countries (constant prices)",
    )
    answer = {"iso3": iso3, "year": year, "real_growth_pct": actual}
    claimed = float(reading["value"])
    shown = f"{actual:+.1f}% in {year}"
    if abs(actual - claimed) < 0.5:
        return Finding(Verdict.ACCURATE, f"natolab: {shown}.", (ev,), answer)
    if abs(actual - claimed) <= 1.5:
        return Finding(Verdict.ROUNDED, f"natolab: {shown}.", (ev,), answer)
    return Finding(Verdict.INACCURATE, f"natolab: {shown}.", (ev,), answer)


def us_share(reading: dict[str, Any], ctx: Context) -> Finding:
    from natolab.burden.sharing import us_share as shares

    table = shares(ctx.nato)
    table = table[table["us_share_pct"].notna()]
    if reading.get("year") is not None:
        table = table[table["year"] == reading["year"]]
    if table.empty:
        return Finding(Verdict.UNVERIFIABLE, "natolab has no complete year for the US share.")
    row = table.iloc[-1]
    actual = float(row["us_share_pct"]) / 100
    ev = Evidence(
        f"US share of allies' defence spending in {int(row['year'])}: {actual:.0%}",
        (),
        str(row["releases"]),
        "NATO, Defence Expenditure of NATO Countries (current US dollars)",
    )
    answer = {"year": int(row["year"]), "us_share": actual}
    return _compare(actual, float(reading["value"]), "=", ev, answer, "share", int(row["year"]))


CHECKERS: dict[str, Callable[[dict[str, Any], Context], Finding]] = {
    "article5_invocation": article5,
    "article4_invocation": article4,
    "allies_meeting_target": allies_meeting,
    "ally_share": ally_share,
    "member_count": member_count,
    "rank": rank,
    "amount": amount,
    "growth": growth,
    "us_share": us_share,
    "guideline": guideline,
    "us_withdrawal_law": withdrawal_law,
    "us_troop_floor": troop_floor,
    "saceur": saceur,
    "office_term": office_term,
    "office_holder": office_holder,
    "spending_target": spending_target,
    "duration": duration,
    "us_troops_europe": troops_europe,
    "event_date": event_date,
    "treaty_article": treaty_article,
    "membership": membership,
}
