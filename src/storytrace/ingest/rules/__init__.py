"""Cleaning rules: small pure functions, each ``text -> list[Edit]`` with its own name.

textacy's ``preprocessing`` is the model: every rule does one thing, can be
tested alone, and the cleaning stage composes them in :data:`TEXT_RULES`.
A rule never edits text itself; it returns :class:`~storytrace.offsets.Edit`
records naming the rule, and the stage applies them with offsets kept and
every removal recorded for audit.

Rule names (the ``rule`` of each removal):

==============  ====================================================================
code            page script an extractor kept as text (``(function() {``, ``var x = ...;``)
breadcrumb      navigation trail at the top (``Home / Opinion / <title>``)
widget          share/print/social button labels (``Print Friendly, PDF & Email``)
comments        comment-section prompts (``Join the Discussion``)
advertisement   ad labels and "continue reading" markers (``Advertisement``)
promo           links to other stories (``Related: ...``, ``Read more: ...``)
newsletter      sign-up, subscribe and follow-us prompts
copyright       copyright and reprint notices
caption         photo captions, credits, picture widgets
timestamp       ``Published ...`` / ``Updated ...`` / ``6 years ago`` lines
byline          ``By Jane Roe`` at the top or bottom
source          ``Source: <name>`` lines
credit          agency credit opening the story (``(newsweek) --``, ``WASHINGTON (AP) --``)
headline        the headline line (metadata stage; see :mod:`storytrace.ingest.metadata`)
layout          paragraph breaks (whitespace only, not recorded as a removal)
==============  ====================================================================
"""

from __future__ import annotations

from collections.abc import Callable

from storytrace.ingest.rules.captions import photo_captions, print_caption_fragments
from storytrace.ingest.rules.code import leaked_code
from storytrace.ingest.rules.credits import bylines, credit_prefixes, source_lines
from storytrace.ingest.rules.dates import timestamps
from storytrace.ingest.rules.layout import paragraph_breaks
from storytrace.ingest.rules.navigation import (
    advertisements,
    breadcrumbs,
    comment_prompts,
    copyright_notices,
    promos,
    signup_prompts,
    widgets,
)
from storytrace.offsets import Edit

Rule = Callable[[str], list[Edit]]

#: The rules for every article, in the order the cleaning stage applies them.
#: Line rules come first (script first: a breadcrumb or byline is looked for among the lines above
#: the story, which a leaked script would push down); the credit prefix last, once lines above the story are gone.
TEXT_RULES: tuple[Rule, ...] = (
    leaked_code,
    breadcrumbs,
    widgets,
    comment_prompts,
    advertisements,
    promos,
    signup_prompts,
    copyright_notices,
    photo_captions,
    timestamps,
    bylines,
    source_lines,
    credit_prefixes,
)

#: Extra rules for pages extracted from print (PDF), applied after :data:`TEXT_RULES`.
PRINT_RULES: tuple[Rule, ...] = (print_caption_fragments,)

__all__ = [
    "PRINT_RULES", "TEXT_RULES", "Rule", "advertisements", "breadcrumbs", "bylines", "comment_prompts",
    "copyright_notices", "credit_prefixes", "leaked_code", "paragraph_breaks", "photo_captions",
    "print_caption_fragments", "promos", "signup_prompts", "source_lines", "timestamps", "widgets",
]
