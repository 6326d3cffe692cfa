"""Pydantic models of what the JSON API returns, so ``/openapi.json`` describes every answer.

The bodies themselves are built by :func:`natolab.serialise.document` (the one serialisation
shared with the CLI); these models only state their shape for the schema, the docs and
schemathesis. Metadata fields vary by endpoint and are allowed as extra keys.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Row = dict[str, Any]


class Document(BaseModel):
    """One answer: metadata fields (title, release, ...) and named tables of JSON rows."""

    model_config = ConfigDict(extra="allow")

    tables: dict[str, list[Row]] = Field(
        description="Named tables; each row carries source_id, release and grade where known."
    )


class ErrorBody(BaseModel):
    """Every refusal: the error's kind and one sentence saying what to change."""

    error: str = Field(description="Kind of error, e.g. UnknownAllyError or LimitError.")
    detail: str = Field(description="What was wrong with the request and how to fix it.")


class Reason(BaseModel):
    """One link of a ``because`` chain: claim, provision cited, sources behind it."""

    text: str
    citation: str
    source_ids: list[str]
    parameter: str = ""
    confidence: str = "high"


class Step(BaseModel):
    """One (possibly dated) step of a procedure."""

    name: str
    description: str
    on: str | None = None
    because: list[Reason] = []


class Gate(BaseModel):
    """Who must agree, by what rule, and whether they have."""

    name: str
    who: str
    rule: str
    status: Literal["passed", "failed", "pending", "not_required"]
    detail: str = ""
    because: list[Reason] = []


class RuleResult(BaseModel):
    """The answer of one treaty or US-law procedure on one date, with its reasons."""

    rule: str
    on: str
    question: str
    outcome: str
    summary: str
    steps: list[Step]
    gates: list[Gate]
    because: list[Reason]
    would_change: list[str]
    uncertain: list[str]
    reforms: list[str]
    dates: dict[str, str]
    values: dict[str, Any]
    source_ids: list[str] = Field(description="Every source id cited anywhere in the result.")


class RunRequest(BaseModel):
    """Start a simulation job: a bundled scenario, optionally fewer runs or another seed."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(min_length=1, max_length=100, examples=["hague-2035"])
    runs: int | None = Field(default=None, ge=1, description="Default: the scenario's own.")
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
    on: str | None = Field(default=None, description="As-of date of the data (YYYY-MM-DD).")
    release: str | None = Field(default=None, description="Read one named release.")


class SensitivityRequest(BaseModel):
    """Start a global sensitivity analysis of a bundled scenario's metric."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(min_length=1, max_length=100, examples=["hague-2035"])
    method: Literal["morris", "sobol"] = "morris"
    n: int = Field(default=16, ge=2, le=4096, description="Morris trajectories or Sobol base N.")
    reps: int = Field(default=4, ge=1, le=64, description="Runs averaged per design point.")
    on: str | None = Field(default=None, description="As-of date of the data (YYYY-MM-DD).")
    release: str | None = Field(default=None, description="Read one named release.")


class Job(BaseModel):
    """A background job (a run or a sensitivity analysis): where it stands, what it produced."""

    job_id: str
    kind: Literal["run", "sensitivity"]
    scenario: str
    runs: int
    seed: int | None
    status: Literal["queued", "running", "finished", "failed"]
    done_runs: int = Field(description="Runs finished so far.")
    progress: float = Field(ge=0, le=1, description="done_runs / runs.")
    run_id: str | None = Field(description="The stored run's id, once known.")
    error: str | None = None
    detail: str | None = None


class ClaimsRequest(BaseModel):
    """An article to check: its text (plain or HTML) and, optionally, the date to judge it at."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=500_000,
        description="The article: plain text or HTML, at most 500,000 characters "
        "(and a request body of at most 1 MiB).",
    )
    date: str | None = Field(
        default=None,
        description="Judge the claims as of this date (YYYY-MM-DD, not in the future); "
        "default: the article's dateline, else today.",
        examples=["2024-07-10"],
    )


class ClaimEvidence(BaseModel):
    """One piece of natolab's answer to a claim and where it comes from."""

    says: str
    source_ids: list[str]
    release: str | None
    citation: str | None


class CheckedClaimBody(BaseModel):
    """One claim: verbatim quote with offsets, kind, reading, verdict, explanation, evidence."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: str
    reading: dict[str, Any]
    verdict: Literal[
        "accurate",
        "accurate (rounded)",
        "imprecise",
        "inaccurate",
        "false",
        "unverifiable",
        "not a factual claim",
    ]
    explanation: str
    answer: dict[str, Any]
    evidence: list[ClaimEvidence]


class ClaimsReport(BaseModel):
    """Every checkable claim of an article, judged as of ``date`` (``date_basis`` says why)."""

    date: str
    date_basis: str
    checked_on: str
    characters: int
    scale: dict[str, str] = Field(description="The verdict scale, best first, with meanings.")
    counts: dict[str, int]
    claims: list[CheckedClaimBody]
