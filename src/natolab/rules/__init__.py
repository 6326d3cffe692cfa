"""The North Atlantic Treaty and the US law around it as dated, explainable procedures.

Each procedure takes a situation, a date and optional reforms (what-ifs), always as
``rule(subject, *, on, reforms)``, and returns a :class:`~natolab.rules.result.Result`: the
outcome, the dated steps, the gates, and a ``because`` chain citing article or statute and
source ids. No bare boolean leaves this package.

Modules are named after the treaty article or the law they apply: ``article4``, ``article5``,
``article6`` (the area), ``article10`` (accession), ``article13`` (withdrawal), ``council``
(consensus) and ``us_law`` (sec. 1250A, the troop floor, SACEUR, the bills). Import the rules
from this package (``from natolab.rules import withdrawal``). ``article4`` and ``article5`` are
the functions here; their modules stay reachable as ``from natolab.rules.article5 import Attack``.
:class:`Rules` is the same functions bound to one date and set of reforms (``Alliance.rules``).
"""

from __future__ import annotations

from natolab.rules.article4 import article4
from natolab.rules.article5 import Attack, article5
from natolab.rules.article6 import covered
from natolab.rules.article10 import accede
from natolab.rules.article13 import withdrawal
from natolab.rules.bound import Rules
from natolab.rules.council import decide
from natolab.rules.reforms import qualified_majority, reform, repeal_sec_1250a, shorter_notice
from natolab.rules.result import Gate, Reason, Result, Step
from natolab.rules.us_law import saceur, troop_floor, withdrawal_bills

__all__ = [
    "Attack",
    "Gate",
    "Reason",
    "Result",
    "Rules",
    "Step",
    "accede",
    "article4",
    "article5",
    "covered",
    "decide",
    "qualified_majority",
    "reform",
    "repeal_sec_1250a",
    "saceur",
    "shorter_notice",
    "troop_floor",
    "withdrawal",
    "withdrawal_bills",
]
