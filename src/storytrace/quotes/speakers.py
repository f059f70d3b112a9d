"""Who said it: the people an article names, and resolving a speaker mention to one of them.

:func:`person_names` finds the names of people: spaCy's PERSON entities less
the one-word ones the article itself contradicts ("talks in Velm"), plus names
the tagger missed (the subject of a verb, or after a role word: "Economist Ada
Vennholt"). :class:`People` merges them by surname ("Maliki" and "al-Maliki"
join "Nouri al-Maliki"; the canonical name is the longest full mention).
:class:`Resolver` walks the parsed article in order and keeps each person's
mentions (whether in subject position), descriptors (the title before the
name, an apposition) and gender (from titles, and from pronouns that had a
single candidate), so "he added" resolves to the most recent person named as
a subject within :data:`WEIGHTS` ``["window"]`` sentences, and "the former
prime minister said" to a person whose descriptors match. What cannot be
resolved gives None, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storytrace.quotes.cues import SAY_CUES
from storytrace.textnorm import fold

#: Particles before a surname that do not make a different name ("al-Maliki" = "Maliki").
_PARTICLES = ("al-", "el-", "ul-", "ad-", "as-", "ash-", "at-", "an-", "bin-", "ibn-")
_TITLES = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "sir": "m", "lady": "f",
           "dr": None, "dr.": None, "prof": None, "prof.": None}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
#: Head nouns of descriptions that stand for a person ("the former prime minister said").
ROLE_NOUNS = frozenset(
    """minister president official spokesman spokeswoman spokesperson senator governor leader candidate chairman
    chairwoman chair secretary director ambassador mayor lawmaker congressman congresswoman general commander chief
    executive analyst expert professor author man woman diplomat envoy king queen prince premier chancellor
    representative rep nominee adviser advisor aide strategist pollster judge attorney lawyer prosecutor sheriff
    economist historian pastor reverend bishop priest imam rabbi engineer surveyor coach captain doctor
    officer manager founder owner host writer columnist economist scientist researcher activist politician
    speaker businessman businesswoman billionaire father mother son daughter wife husband""".split()
)
#: Nouns for people that are not titles: groups and anonymous speakers ("officials said", "protesters chanted").
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    """official aide supporter protester critic voter resident member delegate staffer source people person
    worker student parent citizen activist organizer organiser opponent rival candidate leader colleague friend
    neighbor neighbour farmer fisherman trader resident witness doctor nurse teacher reporter journalist editor
    democrat republican conservative liberal progressive insider observer pundit commentator""".split()
)
_STOP = frozenset("the a an this that former current then late new his her its their of in at for and to".split())


def surname_key(name: str) -> str:
    """The matching key of a name's last word: folded, possessive and particles dropped."""
    last = name.split()[-1] if name.split() else name
    key = fold(last)
    if key.endswith("'s"):
        key = key[:-2]
    key = key.rstrip("'.,")
    for particle in _PARTICLES:
        if key.startswith(particle) and len(key) > len(particle) + 1:
            key = key[len(particle) :]
            break
    return key


def clean_name(text: str) -> str:
    """A PERSON entity's text without a possessive, titles or stray punctuation."""
    text = text.strip().strip(",.;:\"\u201c\u201d")
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    words = text.split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in {t.rstrip(".") for t in _TITLES}:
        words = words[1:]
    return " ".join(words)


@dataclass(slots=True)
class Person:
    """One person an article names."""

    name: str
    key: str
    first: str | None
    gender: str | None = None
    titles: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def offer_name(self, name: str) -> None:
        """Keep the longest full mention as the canonical name."""
        if (len(name.split()), len(name)) > (len(self.name.split()), len(self.name)):
            self.name = name
            if len(name.split()) > 1:
                self.first = fold(name.split()[0])


class People:
    """The persons of one article, merged by surname (and first name when both have one)."""

    def __init__(self) -> None:
        self.persons: list[Person] = []
        self._recent: dict[str, Person] = {}

    def add(self, name: str, start: int, end: int) -> Person | None:
        name = clean_name(name)
        if not name or not any(ch.isalpha() for ch in name):
            return None
        key = surname_key(name)
        words = name.split()
        first = fold(words[0]) if len(words) > 1 else None
        person = self._match(key, first)
        if person is None and first is None:
            person = next((p for p in reversed(self.persons) if p.first == key), None)  # "Hillary" alone
        if person is None:
            person = Person(name=name, key=key, first=first)
            self.persons.append(person)
        else:
            person.offer_name(name)
        person.mentions.append((start, end))
        self._recent[key] = person
        return person

    def _match(self, key: str, first: str | None) -> Person | None:
        same = [p for p in self.persons if p.key == key]
        if not same:
            return None
        if first is None:
            return self._recent.get(key, same[-1])
        for p in reversed(same):
            if p.first is None or p.first == first:
                return p
            if p.first[:1] == first[:1] and (len(first) <= 2 or len(p.first) <= 2):  # "J." and "Jana"
                return p
            if _same_transliteration(p.first, first):
                return p
        return None

    def find(self, text: str) -> Person | None:
        """The person a bare name ("Maliki", "al-Maliki") refers to, if one is known."""
        name = clean_name(text)
        if not name:
            return None
        key = surname_key(name)
        words = name.split()
        return self._match(key, fold(words[0]) if len(words) > 1 else None)


def _same_transliteration(a: str, b: str) -> bool:
    """"Nuri" / "Nouri": the same first name spelled two ways (vowels differ only)."""
    if len(a) <= 2 or len(b) <= 2 or a[0] != b[0]:
        return False
    return [ch for ch in a if ch not in "aeiouy"] == [ch for ch in b if ch not in "aeiouy"]


#: Pronoun resolution: how far back to look (sentences) and what a candidate's last mention is worth.
WEIGHTS = {"window": 8, "subject": 10.0, "gender": 0.0, "near": 0.0, "distance": 0.25, "count": 0.0, "gender_from": 1}


class Resolver:
    """Resolves speaker mentions (names, pronouns, descriptions) in one parsed article."""

    def __init__(self, doc: Any, not_people: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.not_people = not_people  # surname keys of names found to be outlets ("according to Rudaw")
        self.people = People()
        self.token_person: dict[int, Person] = {}
        self._unique = False
        self._build()

    # -- the article walk -------------------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        ent_of: dict[int, Any] = {}
        for ent in person_names(doc):
            if surname_key(clean_name(ent.text) or ent.text) not in self.not_people:
                for i in range(ent.start, ent.end):
                    ent_of[i] = ent
        self._history: list[tuple[int, Person, bool]] = []  # (token index, person, subject position)
        self._sentence_index = _sentence_numbers(doc)
        ents = doc.ents  # built anew on every access: read once
        self.nationalities = {fold(t.text) for ent in ents if ent.label_ == "NORP" for t in ent}
        seen_ents: set[int] = set()
        self._outlet_tokens: set[int] = set()
        for ent in ents if self.not_people else ():  # one name key per entity, not per token
            if surname_key(clean_name(ent.text) or ent.text) in self.not_people:
                self._outlet_tokens.update(range(ent.start, ent.end))
        for token in (doc[i] for i in _walk_indices(doc, ent_of)):
            ent = ent_of.get(token.i)
            if ent is not None:
                if ent.start in seen_ents:
                    continue
                seen_ents.add(ent.start)
                person = self.people.add(ent.text, ent.start_char, ent.end_char)
                if person is None:
                    continue
                for t in ent:
                    self.token_person[t.i] = person
                self._note_titles(person, ent)
                self._history.append((ent.root.i, person, _is_subject(ent.root)))
            elif token.pos_ == "PROPN" and token.ent_type_ not in ("PERSON",):
                person = self.people.find(token.text) if token.text[:1].isupper() and token.i not in self._outlet_tokens else None
                if person is not None and token.ent_type_ in ("", "ORG", "GPE", "NORP") and surname_key(token.text) == person.key:
                    person.mentions.append((token.idx, token.idx + len(token.text)))
                    self.token_person[token.i] = person
                    self._history.append((token.i, person, _is_subject(token)))
            elif token.lower_ in _PRONOUN_GENDER and token.tag_ in ("PRP", "PRP$"):
                person = self._salient(token.i, _PRONOUN_GENDER[token.lower_])
                if person is not None:
                    self.token_person[token.i] = person
                    mode = WEIGHTS["gender_from"]
                    if person.gender is None and (mode == 2 or (mode == 1 and self._unique)):
                        person.gender = _PRONOUN_GENDER[token.lower_]
                    if token.tag_ == "PRP":
                        self._history.append((token.i, person, _is_subject(token)))

    def _note_titles(self, person: Person, ent: Any) -> None:
        doc = self.doc
        root = ent.root
        words: set[str] = set()
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_type_ != "PERSON" and i >= ent.start - 6:
            words.add(fold(doc[i].text))
            i -= 1
        for token in list(doc[max(i, 0) : ent.start]) + list(ent):
            title = fold(token.text)
            if title in _TITLES and _TITLES[title] and person.gender is None:
                person.gender = _TITLES[title]
        for child in root.children:
            if child.dep_ == "appos":
                words.update(fold(t.text) for t in child.subtree)
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            for child in root.head.children:
                if child.dep_ == "attr":
                    words.update(fold(t.text) for t in child.subtree)
        for w in list(words):
            words.update(w.split("-"))
        person.titles.update(t for t in (_title_word(w) for w in words) if t and t not in _STOP)

    def _salient(self, index: int, gender: str | None) -> Person | None:
        """The person a pronoun at token ``index`` most likely refers to, or None when no one is salient enough.

        Candidates are the persons mentioned in the last :data:`WINDOW_SENTENCES`
        sentences whose gender does not contradict the pronoun's. Each scores by
        how it was last mentioned: as a subject (the strongest cue), with a gender
        known to agree, in the same or the previous sentence, and how many times
        in the window; ties go to the most recent.
        """
        sentence = self._sentence_of(index)
        scores: dict[int, tuple[float, int]] = {}
        chosen: dict[int, Person] = {}
        counts: dict[int, int] = {}
        for i, person, subject in reversed(self._history):
            if i >= index:
                continue
            distance = sentence - self._sentence_of(i)
            if distance > WEIGHTS["window"]:
                break
            if gender and person.gender and person.gender != gender:
                continue
            key = id(person)
            counts[key] = counts.get(key, 0) + 1
            score = (
                WEIGHTS["subject"] * subject
                + WEIGHTS["gender"] * (gender is not None and person.gender == gender)
                + WEIGHTS["near"] * (distance <= 1)
                - WEIGHTS["distance"] * distance
            )
            if key not in scores or score > scores[key][0]:
                scores[key] = (score, i)
                chosen[key] = person
        self._unique = len(scores) == 1
        if not scores:
            return None
        best = max(scores, key=lambda k: (scores[k][0] + WEIGHTS["count"] * min(counts[k], 3), scores[k][1]))
        return chosen[best]

    def _sentence_of(self, index: int) -> int:
        return self._sentence_index[index]

    def last_person(self, lo: int, hi: int, subject_only: bool) -> Any | None:
        """The token of the last person mention between token indices ``lo`` and ``hi`` (subjects only if asked)."""
        for i, _, subject in reversed(self._history):
            if lo <= i < hi and (subject or not subject_only):
                return self.doc[i]
        return None

    def person_of(self, token: Any) -> Person | None:
        """The person a name or a personal pronoun token stands for, if known."""
        return self.token_person.get(token.i)

    # -- resolving one mention --------------------------------------------------------------
    def resolve(self, head: Any) -> tuple[Person | None, str]:
        """The person a subject token refers to, and the mention text (``(None, text)`` when unknown)."""
        mention = mention_text(self.doc, head)
        person = self.token_person.get(head.i)
        if person is not None:
            return person, mention
        if head.pos_ == "PROPN" and not head.text.islower():
            found = self.people.find(mention) or self.people.find(head.text)
            return found, mention
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in ROLE_NOUNS:  # the tagger calls "senator" PROPN
            det = [c for c in head.children if c.dep_ in ("det", "poss")]
            if det and fold(det[0].text) in ("the", "this", "that"):
                return self._description(head), mention
        return None, mention

    def _description(self, head: Any) -> Person | None:
        """The person a description ("the former Iraqi prime minister", "the senator") refers to, or None.

        A candidate is a person mentioned earlier whose own descriptors (the
        title before the name, an apposition, "X is a ...") include the
        description's head noun, or at least two of its other words; a
        nationality or a gender in the description that contradicts the
        person's rules them out. Most shared words win, then the most recent.
        With no such candidate the description stays unresolved.
        """
        if head.tag_ in ("NNS", "NNPS"):
            return None  # "the senators": more than one person
        phrase = list(self.doc[head.left_edge.i : head.i + 1])
        words = {_title_word(t.text) for t in phrase} - _STOP - {""}
        key = _title_word(head.text)
        nationality = {fold(t.text) for t in phrase if t.ent_type_ == "NORP"}
        gender = _NOUN_GENDER.get(key)
        best: tuple[int, int] | None = None
        chosen: Person | None = None
        for i, person, _ in self._history:
            if i >= head.i:
                continue
            other_nationality = {w for w in person.titles if w in self.nationalities} - nationality
            if nationality and other_nationality and not (nationality & person.titles):
                continue  # "the Iraqi minister" is not the Russian minister
            if gender and person.gender and person.gender != gender:
                continue
            shared = words & person.titles
            if key not in shared and len(shared) < 2:
                continue
            score = (len(shared), i)
            if best is None or score > best:
                best, chosen = score, person
        return chosen


#: Abbreviated titles and the words they stand for ("Sen. Warren" is "the senator").
_TITLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pres": "president",
    "sec": "secretary", "amb": "ambassador", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant",
    "supt": "superintendent", "insp": "inspector", "prof": "professor", "dr": "doctor", "atty": "attorney",
}
#: Descriptions that say a gender ("the businesswoman").
_NOUN_GENDER = {
    w: g for g, ws in (
        ("m", "man businessman spokesman chairman congressman father son husband brother king prince boy"),
        ("f", "woman businesswoman spokeswoman chairwoman congresswoman mother daughter wife sister queen princess girl"),
    ) for w in ws.split()
}


def _title_word(word: str) -> str:
    """A descriptor in matching form: folded, without a trailing full stop, abbreviations spelled out."""
    word = fold(word).rstrip(".")
    if not word.replace("-", "").isalpha():
        return ""
    return _TITLE_ABBREVIATIONS.get(word, word)


#: Prepositions after which a one-word name is a place ("talks in Velm"), and "to" after a verb of motion.
_PLACE_PREPOSITIONS = frozenset("in at on near from outside inside across into throughout via".split())
_MOTION_VERBS = frozenset("go come travel fly return head move arrive drive sail flee walk march".split())
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _sentence_numbers(doc: Any) -> list[int]:
    """Per token, the number of its sentence (as ``doc.sents`` counts them), from one array read."""
    import numpy as np
    from spacy.attrs import SENT_START

    if not len(doc):
        return []
    starts = doc.to_array([SENT_START]).reshape(-1) == 1
    starts[0] = True
    return (np.cumsum(starts) - 1).tolist()


def _walk_indices(doc: Any, ent_of: dict[int, Any]) -> list[int]:
    """The tokens :meth:`Resolver._build` acts on, in order: person-name tokens, proper nouns that are
    not PERSON entities, and personal pronouns (PRP, PRP$ tags). Read from one array; building a Token
    object for every word of an article cost more than the rest of the walk."""
    import numpy as np
    from spacy.attrs import ENT_TYPE, POS, TAG
    from spacy.symbols import PROPN

    if not len(doc):
        return []
    strings = doc.vocab.strings
    table = doc.to_array([POS, ENT_TYPE, TAG])
    wanted = (table[:, 0] == PROPN) & (table[:, 1] != strings["PERSON"])
    wanted |= np.isin(table[:, 2], [strings["PRP"], strings["PRP$"]])
    if ent_of:
        wanted[np.fromiter(ent_of, dtype=np.int64, count=len(ent_of))] = True
    return np.flatnonzero(wanted).tolist()


def _proper_noun_indices(doc: Any) -> list[int]:
    """Indices of the tokens tagged PROPN, read as one array (far cheaper than a walk over every token)."""
    import numpy as np
    from spacy.attrs import POS
    from spacy.symbols import PROPN

    if not len(doc):
        return []
    return np.flatnonzero(doc.to_array([POS]).reshape(-1) == PROPN).tolist()


def person_names(doc: Any) -> list[Any]:
    """The spans that name people in a parsed doc, in order.

    spaCy's PERSON entities, less the one-word ones the article contradicts
    (the same word labelled a place or an organisation more often than a
    person, or a word standing where places stand: "talks in Velm", "went to
    Velm"), plus two- or three-word proper names the tagger missed that are
    the subject of a verb ("Nadia Orlec was blunt"): invented or rare names
    often get no label, or a wrong one.
    """
    from collections import Counter

    votes: Counter[tuple[str, str]] = Counter()
    for ent in doc.ents:
        kind = "person" if ent.label_ == "PERSON" else "place" if ent.label_ in _PLACE_LABELS or ent.label_ == "ORG" else ""
        if kind:
            votes[(surname_key(ent.text), kind)] += 1
    names = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        if len(ent) == 1:
            key = surname_key(ent.text)
            if votes[(key, "place")] > votes[(key, "person")] or _where_places_stand(ent.root):
                continue
        names.append(ent)
    named = {i for ent in names for i in range(ent.start, ent.end)}
    proper = [doc[i] for i in _proper_noun_indices(doc)]  # both walks below only stop at proper nouns
    for token in proper:  # "Economist Ada Vennholt": a name after a role word, whatever label the tagger gave it
        if token.dep_ != "compound" and token.i not in named:
            span = _titled_name(doc, token)
            if span is not None and not any(t.i in named for t in span):
                names.append(span)
                named.update(range(span.start, span.end))
    taken = {i for ent in doc.ents if ent.label_ not in ("PERSON", "NORP") for i in range(ent.start, ent.end)} | named
    for token in proper:
        if token.i in taken or not (token.dep_ in ("nsubj", "nsubjpass") or _is_subject(token)):
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" and token.i - start < 2:
            start -= 1
        span = doc[start : token.i + 1]
        if len(span) >= 2 and all(_name_word(t) for t in span) and not any(t.i in taken for t in span):
            names.append(span)
    return sorted(names, key=lambda span: span.start)


def _titled_name(doc: Any, head: Any) -> Any | None:
    """The name in "Mayor Jessa Orlund", "Sen. Corvin Haldane": proper nouns after a role word or a title."""
    start = head.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i and doc[start - 1].pos_ == "PROPN" \
            and _title_word(doc[start - 1].text) not in ROLE_NOUNS:
        start -= 1
    before = doc[start - 1] if start > 0 else None
    if before is None or before.head.i != head.i or before.dep_ != "compound":
        return None
    if _title_word(before.text) not in ROLE_NOUNS and before.lemma_.lower() not in ROLE_NOUNS:
        return None
    span = doc[start : head.i + 1]
    return span if all(_name_word(t) for t in span) else None


def _name_word(token: Any) -> bool:
    word = token.text.replace("-", "").replace("\u2019", "").replace("'", "")
    return word.isalpha() and token.text[:1].isupper() and not token.text.isupper() and not token.is_stop


def _where_places_stand(token: Any) -> bool:
    """A one-word name as the object of "in", "at", "from" ... or of "to" after a verb of motion."""
    head = token.head
    if token.dep_ != "pobj" or head.dep_ != "prep":
        return False
    if head.lower_ in _PLACE_PREPOSITIONS:
        return True
    return head.lower_ == "to" and head.head.lemma_.lower() in _MOTION_VERBS


def _is_subject(token: Any) -> bool:
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    head = token.head
    # "..., said Maliki": an inverted subject the parser took for an object.
    if token.dep_ in ("dobj", "attr", "npadvmod", "appos", "conj") and head.lemma_ in SAY_CUES and head.i < token.i:
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    return False


def mention_text(doc: Any, head: Any) -> str:
    """The words naming the speaker: the noun phrase up to its head, or the whole PERSON name."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod") and child.i < start:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    if head.ent_type_:
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
    span = doc[start:end]
    text = span.text.strip(" ,;:\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
    return text or head.text
