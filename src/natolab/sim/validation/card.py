"""The model card (``docs/validation.md``): every number in it is computed by this run.

The prose around the tables states only what the method is and what it cannot do; the verdicts
("beats", "covers") are computed from the scores, so the card cannot drift from the backtests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from natolab.sim.models.spending import EXPOSURE_KM
from natolab.sim.validation import crisis as cr
from natolab.sim.validation import spending as sp

if TYPE_CHECKING:
    from natolab.sim.validation.council import CouncilValidation
    from natolab.sim.validation.crisis import CrisisValidation
    from natolab.sim.validation.spending import OriginResult

BASELINES = ("persistence", "trend", "pledge pace")
MODEL = sp.HEADLINE


def _table(frame: pd.DataFrame) -> str:
    """A GitHub markdown table (floats to 3 decimals)."""
    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "---|" * len(frame.columns)
    cells = [
        "| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([head, rule, *cells])


def verdicts(results: list[OriginResult], model: str = MODEL) -> pd.DataFrame:
    """Per origin: does the model beat every baseline on CRPS and Brier, cover 80%, the counts?"""
    rows = []
    for r in results:
        s = r.scores.set_index("forecaster")
        base = s.loc[list(BASELINES)]
        coverage = s["coverage_90"].to_dict()
        counts = r.counts[r.counts["forecaster"] == model]
        rows.append(
            {
                "origin": r.origin,
                "crps_ratio_to_best_baseline": float(s["crps"][model]) / float(base["crps"].min()),
                "brier_ratio_to_best_baseline": float(s["brier"][model])
                / float(base["brier"].min()),
                "beats_baselines_crps": bool(s.at[model, "crps"] < base["crps"].min()),
                "beats_baselines_brier": bool(s.at[model, "brier"] < base["brier"].min()),
                "coverage_90": coverage[model],
                "count_years_covered": f"{int(counts['covered'].sum())}/{len(counts)}",
            }
        )
    return pd.DataFrame(rows)


def reliability(results: list[OriginResult], bins: int = 5) -> pd.DataFrame:
    """Predicted P(meets 2%) against the observed frequency, pooled over origins, by bin."""
    frame = pd.concat([r.reliability for r in results], ignore_index=True)
    edges = [float(e) for e in np.linspace(0, 1, bins + 1)]
    frame["bin"] = pd.cut(frame["probability"], edges, include_lowest=True)
    grouped = frame.groupby("bin", observed=True)
    out = pd.DataFrame(
        {
            "forecasts": grouped.size(),
            "mean_predicted": grouped["probability"].mean(),
            "observed_rate": grouped["met"].mean().astype(float),
        }
    ).reset_index()
    out["bin"] = out["bin"].astype(str)
    return out


def charts(results: list[OriginResult], folder: Path) -> list[str]:
    """Count bands against the actual count per origin, and the reliability diagram (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, axes = plt.subplots(1, len(results), figsize=(3.2 * len(results), 3.2), sharey=True)
    for ax, r in zip(np.atleast_1d(axes), results, strict=True):
        c = r.counts[r.counts["forecaster"] == MODEL]
        ax.fill_between(c["year"], c["p05"], c["p95"], alpha=0.3, label="model 90% band")
        ax.plot(c["year"], c["median"], label="model median")
        ax.plot(c["year"], c["actual"], "ko-", ms=3, label="actual")
        ax.set_title(f"origin {r.origin}")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("year")
    np.atleast_1d(axes)[0].set_ylabel(f"allies at {sp.TARGET:g}% of GDP")
    np.atleast_1d(axes)[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(folder / "validation_spending_counts.png", dpi=110)
    rel = reliability(results)
    fig2, ax2 = plt.subplots(figsize=(3.6, 3.6))
    ax2.plot([0, 1], [0, 1], "k:", lw=1)
    ax2.plot(rel["mean_predicted"], rel["observed_rate"], "o-")
    ax2.set_xlabel("predicted P(meets 2%)")
    ax2.set_ylabel("observed frequency")
    fig2.tight_layout()
    fig2.savefig(folder / "validation_spending_reliability.png", dpi=110)
    plt.close("all")
    return ["validation_spending_counts.png", "validation_spending_reliability.png"]


def _surge(results: list[OriginResult]) -> str:
    """The 'cannot do' line on the surge, with the headline model's numbers."""
    counts = pd.concat([r.counts[r.counts["forecaster"] == MODEL] for r in results])
    late = counts[counts["year"] >= 2024]
    missed = counts[~counts["covered"]]
    misses = ", ".join(f"{y}" for y in sorted(set(missed["year"]))) or "none"
    return (
        "- It has no driver for the 2025 surge beyond the declared inputs (the threat episodes,"
        " the Wales deadline): adherence is calibrated before the origin, so a change of"
        " political will after it (the 2022 invasion's full effect, The Hague 2025) is outside"
        " it. The count table's mean error shows it: in 2024-2025 the central path falls"
        f" {-late['mean_error_pp'].max():.2f} to {-late['mean_error_pp'].min():.2f} pp short;"
        f" the count band misses {len(missed)} of {len(counts)} origin-years (years: {misses}),"
        " so the goal of covering every year is not met."
    )


def _coverage_line(results: list[OriginResult]) -> str:
    """The 'cannot do' line on coverage, with the headline model's numbers."""
    short = [
        r.scores.set_index("forecaster").loc[MODEL].to_dict() | {"origin": r.origin}
        for r in results
    ]
    short = [s for s in short if s["coverage_90"] < 0.8]
    if not short:
        return "- Its 90% bands cover at least 80% of ally-year outcomes from every origin."
    cells = ", ".join(
        f"{s['origin']} ({s['coverage_90']:.3f}; {s['above_band'] / (1 - s['coverage_90']):.0%}"
        " of the misses above the band)"
        for s in short
    )
    return (
        f"- Its 90% bands cover fewer than 80% of ally-year outcomes from origins {cells}:"
        " most misses are allies spending more than the band allows, the low bias above."
    )


def spending_section(results: list[OriginResult], images: list[str]) -> str:
    """The model A part of the card."""
    windows = pd.DataFrame(
        [
            {"origin": r.origin, "data": r.notes[0], "calibration": r.notes[1], "allies": r.allies}
            for r in results
        ]
    )
    threat = [f"- origin {r.origin}: {r.notes[2]}" for r in results if len(r.notes) > 2]
    spread = [f"- origin {r.origin}: {r.spread}" for r in results]
    parts = [
        "## Model A: spending paths",
        "",
        "Real-time rolling-origin backtests (`natolab.sim.validation.spending`): from each origin"
        " the forecasters see only the releases natolab holds that were published by 31 December"
        " of that year and the guideline then in force, and predict every later year to"
        f" {sp.LAST_YEAR}; ally-years are scored against the newest figures. The threat episodes"
        f" ({', '.join(sp.THREATS)}, from events.yaml) are declared, dated inputs; their pull"
        f" (c0 + c1 x exposure, exposure = exp(-km from Moscow / {EXPOSURE_KM:g}), for"
        f" {sp.THREAT_YEARS} years) is estimated only on episodes before the origin; the"
        " model with threat also lets a new, undeclared episode strike in any later year, as"
        " often as declared episodes struck in the years of data before the origin, with their"
        " estimated mean pull. The headline model (`model+threat+deadline`) adds the deadline of"
        " the guideline in force at the origin (the dated parameter"
        " `defence_guideline_deadline_year`, from commitments.yaml), a pull whose pace"
        " is the share of the gap a straight path to the aim closes that year (1 / years left,"
        " 1 from the deadline on), scaled by how far allies honour it: a declared judgement,"
        f" uniform over {sp.DEADLINE_HONOUR[0]:g}-{sp.DEADLINE_HONOUR[1]:g} per run, because no"
        " commitment before Wales 2014 had a deadline to estimate it from. Every model row"
        " draws the pooled adherence per run from its bootstrap over allies (estimation"
        " uncertainty) instead of plugging in the point estimate.",
        "",
        "### Data windows",
        "",
        _table(windows),
        "",
        "Threat pull estimated at each origin:",
        "",
        *threat,
        "",
        "Deadline in force at each origin:",
        "",
        *[f"- origin {r.origin}: {r.deadline}" for r in results],
        "",
        "Estimation uncertainty of the pooled adherence at each origin:",
        "",
        *[f"- origin {r.origin}: {r.estimation}" for r in results],
        "",
        "Spread calibrated at each origin (one-step residuals of the adherence path over the"
        " calibration window, split as a one-way random-effects model into yearly noise and a"
        " per-ally drift that persists over the run):",
        "",
        *spread,
        "",
        "### Scores against the baselines (per ally-year; lower CRPS and Brier are better)",
        "",
    ]
    for r in results:
        parts += [f"Origin {r.origin} ({r.basis}):", "", _table(r.scores), ""]
    counts = pd.concat(
        [r.counts[r.counts["forecaster"] == MODEL].assign(origin=r.origin) for r in results]
    )[["origin", "year", "actual", "p05", "median", "p95", "covered", "mean_error_pp"]]
    parts += [
        f"### Allies at {sp.TARGET:g}% per year: model band against the actual",
        "",
        "(`mean_error_pp`: the model's median share minus the actual, averaged over the allies:"
        " where the band misses, the central path is biased low, not the band too narrow.)",
        "",
        _table(counts),
        "",
        f"![count bands]({images[0]})",
        "",
        "### Goals and floors",
        "",
        _table(verdicts(results)),
        "",
        "The same without the deadline (`model+threat`):",
        "",
        _table(verdicts(results, "model+threat")),
        "",
        "Goals (issue 13): from origins 2014 and 2019 beat all three baselines on CRPS and Brier,"
        " 90% bands covering at least 80% of ally-year outcomes, and the count band covering the"
        " actual count in every year. The table above says which hold. Floors the test suite"
        " enforces, set from the measured result (2000 runs) with a margin for Monte Carlo noise"
        " and stated in `natolab.sim.validation.spending.FLOORS`: CRPS and Brier at most"
        f" {sp.FLOORS['crps_ratio_to_best_baseline']:g} and"
        f" {sp.FLOORS['brier_ratio_to_best_baseline']:g} x the best baseline's, coverage at"
        f" least {sp.FLOORS['coverage_90']:g}, the count band covering at least"
        f" {sp.FLOORS['count_years_covered_share']:g} of the years, from origins"
        f" {', '.join(map(str, sp.FLOOR_ORIGINS))}.",
        "",
        f"### Calibration of P(meets 2%) ({MODEL}, all origins pooled)",
        "",
        _table(reliability(results)),
        "",
        f"![reliability]({images[1]})",
        "",
        "### Changes made after the first backtests (disclosed)",
        "",
        "The first run of these backtests (on the bundle before the July 2026 edition; model"
        " with the median ally's share noise, and a threat pull measured against each ally's"
        " own calm-years rate) scored CRPS 1.15, 1.05,"
        " 1.04 and 1.04 times the best baseline's from origins 2014, 2017, 2019 and 2022, with"
        " 90% coverage 0.23, 0.65, 0.62 and 0.53. Two estimators were then changed on"
        " statistical grounds, not fitted to the test years: the share noise is pooled across"
        " allies (root mean variance: a band must cover volatile allies too), and the threat"
        " pull is measured against the allies' median calm rate (an ally that crossed the aim"
        " during the episode has no calm rate of its own, so the old estimate dropped the"
        " allies that answered most).",
        "",
        "A second review (issue 13, December 2026) diagnosed the remaining failures before any"
        " change: from 2014 the model's 90% band one year ahead was 0.21 pp wide against"
        " persistence's 0.34 pp, while its central path was no better than persistence's. Two"
        " estimators were changed on statistical grounds: the yearly noise is the within-ally"
        " variance of the one-step residuals with ddof 1 (with two or three changes per ally,"
        " ddof 0 halved it), and each ally's mean residual, less the part the noise explains, is"
        " a drift that persists over the run (errors in the years before the origin grow faster"
        " than sqrt(h)); the model with threat draws new episodes at their pre-origin frequency."
        " Before these changes the card read: CRPS 1.05, 1.02, 0.99 and 0.98 times the best"
        " baseline's, coverage 0.55, 0.71, 0.72 and 0.64, count band covering 4/11, 3/8, 4/6"
        " and 1/3 years, from origins 2014, 2017, 2019 and 2022. No estimator was chosen by its"
        " score on the test years; the tables above are after the change.",
        "",
        "A third review (issue 13, December 2026) added two mechanisms, each argued and written"
        " here before its scores were computed, and no setting was chosen by a test-year score:"
        " (1) the deadline of the commitment in force at the origin (Wales 2014: move towards"
        " 2% within a decade, known at every origin from 2014 to 2022), with the degree allies"
        " honour it a declared uniform 0-1 range (no earlier deadline exists to estimate it);"
        " its with/without comparison is paired (same random numbers, the honour draws on a"
        " stream of their own): `model+threat` against `model+threat+deadline`; (2) estimation"
        " uncertainty: the pooled adherence is drawn per run from its bootstrap over allies, as"
        " the threat pull already was from its sampling distribution. Before this review the"
        " card read (model+threat, 2000 runs): CRPS 0.940, 0.996, 0.976 and 0.963 times the best"
        " baseline's, Brier 0.934, 1.114, 0.932 and 0.936, coverage 0.795, 0.759, 0.756 and"
        " 0.655, count band covering 7/11, 4/8, 4/6 and 1/3 years, from origins 2014, 2017,"
        " 2019 and 2022. Two directions were not taken: a drift estimated out of sample (the"
        " Beta spread of each ally's adherence around its blended rate already carries the"
        " persistent departure a drift would add, so it would count it twice), and a fiscal"
        " constraint (the bundle holds no debt or deficit series).",
        "",
        "A fourth change (issue 13, December 2026), its form chosen and committed before its"
        " scores were computed and not changed after them:"
        " from 2017 on the gap-closing rates were fitted on years in which the Wales deadline"
        " already pulled, and the deadline's pull was then applied on top, so its effect was"
        " counted twice. The model's step closes 1 - (1 - a)(1 - h x pace) of the gap in a year"
        " with a deadline in force, so over a fit window of n years the gap left is"
        " (1 - a)^n x prod(1 - h x pace). Each run now solves that for its adherence a at its own"
        " honour draw h, with the pace of the deadline in force in each fit year read from the"
        " dated parameter `defence_guideline_deadline_year` on 1 January (Wales's 2024 for"
        " 2015-2023): the decomposition the simulation applies (adherence, then the deadline on"
        " top) is then the one the fit assumed, at every honour. Fitting only on years without"
        " a deadline was not taken: from origins 2017-2022 the only such years are before Wales,"
        " when allies moved away from 2%. With honour 0, or no deadline in the fit window"
        " (origin 2014, every forecaster without the deadline), nothing changes, bit for bit."
        " Before this change the card read (model+threat+deadline, 2000 runs): CRPS 0.672,"
        " 0.797, 0.952 and 0.859 times the best baseline's, Brier 0.657, 0.742, 0.656 and 0.614,"
        " coverage 0.862, 0.826, 0.762 and 0.714, count band covering 11/11, 6/8, 5/6 and 2/3"
        " years, from origins 2014, 2017, 2019 and 2022; after it, CRPS improves slightly from"
        " 2017-2022, Brier and coverage worsen slightly (tables above). In sample, the Wales"
        " backtest's 2024 median stays 26 allies (band 21-30 before, 21-29 after; mean 25.9"
        " before, 25.4 after; actual 23). The floors were not changed: at the tests' 300 runs,"
        " five seeds gave CRPS ratios up to 0.933, Brier ratios up to 0.690 and coverage down"
        " to 0.732.",
        "",
        "### What model A cannot do",
        "",
        _surge(results),
        _coverage_line(results),
        "- The degree allies honour a deadline is a declared judgement (uniform"
        f" {sp.DEADLINE_HONOUR[0]:g}-{sp.DEADLINE_HONOUR[1]:g}), not an estimate: Wales 2014"
        " is the only deadline in the data, so these backtests are its first test and cannot"
        " also calibrate it. After the deadline the pace stays at the whole gap (the target"
        " stays in force); only 2025 tests that choice. Adherence is netted of the deadline"
        " in force while it was fitted at the run's honour, so a high honour leaves little"
        " adherence: the two are not separately identified by one deadline's data.",
        "- The bootstrap of the pooled adherence barely widens the bands (model+threat's"
        " coverage moved by less than 0.01 from the card before it): from 2014 the pooled"
        " rate sits at its lower bound (allies moved away from 2% in 2012-2014), so its"
        " bootstrap has no width, and from later origins the ally-level Beta spread dominates.",
        "- The per-ally drift is zero from 2017 on: each ally's own gap-closing rate, fitted on"
        " the same window, absorbs its mean residual, so this in-sample estimate understates"
        " how far an ally's path may persistently depart from the forecast.",
        "- Origins 2014 and 2017 are pseudo real-time (see Data windows): the store's oldest"
        " edition is June 2019, so revisions of the years before the origin leak in.",
        "- The store holds no release between June 2019 and February 2024, so the 2022 origin"
        " starts from 2019 figures.",
        "- The threat pull is estimated on one episode; its exposure slope is not a causal effect.",
        "",
    ]
    return "\n".join(parts)


def _auc_goal(summary: pd.DataFrame) -> str:
    """Per outcome, whether the model's within-operation AUC beats the log-size baseline."""
    table = summary.set_index(["outcome", "model"])["within_operation_auc"].astype(float)
    parts = []
    for outcome in dict.fromkeys(summary["outcome"]):
        model = table[(outcome, "per-operation (hierarchical)")]
        base = table[(outcome, "log size, unfitted")]
        verdict = "beats" if model > base else "does not beat"
        parts.append(f"for {outcome} the model ({model:.3f}) {verdict} the baseline ({base:.3f})")
    return "; ".join(parts)


def crisis_section(result: CrisisValidation) -> str:
    """The model B part of the card."""
    table = result.by_operation.drop(columns=["pairs"])
    known = table.loc[table["outcome"] == "forces", "operation"].nunique()
    floors = "; ".join(
        f"{o}: within-operation AUC at least {f['within_operation_auc']:g}, at least"
        f" {f['operations_rate_covered']:g} operations' rates covered, AUC minus the log-size"
        f" baseline's at least {f['auc_over_log_size']:+g}"
        for o, f in cr.FLOORS.items()
    )
    return "\n".join(
        [
            "## Model B: crisis response (participation: forces and access)",
            "",
            "Two outcomes, fitted and scored separately (`natolab.sim.calibration`): **forces**"
            " (the ally's own troops, aircraft or ships) and **access** (basing, overflight,"
            " logistics granted to the operating forces), split from `participation.csv`'s"
            " contribution types and overridden by natolab's sourced supplement"
            " `supplements/operations_extension.yaml`. Access is scored only in operations whose"
            " record holds an access decision. Each outcome is a logit with one baseline per"
            " operation (a N(0, 2^2) prior on its deviation from the Article 5 and NATO-led"
            " terms) and ally terms measured at the time: log constant-price spending in the"
            " operation's start year (nearest year published), a land border with the adversary"
            " (exposure), log distance to the theatre, and the ally's rate of the same outcome in"
            " earlier operations only. The log distance to the adversary (collinear with the"
            " distance to the theatre, opposite sign) and the all-operations alignment rate (no"
            " signal) of the former pooled logit are dropped.",
            "",
            "Leave-one-operation-out (`natolab.sim.validation.crisis`): each operation is held"
            " out and scored by a fit on the others; its baseline is drawn from the training"
            " operations' spread. Within-operation AUC is pair-weighted and exists only for"
            " operations with both answers. Unknown rows are **bounded**, not imputed: the fit"
            " uses the known rows, `rate_bounds` counts the unknown rows all no, then all yes,"
            " and `bounds_overlap` says whether the 90% interval predicted for all the"
            " operation's members meets those bounds; `covered` scores the known rows' rate.",
            "",
            _table(result.summary),
            "",
            _table(table),
            "",
            "Goals (issue 13): within-operation AUC above the unfitted log-size baseline, and each"
            " operation's rate inside its 90% interval for at least 8 of 10 held-out operations."
            " The summary says which hold. The intervals are wide (operations differ a lot and"
            f" only {known} are known), so coverage is easy to reach and says little; the AUC is"
            " the sharper test. Floors the test suite enforces (regression guards set at the"
            f" measured level, not the goals): {floors}.",
            "",
            "The data grew (2026-12-02): the supplement's complete rosters of Baltic Air"
            " Policing's first decade (BAP_2004: 26 allies, 14 with fighters), of KFOR at its"
            " launch (KFOR_1999: 19 allies, all but Iceland with troops), of IFOR at its launch"
            " (IFOR_1995: 16 allies, all but Iceland with troops) and of Sea Guardian's first"
            " patrol (SEA_GUARDIAN_2016: 28 allies, 6 with ships, submarines or patrol aircraft)"
            " are four more forces operations, and two forces decisions answer rows"
            " `participation.csv` leaves unknown (Sweden's battalion in the forward land forces"
            " in Latvia, 2025; Iceland, which has no armed forces, in Libya 2011): added because"
            " public sources support them, not for their score. Before any of them the forces model"
            " covered 8/10 operations' rates and its within-operation AUC was 0.767 against"
            " 0.744 for the log-size baseline; with BAP and KFOR only, 10/12 and 0.772 against"
            f" 0.777; the tables above give the scores now: {_auc_goal(result.summary)}. No"
            " access decision was added, so the access scores did not move.",
            "",
            "### What model B cannot do",
            "",
            "- Predict an operation's level: the baseline of a new operation is a wide draw, so"
            " the predicted rate of a held-out operation spans most of 0 to 1.",
            "- Score access widely: five operations record access decisions, and in OAF 1999"
            " every known answer is yes.",
            "- Model Council objection from data: the crisis model's objection comes from the"
            " better of an ally's forces and access utilities; it is not validated here.",
            "- Measure size at the time before 2012: the store's spending starts in 2012, so"
            " older operations use the earliest published year.",
            "- Learn from more operations: the supplement adds sourced access decisions (Iraq"
            " 2003) and four complete rosters (Baltic Air Policing 2004 to January 2014, KFOR"
            " at its launch in 1999, IFOR at its launch in 1995, Sea Guardian's first patrol in"
            " November 2016), but no roster of KFOR in later years, SFOR, Resolute Support,"
            " NATO Mission Iraq or Ocean Shield, and no further 2026 Iran-war access decision"
            " (the stored copies of their published rosters are partial, undated or garbled;"
            " see `supplements/SOURCES.md`).",
            "",
        ]
    )


def council_section(result: CouncilValidation) -> str:
    """The Council-objection part of model B's card (its own section, next to participation)."""
    from natolab.sim.validation import council as co

    model, base = result.summary.iloc[0], result.summary.iloc[1]
    ratio = float(model["brier_ratio_to_base_rate"])
    better = "lower" if ratio < 1 else "not lower"
    anyone = "lower" if model["brier_anyone_holds"] < base["brier_anyone_holds"] else "higher"
    rows, holds = len(result.rows), int(result.rows["held"].sum())
    holders = sorted(set(result.rows.loc[result.rows["held"], "iso3"]))
    return "\n".join(
        [
            "## Model B: objection in the Council",
            "",
            "Leave-one-episode-out on the Council episodes (`natolab.sim.validation.council`,"
            " data `supplements/council_episodes.yaml`): each episode (with any that started the"
            " same day: Finland's and Sweden's accessions go out together) is held out, the hold"
            " rates of allies with and without a record of holding up an earlier episode are"
            " fitted on the others, and every ally at risk in the held-out episode gets a"
            " probability of objecting or delaying. The baseline gives every ally the training"
            " base rate. Requesters and unknown positions are not scored.",
            "",
            _table(result.summary.drop(columns=["holders"])),
            "",
            _table(result.by_episode),
            "",
            f"Per ally-episode the record model's Brier score is {better} than the base rate's"
            f" (ratio {ratio:.3f}); it puts {model['holders_in_top_5']:.0f} of the"
            f" {holds} holders among each episode's five likeliest allies, against"
            f" {base['holders_in_top_5']:.1f} expected from the base rate. Whether anyone holds"
            f" an episode up, its Brier score is {anyone} than the base rate's. Floors the test"
            f" suite enforces: Brier ratio to the base rate at most"
            f" {co.FLOORS['brier_ratio_to_base_rate']:g}, and at least"
            f" {co.FLOORS['holders_in_top_5']:g} holders among the five likeliest.",
            "",
            "### How weak this evidence is",
            "",
            f"- {len(result.by_episode)} episodes, {rows} ally-episode rows and {holds} holds,"
            f" by {len(holders)} allies ({', '.join(holders)}). One extra episode can move"
            " every number above.",
            "- The episodes are selected on the outcome: each is a decision someone contested,"
            " found because the press reported it. Decisions taken without an objection are"
            " not rows, so the rates are rates *given a contested decision*; the"
            " crisis model applies them only in runs where some ally is opposed.",
            f"- The first episode ({result.by_episode['episode'].iloc[0]}) has no earlier"
            " record, so the model cannot foresee a first-time objector; the accession holds"
            " include ratifications delayed in parliaments, counted as holds like Council"
            " objections.",
            "- Allies the pages do not name take the episode's `others` position (supported),"
            ' which the sources state only as "the pages name these allies alone".',
            "",
        ]
    )


MARK = "<!-- model:{name} -->"
END = "<!-- /model:{name} -->"


def _replace(text: str, name: str, body: str) -> str:
    """``text`` with the section of model ``name`` replaced (or appended) by ``body``."""
    start, end = MARK.format(name=name), END.format(name=name)
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        return head + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def write(docs: Path, sections: dict[str, str]) -> Path:
    """Regenerate the given models' sections of ``docs/validation.md``, keeping the others."""
    header = "\n".join(
        [
            "# Validation: the model card",
            "",
            "Generated by `natolab validate [--model spending|crisis]`. Do not edit by hand:"
            " every number below is recomputed by that command.",
            "",
        ]
    )
    path = docs / "validation.md"
    text = path.read_text() if path.exists() else header
    for name in ("spending", "crisis", "council"):
        if name in sections:
            text = _replace(text, name, sections[name])
    path.write_text(text)
    return path


def spending_card(results: list[OriginResult], docs: Path, runs: int) -> str:
    """Model A's section (charts written to ``docs``), stating the runs it used."""
    images = charts(results, docs)
    return spending_section(results, images).replace(
        "## Model A: spending paths\n",
        f"## Model A: spending paths\n\n({runs} runs per origin and forecaster.)\n",
        1,
    )
