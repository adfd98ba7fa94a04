"""Invariance: every construction case, with its people and places renamed, gives the same outcome.

For each case of tests/constructions/, `tests.rename.Renaming` renames every person and place
of its text consistently (seeded by the case id), and the same map renames the names in its
expectations and rejections. The renamed case must give the same outcome (each expect /
reject / count check passes or fails as it did) and the same number of events, posts,
positions and statements. Known failures are checked too: a case the extractor cannot read
yet must fail in the same way under other names. A rule that only fires for one name fails
here.
"""
from __future__ import annotations

import pytest
import yaml

from tests.rename import Renaming, stable_seed
from tests.test_constructions import CASES, Case, FactView, outcomes, results_for, run_texts, selected_cases

KINDS = ("events", "posts", "positions", "statements")
_RENAMED: dict[str, tuple[Case, Renaming, object]] = {}


def renamed_case(case: Case, doc) -> tuple[Case, Renaming]:
    r = Renaming([case.text], extra=[yaml.safe_dump([case.expect, case.reject])], seed=stable_seed(case.id),
                 docs=[doc])
    return Case(id=case.id + "--renamed", file=case.file, construction=case.construction, capability=case.capability,
                text=r.text(case.text), published=case.published,
                publisher=r.text(case.publisher) if case.publisher else None,
                expect=[(k, r.value(v)) for k, v in case.expect], reject=[(k, r.value(v)) for k, v in case.reject],
                count=dict(case.count)), r


def renamed_results(cases: list[Case]) -> dict[str, tuple[Case, Renaming, object]]:
    todo = [c for c in cases if c.error is None and c.id not in _RENAMED]
    if todo:
        originals = results_for(todo)
        made = {}
        for c in todo:
            if originals[c.id].error is None:
                made[c.id] = renamed_case(c, originals[c.id].doc)
        results = run_texts([(rc.id, rc.text, rc.published, rc.publisher) for rc, _ in made.values()])
        for cid, (rc, r) in made.items():
            _RENAMED[cid] = (rc, r, results[rc.id])
    return _RENAMED


@pytest.fixture(scope="session")
def invariance_results(request):
    return renamed_results(selected_cases(request, "test_invariance"))


def _differences(case: Case, view: FactView, rcase: Case, rview: FactView) -> list[str]:
    diffs = []
    a, b = outcomes(case, view), outcomes(rcase, rview)
    for (k1, v1), (k2, v2) in zip(a.items(), b.items()):
        if v1 != v2:
            diffs.append(f"{k1}: {'holds' if v1 else 'fails'} -> renamed {k2}: {'holds' if v2 else 'fails'}")
    ca, cb = view.counts(), rview.counts()
    for kind in KINDS:
        if ca[kind] != cb[kind]:
            diffs.append(f"{kind}: {ca[kind]} -> renamed {cb[kind]}")
    return diffs


def _params():
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.known_variance)]
                         if c.known_variance else []) for c in CASES if c.error is None]


@pytest.mark.parametrize("case", _params())
def test_renamed_case_same_outcome(case: Case, invariance_results):
    original = results_for([case])[case.id]
    if original.error:
        pytest.skip("the case itself does not run (see test_constructions)")
    rcase, r, result = (invariance_results.get(case.id) or renamed_results([case])[case.id])
    if result.error:
        pytest.fail(f"{case.where}, renamed: {result.error}\nmap:\n{r.describe()}", pytrace=False)
    view, rview = FactView(original.facts), FactView(result.facts)
    diffs = _differences(case, view, rcase, rview)
    if diffs:
        pytest.fail(f"{case.where}: renaming changed the outcome\n"
                    + "\n".join(f"  {d}" for d in diffs)
                    + "\nmap:\n" + "\n".join(f"  {line}" for line in r.describe().split("\n"))
                    + "\ntext:\n" + "\n".join(f"  | {line}" for line in case.text.rstrip().split("\n"))
                    + "\nrenamed:\n" + "\n".join(f"  | {line}" for line in rcase.text.rstrip().split("\n"))
                    + "\nextracted:\n" + view.render() + "\nextracted from the renamed text:\n" + rview.render(),
                    pytrace=False)
