"""Golden table for attribution, second helper round: pronouns, appositions, chains, possessive tallies, own voice.

Each case is (text, [(source, via) per claim]); ``fix-...`` ids name the error they fix, the others are
counter-cases that must keep their answer.
"""

from __future__ import annotations

import datetime as dt

import pytest
from attribution_check import sources_of

from tracker.extract.claims import extract_claims
from tracker.model import Article

CASES = [
    pytest.param("The Kenyan police say the curfew will hold until protesters who, they say, burned a depot are "
                 "caught. They said 9 officers were hurt.", [("Kenyan police", None)],
                 id="fix-pronoun-in-a-sentence-without-figures-refers-to-its-own-speaker"),
    pytest.param("A relief coalition said 300 families had fled. The coastguard said the storm eased. It said 4 boats "
                 "sank and 2 fishermen drowned.", [("relief coalition", None), ("coastguard", None)],
                 id="pronoun-after-a-sentence-with-one-speaker-still-refers-to-it"),
    pytest.param("The African Union force, AUSSOM, said 6 of its soldiers died. No civilians were hurt, the force "
                 "said.", [("African Union force, AUSSOM", None)] * 2, id="fix-acronym-in-apposition-joins-the-name"),
    pytest.param("The ministry, however, said 5 people died.", [("ministry", None)],
                 id="a-lower-case-word-between-commas-is-no-short-name"),
    pytest.param("The UN Children's Emergency Fund (UNCEF) opened camps. UNCEF said 8,000 people had fled.",
                 [("UN Children's Emergency Fund (UNCEF)", None)],
                 id="fix-expanded-short-name-keeps-a-leading-un"),
    pytest.param("According to the Disaster Relief Office (DRO), 40 people died. DRO said 3 more died.",
                 [("Disaster Relief Office", None), ("Disaster Relief Office (DRO)", None)],
                 id="expanded-short-name-still-drops-according-to-the"),
    pytest.param("A hospital source told local radio KWXY that the gunman fired 30 rounds. KWXY, citing the same "
                 "source, reported that three nurses were among the wounded.", [("hospital source", "KWXY")],
                 id="fix-citing-the-same-source-names-the-speaker-before"),
    pytest.param("A hospital source told KWXY that the gunman fired 30 rounds. KWXY, citing a police source, "
                 "reported that three nurses were among the wounded.", [("police source", "KWXY")],
                 id="citing-a-new-source-names-that-source"),
    pytest.param("Nearly 7,000 people fled, when the army added towns further from the front, the regional office "
                 "said. The Ukrainian military said 300 drones were launched. Drones killed 9 soldiers, the army said.",
                 [("regional office", None), ("Ukrainian military", None), ("Ukrainian military", None)],
                 id="fix-added-with-a-plain-object-is-no-report"),
    pytest.param("The agency added refugees were among 40 people killed.", [("agency", None)],
                 id="added-with-a-clause-after-it-is-a-report"),
    pytest.param("Shelling killed 12 people, the agency added.", [("agency", None)],
                 id="added-at-the-end-is-a-report"),
    pytest.param("Floods swept the delta overnight, the disaster agency said. Its running count now stands at 61 "
                 "people dead since the rains began.", [("disaster agency", None)],
                 id="fix-its-count-continues-the-body-named-before"),
    pytest.param("Mortars hit the market. The relief agency's latest figures show 1,400 people have fled.",
                 [("relief agency", None)], id="fix-the-bodys-own-figures-name-it"),
    pytest.param("The agency said talks would resume. Bangui's death toll stands at 30.", [(None, None)],
                 id="a-places-toll-names-no-one"),
    pytest.param("The agency said talks would resume. Its toll on farmers, with 40 people dead, is rising.",
                 [(None, None)], id="its-toll-on-someone-names-no-one"),
    pytest.param("Aid workers in Kadugli registered some 2,100 newly displaced families last week.",
                 [("Aid workers in Kadugli", None)], id="fix-registered-names-who-counted"),
    pytest.param("Aid workers in Kadugli registered some 2,100 displaced families, local officials said.",
                 [("local officials", None)], id="a-plain-said-outranks-registered"),
    pytest.param("The number of people registered in the province's shelters reached 5,300.", [(None, None)],
                 id="fix-people-registered-inside-a-toll-is-no-speaker"),
    pytest.param("Amara Diallo, director of the West African health network, WAHN, wrote that 64 nurses had died.",
                 [("Amara Diallo", None)], id="fix-person-before-a-role-and-a-short-name-speaks"),
    pytest.param("Some 12,000 people fled the coast after the storm hit on Oct. 3, the UN migration agency, IOM, "
                 "said.", [("UN migration agency, IOM", None)], id="a-date-before-a-body-with-its-short-name"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attribution_sequel(text: str, expected: list[tuple[str | None, str | None]]) -> None:
    assert sources_of(text) == expected


OWN_VOICE = [
    pytest.param("Lakeside Relief Network", "More than 9,000 people have fled to the camps, Lakeside Relief Network "
                 "(LRN) said today.", [(None, None)], id="fix-the-outlets-own-release-is-its-own-voice"),
    pytest.param("OCHA", "OCHA field teams in the valley counted some 700 displaced families.",
                 [(None, None)], id="fix-the-outlets-own-teams-are-its-own-voice"),
    pytest.param("Lakeside Relief Network", "The health ministry said 12 people died. Lakeside Relief Network's "
                 "director, Ana Ruiz, said 30 people were wounded.", [("health ministry", None),
                                                                        ("Ana Ruiz", None)],
                 id="another-body-and-the-outlets-named-staff-keep-their-source"),
    pytest.param("Valley Courier", "At least 14 people drowned, the Relief Network said.",
                 [("Relief Network", None)], id="a-body-sharing-one-word-with-the-outlet-is-not-the-outlet"),
    # review finding: a one-word outlet name is too weak to match a longer body's name
    pytest.param("The National", "The National Disaster Management Authority said 12 people died.",
                 [("National Disaster Management Authority", None)], id="keep-one-word-outlet-inside-a-body-name"),
    pytest.param("Reuters", "At least 40 people have been killed, according to a Reuters tally.",
                 [(None, None)], id="fix-one-word-outlet-with-its-own-tally"),
]


@pytest.mark.parametrize(("outlet", "text", "expected"), OWN_VOICE)
def test_own_voice(outlet: str, text: str, expected: list[tuple[str | None, str | None]]) -> None:
    """Spec rule 14: a body's own publication (its outlet is the body) states figures in its own voice."""
    claims = extract_claims(Article("t", text, outlet=outlet, published=dt.date(2024, 10, 15)))
    assert [(c.source, c.via) for c in claims] == expected


def test_last_speaker_scan_stops_at_the_first_named_speaker() -> None:
    """Review finding: in a sentence without figures only the last speaker is needed; a continuing description
    ("the ministry said") must end the backward scan, or 100 of them expand 100 names over a 20 KB window."""
    from tracker.extract.attribution import find_cues
    from tracker.extract.tokens import tokenize
    from tracker.rules import load_rules

    text = "the ministry said " * 100
    cues = find_cues(tokenize(text), text, 0, load_rules(), last_only=True)
    assert len(cues) == 1
