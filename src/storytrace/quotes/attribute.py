"""From quote spans to attributed quotes: the cue verb, its subject, the speaker.

For each quotation the reporter's words around it are searched for a cue:
after the closing mark (“...,” Maliki said; after a comma any verb whose
subject is a person: “...,” Toomey fumed) unless the quote ended its
sentence, then before the opening mark (Maliki said: “...”; Trump issued a
statement, “...”). A subject the parser took from inside the quote is
replaced by the person named in the speech tag. A partial quote ("called for
“visible presence”") is attributed through the parse: the nearest speech
verb above it whose subject is a person, else the best-ranked other verb
(:data:`_RANKS`). A quote with no cue of its own takes the attribution of its
neighbour in the paragraph (the two halves of a quote split around "he
said"), else the speech verb of the sentence before it. Reported speech
without quote marks ("X said that ...") becomes an ``indirect`` quote.
Places, nationalities and outlets are never named as speakers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Any

from storytrace.quotes.citations import looks_like_outlet, source_key
from storytrace.quotes.cues import (
    INDIRECT_LEMMAS,
    NOT_SPEAKER_ENTS,
    OUTLET_CUES,
    is_cue,
    subject_of,
)
from storytrace.quotes.extract import (
    ALL_MARKS,
    QuoteSpan,
    ends_sentence,
    paragraphs,
    quote_kind,
)
from storytrace.quotes.nlp import cue_indices
from storytrace.quotes.records import Quote
from storytrace.quotes.speakers import PERSON_NOUNS, Resolver, clean_name

_NON_SPEAKERS = frozenset({"i", "we", "you", "it", "they", "this", "that", "which", "who", "there", "one"})
#: Through the parse, candidates rank by (speech verb?, kind of subject): 0 is taken at once, then the lowest.
_RANKS = {
    (True, "person"): 0, (True, "source"): 1, (True, "other"): 2,
    (False, "person"): 3, (False, "source"): 4, (False, "other"): 5,
}
_RANK_NAMES = {0: "parse-cue", 1: "parse-cue-source", 2: "parse-cue-other", 3: "parse-noncue", 4: "parse-noncue-source", 5: "parse-noncue-other"}
#: Nouns for organisations and documents that are reported as saying things ("the ad says", "the report found").
SOURCE_NOUNS = frozenset(
    """ad advertisement report statement letter poll survey study post editorial memo release video tweet website
    email document filing complaint lawsuit campaign group organization organisation committee council government
    administration agency department ministry office party company firm court board commission union coalition
    newspaper magazine network station paper outlet article column book memoir transcript speech message note
    sign banner petition resolution platform ruling order indictment affidavit record""".split()
)
#: How far after a quote its speech tag's verb may be ("," + name of up to a few words + verb).
TAG_WORDS = 6
_RELATIVE = frozenset({"who", "whom", "that", "which"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "him", "her", "them", "me", "us"})


@dataclass(slots=True)
class Attribution:
    cue: Any  # the cue token (a verb, or "according"); another token when a quote is attributed by position
    subject: Any | None  # the token that names the speaker
    via: str = ""  # which rule found it (for error analysis)


class Attributor:
    """Attributes the quotations of one parsed article."""

    def __init__(self, doc: Any, article_id: str, resolver: Resolver, outlets: set[str], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # ``text``: what the doc was parsed from (doc.text rebuilds it)
        self.article_id = article_id
        self.resolver = resolver
        self.outlets = outlets
        from spacy.attrs import IDX

        self.starts = doc.to_array([IDX]).reshape(-1).tolist() if len(doc) else []  # one array read, not a Token per word
        self.paras = paragraphs(self.text)
        self.quote_starts: list[int] = []
        self.quote_ends: list[int] = []

    # -- token helpers ----------------------------------------------------------------------
    def tokens_between(self, lo: int, hi: int) -> list[Any]:
        """Tokens starting in ``[lo, hi)``."""
        return [self.doc[i] for i in range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))]

    def token_at(self, offset: int) -> Any | None:
        i = bisect_right(self.starts, offset) - 1
        return self.doc[i] if i >= 0 else None

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        for lo, hi in self.paras:
            if lo <= offset < hi or offset == hi:
                return lo, hi
        return 0, len(self.text)

    # -- quotes -----------------------------------------------------------------------------
    def quotes(self, spans: list[QuoteSpan]) -> list[Quote]:
        self.quote_starts = [s.open_at for s in spans]
        self.quote_ends = [s.close_at for s in spans]
        attributions: list[Attribution | None] = []
        kinds: list[str] = []
        for index, span in enumerate(spans):
            prev_close = spans[index - 1].close_at + 1 if index else 0
            next_open = spans[index + 1].open_at if index + 1 < len(spans) else len(self.text)
            kind = quote_kind(self.text, span)
            kinds.append(kind)
            attributions.append(self._attribute(span, kind, prev_close, next_open))
        self._share_split_attributions(spans, attributions, kinds)
        out: list[Quote] = []
        for span, kind, attribution in zip(spans, kinds, attributions):
            words = self.text[span.start : span.end]
            if not any(ch.isalpha() for ch in words):
                continue  # dates, numbers, handles
            if _title_case(words):
                continue  # “Good Morning America”: the title of a show, a book, a slogan
            if attribution is None and (kind == "partial" or _few_words(words)):
                continue  # scare quotes, titles, nicknames: quoted words nobody is reported to have said
            quote = Quote("", self.article_id, self.text[span.start : span.end], span.start, span.end, kind)
            self._fill_speaker(quote, attribution)
            if kind == "partial" and quote.speaker_mention is None:
                continue  # "the so-called “green corridor”": a verb, but no one who said it
            out.append(quote)
        return out

    def _attribute(self, span: QuoteSpan, kind: str, prev_close: int, next_open: int) -> Attribution | None:
        if kind == "partial":
            return self._through_parse(span) or self._before(span, prev_close) or self._after(span, next_open)
        return self._after(span, next_open) or self._before(span, prev_close) or self._introduced(span)

    def _after(self, span: QuoteSpan, next_open: int) -> Attribution | None:
        if ends_sentence(self.text, span):
            return self._tag_after_full_stop(span, next_open)
        _, hi = self.paragraph_of(span.close_at)
        tokens = self.tokens_between(span.close_at + 1, min(hi, next_open))
        if not tokens:
            return None
        sentence_end = tokens[0].sent.end
        tokens = [t for t in tokens if t.i < sentence_end]
        for token in tokens:
            if is_cue(token):
                return Attribution(token, self._speaker_of(token, tokens), "after")
        return self._speech_tag(tokens)

    def _speech_tag(self, tokens: list[Any]) -> Attribution | None:
        """“...,” Toomey fumed. / “...,” pressed Hannity. — right after a quote that ends with a comma, the
        first verb is the speech verb whatever it is, when a person it names is its subject (within a few words)."""
        for token in tokens[:TAG_WORDS]:
            if token.pos_ == "VERB":
                subject = self._speaker_of(token, tokens[: token.i - tokens[0].i + 3])
                if subject is not None and not self._inside_quote(subject.idx) and self._person_like(subject):
                    return Attribution(token, subject, "speech-tag")
                return None
            if token.is_punct and token.text not in ",":
                return None
        return None

    def _tag_after_full_stop(self, span: QuoteSpan, next_open: int) -> Attribution | None:
        """“Who knows?” Tam Orr, the mayor, told reporters. — a speech tag after a quote that ended its sentence.

        The tag is the words up to the next full stop, and its cue must come
        before any other verb (“…” Orr said that … starts a new statement, and
        so does “…” The city voted …).
        """
        _, hi = self.paragraph_of(span.close_at)
        tokens = self.tokens_between(span.close_at + 1, min(hi, next_open))
        for token in tokens:
            if token.is_punct and token.text in ".!?":
                return None
            if is_cue(token) and token.lower_ != "according":
                if any(c.dep_ in ("ccomp", "xcomp") and c.i > token.i for c in token.children):
                    return None
                subject = self._speaker_of(token, tokens)
                if subject is not None and subject.idx > span.close_at and (subject.pos_ in ("PROPN", "PRON") or subject.ent_type_):
                    return Attribution(token, subject, "tag-after-stop")
                return None
            if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("acl", "relcl", "amod", "advcl"):
                return None  # another clause: the words after the quote are not its tag
        return None

    def _subject(self, cue: Any) -> Any | None:
        """The cue's subject (:func:`.cues.subject_of`); when the parser gave it none, the first person named as a
        subject earlier in its sentence ("Orr, who sits on the board, said ...": the parse hangs Orr on "sits")."""
        subject = subject_of(cue)
        if subject is not None or is_cue(cue) is False:
            return subject
        for token in cue.sent:
            if token.i >= cue.i:
                break
            if token.dep_ in ("nsubj", "nsubjpass") and self._person_like(token) and token.lower_ not in _RELATIVE:
                return token
        return None

    def _speaker_of(self, cue: Any, tag: list[Any]) -> Any | None:
        """The cue's subject, unless the parser took it from inside a quote (“We ...,” Ramos told AFP): then
        the person named in the speech tag ``tag`` (the words between the quote and the cue)."""
        subject = self._subject(cue)
        if subject is not None and not self._inside_quote(subject.idx):
            return subject
        for token in tag:
            if token.i != cue.i and self.resolver.person_of(token) is not None and not self._inside_quote(token.idx):
                return token
        for token in tag:  # a name the tagger did not take for a person
            if token.i != cue.i and token.pos_ == "PROPN" and token.dep_ != "compound" and token.ent_type_ in ("", "PERSON", "NORP"):
                return token
        return subject

    def _inside_quote(self, offset: int) -> bool:
        i = bisect_right(self.quote_starts, offset) - 1
        return i >= 0 and offset < self.quote_ends[i]

    def _before(self, span: QuoteSpan, prev_close: int) -> Attribution | None:
        lo, _ = self.paragraph_of(span.open_at)
        i = span.open_at - 1
        while i >= lo and self.text[i].isspace():
            i -= 1
        if i < lo or self.text[i] in ".!?":
            return None
        before = self.token_at(i)
        if before is None:
            return None
        start = max(before.sent.start_char, lo, prev_close)
        tokens = self.tokens_between(start, span.open_at)
        for token in reversed(tokens):
            if is_cue(token):
                return Attribution(token, self._speaker_of(token, tokens), "before")
        if self.text[i] in ":," and tokens:
            return self._introducing_clause(tokens, colon=self.text[i] == ":")
        return None

    def _introducing_clause(self, tokens: list[Any], colon: bool) -> Attribution | None:
        """A clause that leads into a quote with a colon or a comma but no speech verb: "Trump issued a
        statement, “...”" (the subject of its main verb, a person or a source), or "... doesn't surprise
        pollster Dana Whit: “...”" and "From the report: “...”" (after a colon, the last person or source named)."""
        for verb in reversed(tokens):
            if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "acl", "relcl", "xcomp", "aux", "auxpass"):
                continue
            subject = self._subject(verb)
            if subject is not None and tokens[0].i <= subject.i < verb.i and self._speaker_kind(subject) != "other":
                return Attribution(verb, subject, "clause")
            break  # the clause's own verb names no one: no guess from an earlier one
        if not colon:
            return None
        person = self.resolver.last_person(tokens[0].i, tokens[-1].i + 1, subject_only=False)
        if person is not None:
            return Attribution(tokens[-1], person, "colon")
        for token in reversed(tokens):
            if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("pobj", "nsubj", "ROOT", "appos", "dobj") and self._speaker_kind(token) == "source":
                return Attribution(tokens[-1], token, "colon")
        return None

    def _through_parse(self, span: QuoteSpan) -> Attribution | None:
        """The verbs outside the quote that the quoted words hang from, nearest first.

        The nearest speech verb whose subject is a person wins; then the nearest
        speech verb with any subject ("the ad says"); then the nearest other verb
        whose subject is a person ("Orr vowed to “fight on”"); then any subject
        ("the plan is “a disaster”": a mention, but no one to name as the speaker).
        """
        inside = self.tokens_between(span.start, span.end)
        if not inside:
            return None
        token = next((t for t in inside if not (span.open_at <= t.head.idx < span.close_at)), inside[0])
        found: dict[int, Attribution] = {}  # rank -> the nearest attribution of that rank
        for _ in range(12):
            if token.head is token:
                break
            token = token.head
            if span.open_at <= token.idx < span.close_at:
                continue
            if token.pos_ not in ("VERB", "AUX"):
                continue
            subject = self._subject(token)
            if subject is None or self._inside_quote(subject.idx) or subject.ent_type_ in NOT_SPEAKER_ENTS:
                continue
            cue = is_cue(token)
            rank = _RANKS[(cue, self._speaker_kind(subject))]
            if rank == 0:
                return Attribution(token, subject, "parse-cue")
            found.setdefault(rank, Attribution(token, subject, _RANK_NAMES[rank]))
        return found[min(found)] if found else None

    def _speaker_kind(self, token: Any) -> str:
        """``person``, ``source`` (an organisation, an outlet, a document: "the ad says") or ``other``."""
        if self._person_like(token):
            return "person"
        if token.ent_type_ in ("ORG", "PERSON") or token.pos_ == "PROPN" or token.lemma_.lower() in SOURCE_NOUNS:
            return "source"
        return "other"

    def _person_like(self, token: Any) -> bool:
        """Whether a subject names a person: a known person, a personal pronoun, a role or a group of people."""
        if self.resolver.person_of(token) is not None or token.ent_type_ == "PERSON":
            return True
        if token.pos_ == "PRON":
            return token.lower_ in _PERSONAL
        return token.pos_ == "NOUN" and token.lemma_.lower() in PERSON_NOUNS

    def _introduced(self, span: QuoteSpan) -> Attribution | None:
        """A quote opening a paragraph after one that ends "..., X said:" or "X stated the following,"."""
        lo, _ = self.paragraph_of(span.open_at)
        if self.text[lo:span.open_at].strip():
            return None
        earlier = [p for p in self.paras if p[1] <= lo]
        if not earlier:
            return None
        plo, phi = earlier[-1]
        last = self.text[plo:phi].rstrip()
        if not last or last[-1] not in ":,":
            return None
        tokens = self.tokens_between(plo, phi)
        if not tokens:
            return None
        sentence = tokens[-1].sent
        for token in reversed([t for t in tokens if t.i >= sentence.start]):
            if is_cue(token):
                return Attribution(token, self._subject(token), "introduced")
        return None

    def _share_split_attributions(
        self, spans: list[QuoteSpan], attributions: list[Attribution | None], kinds: list[str]
    ) -> None:
        """A direct quote with no cue takes its paragraph neighbour's (“A,” he said. “B.”).

        The neighbour may be a partial quote attributed by a speech verb (Orr
        called it “a start,” he said. “B.”); one attributed only through an
        ordinary verb lends nothing. Failing a neighbour, a quote that opens a
        sentence takes the speech verb of the sentence before it in the
        paragraph (Ada Venn agreed. “B.”).
        """
        donors = [a is not None and (kinds[k] == "direct" or _by_cue(a)) for k, a in enumerate(attributions)]
        for index, span in enumerate(spans):
            if attributions[index] is not None or kinds[index] != "direct":
                continue
            para = self.paragraph_of(span.open_at)
            same = [
                o for o in range(len(spans))
                if o != index and para in (self.paragraph_of(spans[o].open_at), self.paragraph_of(spans[o].close_at))
                and donors[o]
            ]
            # The nearest quote before it in the paragraph, else the nearest after it
            # (a title quoted in between, “State of the Union”, does not break the pair).
            before = [o for o in same if o < index]
            after = [o for o in same if o > index]
            if before or after:
                shared = attributions[before[-1] if before else after[0]]
                attributions[index] = replace(shared, via=f"split-{shared.via}") if shared else None
            else:
                attributions[index] = self._sentence_before(span)
        # A paragraph that is all quotation continues the speaker of the quote just before it
        # (the newspaper convention for a speech quoted over several paragraphs).
        for index, span in enumerate(spans):
            if attributions[index] is not None or kinds[index] != "direct":
                continue
            lo, hi = self.paragraph_of(span.open_at)
            if self.text[lo : span.open_at].strip() or self.text[span.close_at + 1 : hi].strip(" \t\u201d\"").strip():
                continue
            previous = self.paragraph_of(spans[index - 1].close_at) if index else None
            earlier = [p for p in self.paras if p[1] <= lo]
            if earlier and previous == earlier[-1] and attributions[index - 1] is not None:
                attributions[index] = replace(attributions[index - 1], via=f"continued-{attributions[index - 1].via}")
            elif earlier and not any(
                earlier[-1][0] <= s.open_at < earlier[-1][1] and k == "direct" for s, k in zip(spans, kinds)
            ):
                # After a paragraph about someone ("Tam Rivo praised the plan."), a lone quote is theirs.
                plo, phi = earlier[-1]
                tokens = self.tokens_between(plo, phi)
                if tokens:
                    person = self.resolver.last_person(tokens[0].i, tokens[-1].i + 1, subject_only=True)
                    if person is not None:
                        attributions[index] = Attribution(person, person, "para-person")

    def _sentence_before(self, span: QuoteSpan) -> Attribution | None:
        """Ada Venn agreed. “...” — the speech verb of the sentence just before a quote that opens a sentence."""
        lo, _ = self.paragraph_of(span.open_at)
        first = self.token_at(span.open_at)
        if first is None or first.sent.start_char < lo or first.i != first.sent.start:
            return None
        previous = self.doc[first.sent.start - 1].sent if first.sent.start > 0 else None
        if previous is None or previous.start_char < lo or self._inside_quote(previous.start_char):
            return None
        for token in previous:
            if is_cue(token) and token.dep_ == "ROOT":
                subject = self._speaker_of(token, [])
                if subject is not None and not self._inside_quote(subject.idx) and self._person_like(subject):
                    return Attribution(token, subject, "sentence-before")
        return None

    def _fill_speaker(self, quote: Quote, attribution: Attribution | None) -> None:
        if attribution is None:
            return
        cue = attribution.cue
        if is_cue(cue):
            quote.cue = "according to" if cue.lower_ == "according" else cue.text
        subject = attribution.subject
        if subject is None:
            return
        person, mention = self.resolver.resolve(subject)
        quote.speaker_mention = mention
        if person is not None:
            quote.speaker = person.name
            return
        if subject.lower_ in _NON_SPEAKERS or subject.pos_ == "PRON" or subject.ent_type_ in NOT_SPEAKER_ENTS:
            return
        # An organisation may be named as the speaker ("the DNC said"); a place, a nationality or an
        # outlet is not ("Iraq said" is a government's words, "TASS reported" a cited source).
        if subject.ent_type_ in ("ORG", "PERSON") or (subject.pos_ == "PROPN" and subject.ent_type_ == ""):
            name = clean_name(mention)
            if name.lower().startswith("the "):
                name = name[4:]
            outlet = cue.lemma_.lower() in OUTLET_CUES or source_key(name) in self.outlets or looks_like_outlet(subject)
            if not outlet and name[:1].isupper():
                quote.speaker = name

    # -- indirect speech ----------------------------------------------------------------------
    def indirect(self, spans: list[QuoteSpan]) -> list[Quote]:
        out: list[Quote] = []
        for token in (self.doc[i] for i in cue_indices(self.doc, INDIRECT_LEMMAS)):
            if any(s.open_at <= token.idx < s.close_at for s in spans):
                continue
            clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
            if clause is None:
                continue
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.lower_ in ("that", "whether", "if") and t.i <= clause.i)]
            if len(words) < 3:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            body = self.text[start:end]
            if any(ch in ALL_MARKS for ch in body) or "\n" in body:
                continue
            while end > start and self.text[end - 1] in ".,;: ":
                end -= 1
            quote = Quote("", self.article_id, self.text[start:end], start, end, "indirect")
            self._fill_speaker(quote, Attribution(token, self._subject(token), "indirect"))
            if quote.speaker_mention is None:
                continue  # "it was said that ...": no one to attribute it to
            out.append(quote)
        return out


_MINOR_WORDS = frozenset("a an the and or but of in on at to for by with from as is are be not nor vs".split())


def _title_case(text: str, max_words: int = 8) -> bool:
    """“Orange Is the New Black”, “Good Morning America”: a title, not something said (two to eight words)."""
    words = [w.strip("\"'.,:;!?()[]") for w in text.split()]
    words = [w for w in words if w]
    if not 2 <= len(words) <= max_words:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS or w is words[0]]
    return all(w[:1].isupper() or not w[:1].isalpha() for w in major)


def _few_words(text: str, minimum: int = 4) -> bool:
    """Fewer than ``minimum`` words (a title or a scare-quoted phrase rather than something said)."""
    return sum(1 for w in text.split() if any(ch.isalpha() for ch in w)) < minimum


def _by_cue(attribution: Attribution) -> bool:
    """Whether an attribution rests on a speech verb (not on an ordinary verb or on position alone)."""
    return attribution.via in ("parse-cue", "parse-cue-source", "after", "before", "tag-after-stop", "speech-tag", "introduced") and is_cue(attribution.cue)
