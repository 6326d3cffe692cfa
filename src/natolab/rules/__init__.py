"""The North Atlantic Treaty and the US law around it as dated, explainable procedures.

Each procedure takes a situation, a date and optional reforms (what-ifs) and returns a
:class:`~natolab.rules.result.Result`: the outcome, the dated steps, the gates, and a ``because``
chain citing article or statute and source ids. No bare boolean leaves this package.

Note: the functions ``withdrawal``, ``article4`` and ``article5`` share their modules' names, so
``natolab.rules.withdrawal`` is the function; import helpers from the module explicitly
(``from natolab.rules.withdrawal import troop_floor``).
"""

from __future__ import annotations

from natolab.rules.accession import accede
from natolab.rules.article4 import article4
from natolab.rules.article5 import Attack, article5
from natolab.rules.article6_area import covered
from natolab.rules.bound import Rules
from natolab.rules.council import decide
from natolab.rules.reforms import qualified_majority, reform, repeal_sec_1250a, shorter_notice
from natolab.rules.result import Gate, Reason, Result, Step
from natolab.rules.withdrawal import saceur, troop_floor, withdrawal, withdrawal_bills

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
