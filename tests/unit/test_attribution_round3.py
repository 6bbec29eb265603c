"""Golden table for attribution, third helper round: descriptions that refer back to a named body.

Each case is (text, [(source, via) per claim]); ``fix-...`` ids name the error they fix, ``keep-...`` ids are
counter-cases that must keep their answer. The sentences are written for this file.
"""

from __future__ import annotations

import pytest
from attribution_check import sources_of

CASES = [
    pytest.param("Gunmen killed 23 farmers near the river, the Lower Valley Resistance Committee said. The grassroots "
                 "monitoring group said that 40 more villagers had been wounded.",
                 [("Lower Valley Resistance Committee", None)] * 2,
                 id="fix-a-description-with-another-head-refers-to-the-named-body"),
    pytest.param("Gunmen killed 23 farmers near the river, the Lower Valley Peace Committee said. The grassroots "
                 "monitoring group said that 40 more villagers had been wounded.",
                 [("Lower Valley Peace Committee", None), ("grassroots monitoring group", None)],
                 id="keep-a-group-does-not-describe-a-government-committee"),
    pytest.param("Air raids killed 31 people, the Kivu Observatory for Human Rights said. The monitoring group "
                 "added that 14 children were among the dead.", [("Kivu Observatory for Human Rights", None)] * 2,
                 id="fix-monitoring-group-describes-an-observatory"),
    pytest.param("The Regional Health Ministry said 12 people died. The civil defence service said 30 people were "
                 "wounded.", [("Regional Health Ministry", None), ("civil defence service", None)],
                 id="keep-a-description-that-names-a-kind-is-a-new-body"),
    pytest.param("Magen David Adom said its crews took 18 wounded to hospital. Four of the dead were teenagers, the "
                 "rescue service said.", [("Magen David Adom", None)] * 2,
                 id="fix-rescue-service-describes-magen-david-adom"),
    pytest.param("The provincial governor told reporters that 90 people drowned, well above the Red Cross's first "
                 "estimate that some 40 people had died.", [("provincial governor", None), ("Red Cross", None)],
                 id="fix-a-bodys-estimate-inside-a-sentence-names-it"),
    pytest.param("The provincial governor told reporters that 90 people drowned, and the Red Cross estimates that "
                 "some 40 people had died.", [("provincial governor", None)] * 2,
                 id="keep-estimates-as-a-verb-stays-weak"),
    pytest.param("The Coast Guard said that its cutter reached the ferry and that no injuries were reported by the "
                 "crew or passengers.", [("Coast Guard", None)],
                 id="fix-reported-by-inside-a-statement-is-part-of-it"),
    pytest.param("Four people died in the fire, as reported by the regional fire service.",
                 [("regional fire service", None)], id="keep-reported-by-on-its-own-names-the-source"),
    pytest.param("The Interior Ministry said 9 people were arrested. The aid group said 200 families fled.",
                 [("Interior Ministry", None), ("aid group", None)],
                 id="keep-a-group-does-not-describe-a-ministry"),
    # --- session 3 recall round (dev_period)
    pytest.param("Since the full-scale invasion began on Feb. 24, 2022, the monitor has verified at least 11,743 "
                 "civilian deaths, and says the real number is higher.", [("monitor", None)],
                 id="fix-and-says-subject-after-a-fronted-clause"),
    pytest.param("The minister called it a crime and said 40 people were killed.", [("minister", None)],
                 id="keep-and-said-takes-the-sentence-subject"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attribution_round3(text: str, expected: list[tuple[str | None, str | None]]) -> None:
    assert sources_of(text) == expected
