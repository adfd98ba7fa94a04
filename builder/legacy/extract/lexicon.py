"""Trigger lexicons for issues and named policy approaches (local names in the ontology)."""
from __future__ import annotations

import re
from functools import lru_cache

ISSUES = [  # (pattern, issue) — more specific first
    (re.compile(r"sanctions?[- ]relief|(?:lift|lifting|ease|easing|removal|remove|removing|eased|lifted)\s+(?:of\s+)?(?:the\s+|all\s+|some\s+|only\s+some\s+)?(?:\w+\s+)?sanctions|sanctions\s+(?:be\s+|being\s+)?(?:lifted|eased|removed)", re.I), "SanctionsRelief"),
    (re.compile(r"\bsanction", re.I), "Sanctions"),
    (re.compile(r"denucleari[sz]|\bdenuke\b", re.I), "Denuclearization"),
    (re.compile(r"inter-Korean\s+(?:cooperation|projects|exchanges|economic)", re.I), "InterKoreanCooperation"),
    (re.compile(r"inter-Korean\s+(?:relations|ties|affairs|developments)|relations between the two Koreas", re.I), "InterKoreanRelations"),
    (re.compile(r"peace regime|peace treaty|end (?:to )?(?:the|this) war|lasting peace", re.I), "PeaceRegime"),
    (re.compile(r"security guarantee", re.I), "SecurityGuarantees"),
    (re.compile(r"hostile policy", re.I), "HostilePolicy"),
    (re.compile(r"\bdeadline\b", re.I), "NegotiationDeadline"),
    (re.compile(r"(?:continu|resum|suspend|halt|break(?:ing)? off|walk(?:ing)? away from|return(?:ing)? to|"
                r"restart|revive)\w*\s+(?:the\s+|its\s+|their\s+)?(?:nuclear\s+|working-level\s+)?"
                r"(?:talks|negotiations|dialogue)", re.I), "Negotiations"),
    (re.compile(r"(?:nuclear|missile) tests?|moratorium|test-fir", re.I), "WeaponsTesting"),
]
APPROACHES = [
    (re.compile(r"big deal|all-or-nothing", re.I), "BigDeal"),
    (re.compile(r"comprehensive (?:agreement|deal|roadmap)[^.]{0,60}step-by-step|road ?map", re.I), "ComprehensiveAgreementStepByStep"),
    (re.compile(r"simultaneously and in parallel|simultaneous and parallel", re.I), "SimultaneousParallelApproach"),
    (re.compile(r"phased|step-by-step|step by step|in stages|incremental|action[- ]for[- ]action|"
                r"simultaneous measures|corresponding measures|reciprocal measures|each step|partial (?:sanctions )?relief", re.I),
     "PhasedApproach"),
]
# The issue an approach is an approach to, when the sentence names none.
APPROACH_ISSUE = {"BigDeal": "Denuclearization", "PhasedApproach": "Denuclearization",
                  "ComprehensiveAgreementStepByStep": "Denuclearization",
                  "SimultaneousParallelApproach": "Denuclearization"}

OPPOSE = {"oppose", "reject", "refuse", "blast", "criticize", "criticise", "condemn", "denounce", "slam",
          "dismiss", "accuse", "protest", "decry", "rule", "warn", "threaten"}
STANCE = {"demand", "want", "seek", "insist", "call", "urge", "propose", "suggest", "offer", "affirm",
          "support", "back", "favor", "favour", "push", "say", "willing", "prepare", "ready", "request",
          "ask", "stress", "maintain", "argue", "agree", "pledge", "commit", "view", "remain", "need",
          "require", "hope", "expect", "hold", "have", "make", "keep", "stay", "repeat", "reiterate",
          "emphasize", "vow", *OPPOSE}
STANCE_NOUNS = {"demand", "request", "stance", "position", "approach", "proposal", "call", "insistence",
                "offer", "push", "plan", "policy", "goal", "requirement", "condition", "view"}
SAY_VERBS = {"say", "tell", "add", "stress", "note", "state", "declare", "warn", "insist", "argue", "conclude",
             "describe", "call", "write", "explain", "reply", "remark", "announce", "claim", "vow", "urge",
             "accuse", "emphasize", "repeat", "reiterate", "caution", "complain", "suggest", "ask", "quote",
             "disclose", "reveal", "acknowledge", "admit", "confirm", "signal", "predict", "hint", "assert",
             "deny", "insist", "recall", "tweet"}
REPORTED = {"threaten", "warn", "vow", "pledge", "announce", "accuse", "criticize", "criticise", "blast",
            "condemn", "denounce", "urge", "demand", "reject", "dismiss"}


def issues_in(text: str) -> list[str]:
    return list(_issues_in(text))


@lru_cache(maxsize=4096)  # the same sentence is asked about once per fact it states
def _issues_in(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern, issue in ISSUES:
        if pattern.search(text) and issue not in found:
            if issue == "Sanctions" and "SanctionsRelief" in found and len(pattern.findall(text)) <= 1:
                continue
            found.append(issue)
    return tuple(found)


@lru_cache(maxsize=4096)
def approach_in(text: str) -> str | None:
    for pattern, approach in APPROACHES:
        if pattern.search(text):
            return approach
    return None
