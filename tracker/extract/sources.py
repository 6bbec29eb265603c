"""Stage 3, sources: from a sentence's attribution cues to each figure's source (spec rules 3, 4, 14, 18).

``attribution.py`` finds the cues on the tokens ("X said", "according to X"); this module resolves them
against the article: a pronoun or definite head ("It said", "The agency added") to the speaker it
continues (``_resolve_cues``, ``_describes``, ``_body_antecedent``), an outlet relaying another's figure
(``_media_relay``), the cue that reaches each figure (``_pick_source``), and the article's own outlet,
which is no source (``_names_outlet``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.extract import attribution as attr
from tracker.extract.sentences import Sentence
from tracker.extract.tables import _Found
from tracker.extract.tokens import Token
from tracker.model import SourceKind
from tracker.rules import Rules


def _resolve_cues(cues: list[attr.Cue], body: str, sent: Sentence, last: attr.Attribution | None,
                  rules: Rules, history: Sequence[attr.Attribution] = ()) -> list[tuple[int, attr.Attribution]]:
    out: list[tuple[int, attr.Attribution]] = []
    for cue in cues:
        # "The military said it counted ...": a pronoun continues the speaker named earlier in the same
        # sentence before it continues the sentence before (spec rules 3, 4)
        antecedent = out[-1][1] if out else last
        if cue.via and antecedent is not None and antecedent.source \
                and cue.source.strip().lower() in rules.continuation_flat:
            # "KRVT, citing the same source, reported ...": the speaker before, relayed by this outlet
            out.append((cue.index, attr.Attribution(antecedent.source, attr.strip_determiner(cue.via, rules),
                                                    antecedent.kind)))
            continue
        if cue.continuation and antecedent is not None and antecedent.source:
            head = attr.strip_determiner(cue.source, rules).lower()
            last_word = head.split()[-1:] if head else []
            if head == "it" and not _is_body(antecedent.source, rules, antecedent.kind):
                # "It also said": an institution, not "Health Minister X" or "officials" quoted in between
                out.append((cue.index, _body_antecedent("it", history, rules) or antecedent))
                continue
            fuller = attr.expand(cue.source, body[: sent.start], rules)
            if not cue.possessive and head not in ("it", "he", "she", "they") and last_word \
                    and fuller.lower() != head and fuller.lower().endswith(last_word[0]) \
                    and not _without_short_name(antecedent.source).lower().endswith(fuller.lower()):
                # "The military later confirmed ...": the body the article named, not "military officials";
                # a speaker whose name holds the fuller name is that body ("the mission" after "the UN Human
                # Rights Monitoring Mission in Ukraine said": the UN mission, with its kind)
                named = next((a for a in (antecedent, *reversed(history))
                              if a.source and fuller.lower() in a.source.lower()), None)
                out.append((cue.index, named or attr.Attribution(fuller, None, attr.classify(fuller, rules))))
                continue
            if head in ("it", "he", "she", "they") or cue.possessive \
                    or any(w in antecedent.source.lower() for w in last_word) \
                    or (last_word and last_word[0] in rules.role_heads) \
                    or (last_word and _plural_of_head(last_word[0], rules) and " and " in antecedent.source):
                # "the Prisoners' Society and the Detainees' Commission said ... The two groups said"
                out.append((cue.index, antecedent))
                continue
            if fuller.lower() == head and last_word and last_word[0] in rules.armed_heads:
                # "The Israeli military said ... The army also said": army and military name the same body
                armed = _body_antecedent(last_word[0], history, rules)
                if armed is not None and armed.kind is SourceKind.MILITARY:
                    out.append((cue.index, armed))
                    continue
            if fuller.lower() == head and last_word and last_word[0] in rules.body_heads:
                # "The agency also said": the latest body named before (not a person quoted in between)
                # a person speaking before is no body: "Health Minister Firass Abiad said ... The ministry's
                # figures rose" names the ministry itself
                body_speaker = _body_antecedent(last_word[0], history, rules) \
                    or _mentioned_body(last_word[0], body[: sent.start], rules) \
                    or (antecedent if _is_body(antecedent.source, rules, antecedent.kind) else None)
                if body_speaker is not None:
                    out.append((cue.index, body_speaker))
                    continue
        if cue.possessive:
            named_body = _mentioned_body("group", body[: sent.start], rules)
            if named_body is not None:
                out.append((cue.index, named_body))  # "Its activists said": the group the article named
                continue
        if antecedent is not None and _describes(cue, antecedent, body[: sent.start], rules):
            out.append((cue.index, antecedent))  # "Magen David Adom said ... The rescue service said"
            continue
        name = attr.expand(cue.source, body[: sent.end], rules, full_body=body)
        if name.lower() in ("it", "he", "she", "they"):
            continue  # a pronoun with no speaker before it names nobody
        via = attr.strip_determiner(cue.via, rules) if cue.via else None
        kind = attr.classify(name, rules)
        if kind in (SourceKind.GOVERNMENT, SourceKind.OFFICIAL_UNNAMED) and name[:1].isupper() \
                and not any(w in rules.institution_heads for w in name.lower().split()) \
                and not any(w in rules.source_heads for w in name.split()):
            # a person's name: their role usually follows the first mention
            # ("Naim Qassem, the deputy chief of Hezbollah")
            first = body.find(name)
            if first >= 0:
                # the role is in the words around the first mention: before it ("The Israeli military's chief
                # spokesman, Rear Admiral X") or in its apposition ("X, the deputy chief of Hezbollah, said"),
                # never in what the person then says ("said the rocket was fired by Hezbollah")
                line_start = max(body.rfind(". ", 0, first), body.rfind("\n", 0, first)) + 1
                before = body[max(line_start, first - 80):first]
                after = re.split(r"[.;\n]| said| says| told| added", body[first + len(name): first + len(name) + 90])[0]
                for ctx in (before, after):
                    ctx_kind = attr.classify("", rules, context=ctx)
                    if ctx_kind is not SourceKind.UNATTRIBUTED and ctx_kind is not SourceKind.GOVERNMENT:
                        kind = ctx_kind
                        break
        out.append((cue.index, attr.Attribution(name, via, kind)))
    weak = {c.index for c in cues if c.weak}
    strong = [c for c in out if c[0] not in weak]
    if strong and len(strong) < len(out):
        # "Israel believes 101 hostages are held ..., Israeli officials said": the speaker is who said it
        out = [(i, a) if i not in weak else (i, _nearest(strong, i)) for i, a in out]
    return out


_SHORT_NAME_AFTER = re.compile(r",\s*[A-Z]{2,}$")


def _without_short_name(source: str) -> str:
    """"U.N. peacekeeping mission, MONUSCO" -> "U.N. peacekeeping mission": the name a later "the mission"
    is compared with (the short name in apposition is kept in the source itself)."""
    return _SHORT_NAME_AFTER.sub("", source)


def _describes(cue: attr.Cue, antecedent: attr.Attribution, before: str, rules: Rules) -> bool:
    """"The rescue service said" right after "Magen David Adom said": a definite description in lower case
    that the article never used before names no new body; it refers back to the speaker before when that
    speaker is a bare proper name of an organisation (no head word of its own, not a person, not a state) and
    either the article introduced it with that head word ("Magen David Adom, Israel's national emergency
    service") or the description names the same kind of body ("the rescue service" after "Lebanese Civil
    Defence": both health authorities). "The health ministry said" after "AFAD said" is a new body."""
    words = cue.source.split()
    if len(words) < 3 or words[0].lower() != "the" or any(w[:1].isupper() or "'" in w or "’" in w
                                                          for w in words[1:]) \
            or words[-1].lower() not in rules.institution_heads:
        return False
    name = " ".join(words[1:])
    head = words[-1].lower()
    source = antecedent.source or ""
    low = source.lower().replace("’", "'").split()
    if not source[:1].isupper() or name.lower() in before.lower() or any(w in rules.person_roles for w in low) \
            or source.lower().endswith(rules.plural_speakers):
        return False
    described = attr.phrase_kind(name, rules)
    # a description that names no kind itself ("the pro-democracy activist group", "the monitoring group")
    # fits a body of a kind its head may describe (context.yaml: describing_heads)
    fits = described is None and antecedent.kind in rules.describing_heads.get(head, frozenset())
    if any(w in rules.institution_heads for w in low):
        # "the Wad Madani Resistance Committee said ... The pro-democracy activist group said": a named body
        # with a head of its own, described by another head; a description that names a kind itself ("the
        # civil defence service" after "the Health Ministry") is a new body
        return head not in low and fits
    known = attr.phrase_kind(source, rules)
    if known is None:
        first = before.find(source)
        intro = re.split(r"[.;\n]", before[first + len(source):first + len(source) + 120])[0] if first >= 0 else ""
        return re.search(rf"\b{re.escape(head)}\b", intro.lower()) is not None
    return known is not SourceKind.GOVERNMENT and (described is known or fits)


_ORG_KINDS = frozenset({SourceKind.NGO, SourceKind.UN_AGENCY, SourceKind.MILITARY, SourceKind.MEDIA,
                        SourceKind.ARMED_GROUP})


def _is_body(source: str, rules: Rules, kind: SourceKind | None = None) -> bool:
    """An institution rather than a person or a plural group of people ("it" refers only to those)."""
    words = source.lower().replace("’", "'").split()
    if kind in _ORG_KINDS and not any(w in rules.person_roles for w in words) \
            and not source.lower().endswith(rules.plural_speakers):
        return True  # "Palestinian Prisoners' Society", "Magen David Adom": named like people, kinded as bodies
    if any(w in rules.person_roles for w in words) or source.lower().endswith(rules.plural_speakers):
        return False
    if any(w in rules.institution_heads for w in words):
        return True
    caps = [w for w in source.split() if w[:1].isupper()]
    return len(words) == 1 or len(caps) != len(words) or len(words) > 3  # "Hezbollah", "UNICEF"; not "Ko Thura"


def _body_antecedent(head: str, history: Sequence[attr.Attribution], rules: Rules) -> attr.Attribution | None:
    """The latest speaker a definite head or "it" refers to.

    Tried in order: a name with the same head word ("the ministry"); for institution words, any
    institution named before ("the agency" after "... Management Authority"); else one of the kind the
    head implies ("the group" -> an armed group or NGO). "It" refers to the latest institution.
    """
    named = [a for a in reversed(history) if a.source]
    if head == "it":
        return next((a for a in named if _is_body(a.source or "", rules, a.kind)), None)
    same = next((a for a in named if head in (a.source or "").lower().split()), None)
    if same is not None:
        return same
    kinds = rules.describing_heads.get(head)
    if kinds:
        kind_match = next((a for a in named if a.kind in kinds and _is_body(a.source or "", rules, a.kind)),
                          None)
        if kind_match is not None:
            return kind_match
    if head in rules.institution_heads and not kinds:
        # heads with a kind ("the group") are resolved from the text instead (see _mentioned_body)
        return next((a for a in named if _is_body(a.source or "", rules) and any(
            w in rules.institution_heads for w in (a.source or "").lower().split())), None)
    return None


def _mentioned_body(head: str, before: str, rules: Rules) -> attr.Attribution | None:
    """"the group said" when the group never spoke before: the latest named armed group or NGO in the text
    (the names of context.yaml's kinds, as capitalised words: "Hezbollah", "the RSF")."""
    kinds = rules.describing_heads.get(head)
    if not kinds:
        return None
    best: tuple[int, str, SourceKind] | None = None
    window = before[-5000:]
    for kind, phrases in rules.source_kinds:
        if kind not in kinds or kind not in (SourceKind.ARMED_GROUP, SourceKind.NGO):
            continue
        for phrase in phrases:
            if len(" ".join(phrase)) < 3:
                continue
            pattern = r"\s".join(re.escape(w) for w in phrase)
            for m in re.finditer(rf"\b{pattern}\b", window, re.IGNORECASE):
                if m.group()[:1].isupper() and (best is None or m.start() > best[0]):
                    best = (m.start(), _whole_name(window, m.start(), m.end()), kind)
    return attr.Attribution(best[1], None, best[2]) if best else None


_NAME_AROUND = re.compile(r"(?:[A-Z][\w'’-]{0,30}\s){0,3}$")


def _whole_name(text: str, start: int, end: int) -> str:
    """The capitalised name a word belongs to: "Society" -> "Palestinian Prisoners' Society"."""
    before = _NAME_AROUND.search(text[max(0, start - 100):start])
    left = before.group() if before else ""
    right = re.match(r"(?:\s[A-Z][\w'’-]{0,30}){0,3}", text[end:end + 100])
    words = (left + text[start:end] + (right.group() if right else "")).split()
    while words and words[0].lower() in ("the", "a", "an", "according", "in", "on", "at"):
        words.pop(0)
    return " ".join(words)


def _nearest(cues: list[tuple[int, attr.Attribution]], index: int) -> attr.Attribution:
    return min(cues, key=lambda c: abs(c[0] - index))[1]


def _name_words(name: str, rules: Rules) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower().replace("’", "'"))
                     if w not in rules.name_stopwords)


def _names_outlet(source: str, outlet: frozenset[str], outlet_name: str, rules: Rules) -> bool:
    """The source is the article's own outlet: every word of the outlet's name is in it ("Health Without Borders
    Alliance (HWBA)" in that alliance's press release, "OCHA field teams" in an OCHA update). An outlet does not
    attribute a figure to itself (spec rule 14: a body's own publication is its own voice).

    A one-word name is too weak a match ("The National" is not the "National Disaster Management Authority"):
    it counts only as an acronym ("OCHA") or with nothing but record words beside it ("Reuters tally").
    """
    words = _name_words(source, rules)
    if len(outlet) >= 2:
        return outlet <= words
    if not outlet <= words:
        return False
    name = outlet_name.strip()
    return (name.isupper() and len(name) >= 2) or words - outlet <= rules.own_record_words


def _plural_of_head(word: str, rules: Rules) -> bool:
    """"groups", "agencies": the plural of an institution head word (speakers joined by "and" before)."""
    return (word.endswith("ies") and word[:-3] + "y" in rules.continuation_heads) or (
        word.endswith("s") and word[:-1] in rules.continuation_heads)


def _speakers_dropped(found: list[_Found], cues: list[attr.Cue]) -> list[_Found]:
    """Figures that are a speaker's own name ("..., two officials and a witness said") are sources, not
    claims (CLAIMS.md: "Not claims: ... sources")."""
    spans = [c.span for c in cues if c.span is not None]
    if not spans:
        return found
    return [f for f in found if not any(s <= f.q_start and f.q_end <= e for s, e in spans)]


# words that may name a speaker in a sentence without figures (who "It said" in the next sentence refers to)
_ATTRIBUTION_HINT = re.compile(r"\b(?:said|says|say|according|reported|told|added|stated|announced|cited|citing|quoted|"
                               r"quoting)\b", re.IGNORECASE)


# a body's record opening a sentence ("The ministry's figures rose sharply over the two days."): it names who a
# following "it gave a toll of eight dead" refers to (attribution._record_cue decides whether it is one)
_RECORD_HINT = re.compile(r"\W{0,3}(?:its|the\s(?:[\w-]{1,30}\s){0,3}[\w-]{1,30}(?:'s|’s|s'|s’))\s", re.IGNORECASE)


def _may_attribute(text: str) -> bool:
    return bool(_ATTRIBUTION_HINT.search(text)) or bool(_RECORD_HINT.match(text))


def _media_relay(cues: list[tuple[int, attr.Attribution]], clauses: list[int],
                 figures: Sequence[int] = (), tokens: Sequence[Token] = ()) -> list[tuple[int, attr.Attribution]]:
    """"The minister said 4,047 were killed, AFP reported": the minister is the source, AFP relays it
    (within one clause: "..., the agency says, and strikes killed 500, according to AFP" is two speakers).

    A later speaker whose verb a number follows ("Hamas-run ministry gives 471 dead, US intelligence says 100 to
    300") states a figure of its own, even one the figure stage does not take: it relays nothing."""
    if len(cues) < 2:
        return cues
    last_index, relay = cues[-1]
    speakers = [c for c in cues[:-1] if c[1].kind is not SourceKind.MEDIA and c[1].source
                and c[0] < len(clauses) and last_index < len(clauses) and clauses[c[0]] == clauses[last_index]]
    # "According to IOM, 160,900 people were still displaced, OCHA said": any body that reports another's
    # figure at the end of the clause relays it, an outlet or not
    if relay.via or not relay.source or not speakers or speakers[-1][0] > last_index \
            or speakers[-1][1].source == relay.source:
        return cues
    if any(f > last_index and f < len(clauses) and clauses[f] == clauses[last_index] for f in figures):
        return cues  # "... where the rescue service reported no injuries": the later speaker has its own figure
    if last_index + 1 < len(tokens) and tokens[last_index + 1].text[:1].isdigit():
        return cues  # "..., US intelligence says 100 to 300": a figure of its own
    speaker = speakers[-1][1]
    relayed = attr.Attribution(speaker.source, speaker.via or relay.source, speaker.kind)
    return [(i, relayed if a is speaker or a is relay else a) for i, a in cues]


def _clause_ids(tokens: list[Token], rules: Rules) -> list[int]:
    """A clause number per token: a new clause after ';', ', and <subject>' or ', while/but'."""
    ids = []
    clause = 0
    for i, t in enumerate(tokens):
        if t.low in rules.clause_breaks and i > 0 and (t.low == ";" or tokens[i - 1].low == ","):
            clause += 1
        elif t.low == "and" and i > 0 and tokens[i - 1].low == "," and i + 1 < len(tokens) \
                and tokens[i + 1].is_word:
            clause += 1  # ", and strikes have killed ...": a new subject and verb
        ids.append(clause)
    return ids


def _pick_source(cues: list[tuple[int, attr.Attribution]], index: int,
                 clauses: list[int] | None = None) -> attr.Attribution:
    """The attribution that reaches a figure: the sentence's own (spec rule 3), from the figure's clause
    when the sentence has several speakers, else the nearest."""
    if not cues:
        return attr.UNATTRIBUTED
    if clauses is not None and len(cues) > 1 and index < len(clauses):
        same = [c for c in cues if c[0] < len(clauses) and clauses[c[0]] == clauses[index]]
        if same:
            return min(same, key=lambda c: abs(c[0] - index))[1]
    return min(cues, key=lambda c: abs(c[0] - index))[1]

