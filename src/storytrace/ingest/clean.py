"""Cleaning plain-text articles: small named rules, every removal kept.

:class:`CleanBoilerplate` applies the rules of :mod:`storytrace.ingest.rules`
in order. Each rule sees the text as the previous one left it, returns
edits, and the stage applies them with :func:`~storytrace.stage.apply_edits`,
so every removed line is recorded in ``article.removed`` with the rule's name
and its span in the raw input (datatrove's "dropped items are written out,
never silently lost").

What a rule removed is also kept, as clean text, in
``article.meta[EVIDENCE_KEY]`` (rule name -> removed texts, in order): a
byline, a "Source:" footer or a breadcrumb is boilerplate in the body but
evidence for the metadata stage, which reads it from there.
"""

from __future__ import annotations

from collections.abc import Sequence

from storytrace.ingest.print_repair import PRINT_FLAG  # set on pages RepairPrint unwrapped
from storytrace.ingest.rules import PRINT_RULES, TEXT_RULES, Rule
from storytrace.ingest.rules.layout import lines_are_paragraphs, paragraph_breaks
from storytrace.models import Article
from storytrace.stage import ArticleStage, apply_edits

#: ``article.meta`` key of the texts the rules removed, by rule name (read by ExtractMetadata).
EVIDENCE_KEY = "cleaning_evidence"

#: ``Article.format`` values of pages extracted from print, which get :data:`PRINT_RULES` too.
PRINT_FORMATS = frozenset({"pdf", "print"})




def is_print(article: Article) -> bool:
    """Whether ``article`` comes from a printed page: its format, or RepairPrint's flag."""
    return article.format in PRINT_FORMATS or bool(article.meta.get(PRINT_FLAG))


def evidence_of(article: Article) -> dict[str, list[str]]:
    """A fresh copy of the texts cleaning removed from ``article``, by rule name."""
    return {rule: list(texts) for rule, texts in article.meta.get(EVIDENCE_KEY, {}).items()}


def apply_rule(article: Article, rule: Rule, evidence: dict[str, list[str]]) -> Article:
    """Apply one rule to ``article``: removals recorded, their clean text added to ``evidence``."""
    edits = rule(article.text)
    for edit in edits:
        evidence.setdefault(edit.rule, []).append(article.text[edit.start : edit.end])
    return apply_edits(article, edits, audit=True)


def tidy_paragraphs(article: Article, one_per_line: bool | None = None) -> Article:
    """Lay out paragraphs with one blank line between them (whitespace only: not audited)."""
    return apply_edits(article, paragraph_breaks(article.text, one_per_line), audit=False)


class CleanBoilerplate(ArticleStage):
    """Remove page furniture from an article with named rules, keeping each removal for audit.

    Args:
        rules: the rules for every article, in order (default :data:`TEXT_RULES`).
        print_rules: rules added for pages from print (default :data:`PRINT_RULES`).
    """

    name = "clean"

    def __init__(self, rules: Sequence[Rule] = TEXT_RULES, print_rules: Sequence[Rule] = PRINT_RULES):
        self.rules = tuple(rules)
        self.print_rules = tuple(print_rules)

    def process(self, article: Article) -> Article:
        # Decide the paragraph style before removing anything: removals leave blank lines behind.
        one_per_line = lines_are_paragraphs(article.text)
        evidence = evidence_of(article)
        rules = self.rules + (self.print_rules if is_print(article) else ())
        for rule in rules:
            apply_rule(article, rule, evidence)
        tidy_paragraphs(article, one_per_line)
        # A new dict, so an article copied before this stage never shares our evidence.
        article.meta = {**article.meta, EVIDENCE_KEY: evidence}
        return article


__all__ = ["EVIDENCE_KEY", "PRINT_FLAG", "PRINT_FORMATS", "CleanBoilerplate", "apply_rule", "evidence_of", "is_print", "tidy_paragraphs"]
