"""Site furniture: breadcrumbs, share widgets, comment prompts, ads, promos, copyright notices.

These lines are what a page's template wraps around every article. They are
told from prose by shape, not by outlet: a widget line is made of nothing
but widget words ("Share this article", "Print Friendly, PDF & Email"); a
promo starts with a link label and a colon ("Related: ...", "Read more: ...");
a breadcrumb is a short run of segments joined by " / " or " > " at the top.
Each rule deletes whole lines only, so a sentence that merely contains one of
these words is never touched.
"""

from __future__ import annotations

import re

from storytrace.ingest.rules._lines import Line, lines, lower, n_words, only_words, remove, remove_lines, tokens
from storytrace.offsets import Edit

# --- breadcrumbs -------------------------------------------------------------------------------

#: Separators of breadcrumb segments (always with spaces around them: "and/or" is not one).
_CRUMB_SEPARATOR = re.compile(r"\s+(?:/|>|\u00bb|\u203a|\u2192|::)\s+")

#: First segments that say "this is site navigation".
NAVIGATION_WORDS = frozenset({"home", "homepage", "home page", "start", "main", "main page", "front page", "index", "you are here"})

#: Section names a breadcrumb (or a feed's category field) commonly uses; lower-case.
SECTION_WORDS = frozenset({
    "news", "latest", "latest news", "top stories", "world", "world news", "national", "international", "local",
    "politics", "opinion", "opinions", "analysis", "news analysis", "commentary", "comment", "editorial",
    "editorials", "op-ed", "op-eds", "oped", "column", "columns", "columnists", "blogs", "blog", "views",
    "perspectives", "features", "business", "economy", "markets", "money", "finance", "tech", "technology",
    "science", "health", "environment", "climate", "education", "sport", "sports", "culture", "arts",
    "entertainment", "lifestyle", "life", "travel", "media", "video", "videos", "us", "u.s.", "usa", "uk",
    "europe", "asia", "africa", "americas", "middle east", "mideast", "region", "regions", "security",
    "defense", "defence", "military", "diplomacy", "elections", "government", "law", "crime", "investigations",
})

#: Longest middle segment (a section name) and longest last segment (it may be the headline).
_MAX_SECTION_WORDS = 4
_MAX_LAST_SEGMENT_WORDS = 20
#: Breadcrumbs sit above the article: only the first few lines are looked at.
BREADCRUMB_ZONE = 3


_KICKER_SPLIT = re.compile(r"\s*[/|]\s*")


def breadcrumb_segments(line: str) -> list[str] | None:
    """The segments of ``line`` if it is shaped like a breadcrumb, else None.

    Shape only: two or more short segments joined by a separator, no
    sentence-final full stop. Whether it *is* navigation depends on where
    the line stands (see :func:`breadcrumbs`).
    """
    parts = [p.strip() for p in _CRUMB_SEPARATOR.split(line.strip())]
    if len(parts) < 2 or any(not p for p in parts) or line.rstrip().endswith("."):
        return None
    if any(n_words(p) > _MAX_SECTION_WORDS for p in parts[:-1]) or n_words(parts[-1]) > _MAX_LAST_SEGMENT_WORDS:
        return None
    return parts


def _section_key(segment: str) -> str:
    return re.sub(r"\s+", " ", lower(segment)).strip(" :.-")


def is_navigation(segment: str) -> bool:
    return _section_key(segment) in NAVIGATION_WORDS


def is_section(segment: str) -> bool:
    return _section_key(segment) in SECTION_WORDS


def _is_breadcrumb(line: Line) -> bool:
    parts = breadcrumb_segments(line.text)
    if parts is None:
        # A lone section name above the story ("OPINION", "ANALYSIS/OPINION:") is a kicker.
        sections = [p for p in _KICKER_SPLIT.split(line.text.strip(" :")) if p]
        return n_words(line.text) <= 4 and bool(sections) and all(is_section(p) for p in sections)
    if is_navigation(parts[0]):
        return True
    # No "Home": only the very first line, and only if it names a known section or has 3+ levels.
    return line.index == 0 and (len(parts) >= 3 or any(is_section(p) for p in parts[:-1]))


def breadcrumbs(text: str) -> list[Edit]:
    """Remove a navigation trail at the top (``Home / OPINION / Analysis / <title>``, or a lone ``OPINION``).

    Why: the trail is site navigation, not the article; its sections are
    still read as a genre signal and its last segment as a headline (the
    metadata stage reads the removed line).
    """
    return [remove(line, "breadcrumb") for line in lines(text)[:BREADCRUMB_ZONE] if _is_breadcrumb(line)]


# --- share and print widgets --------------------------------------------------------------------

#: Words that make a line a widget when nothing else is on it.
WIDGET_CORE = frozenset({
    "share", "shares", "sharing", "tweet", "email", "e-mail", "mail", "print", "pdf", "subscribe", "facebook",
    "twitter", "pinterest", "linkedin", "reddit", "whatsapp", "messenger", "pocket", "flipboard", "tumblr",
    "telegram", "sms", "link", "bookmark", "listen", "close", "loading", "reprints", "reprint", "rss",
    "youtube", "instagram", "permalink", "x", "embed", "autoplay", "pin", "pinit",
})
#: Words that may stand beside widget words ("Share *this article* *on* Facebook").
WIDGET_FILLERS = frozenset({
    "this", "article", "story", "page", "on", "via", "to", "the", "a", "friendly", "post", "copy", "copied",
    "font", "text", "size", "more", "options", "menu", "icon", "button", "by", "now", "url", "and", "or",
    "with", "your", "friends", "app", "plus", "google", "permissions", "version", "view", "full", "screen",
    "play", "code", "website", "blog",
})
_WIDGET_VOCABULARY = WIDGET_CORE | WIDGET_FILLERS
_MAX_WIDGET_WORDS = 12


def is_widget_line(text: str) -> bool:
    """A short line of nothing but share/print/subscribe widget words."""
    return only_words(text, _WIDGET_VOCABULARY, WIDGET_CORE, _MAX_WIDGET_WORDS)


def widgets(text: str) -> list[Edit]:
    """Remove share, print and social buttons that extraction kept as text.

    Why: "Print Friendly, PDF & Email" or "Share Tweet Email" are button
    labels; they say nothing about the story and repeat across every page.
    """
    return remove_lines(text, "widget", is_widget_line)


# --- comment prompts ----------------------------------------------------------------------------

_COMMENT_PROMPT = re.compile(
    r"^(?:(?:join|start|enter) the (?:discussion|conversation|debate)"
    r"|(?:leave|add|post|write) (?:a|your) (?:comment|reply|response)s?"
    r"|(?:view|show|hide|read|see|load|open) (?:all |the )?(?:\d+ )?(?:comments?|replies|discussion)"
    r"|comments?(?: \(\d+\)| \d+| closed| are closed)?"
    r"|\d+ comments?|be the first to comment|comments? (?:are|is) (?:closed|moderated)"
    r")[\s.!:\u2026]*$"
)


def is_comment_prompt(text: str) -> bool:
    """"Join the Discussion", "Leave a comment", "12 comments" as a whole line."""
    return n_words(text) <= 8 and bool(_COMMENT_PROMPT.match(lower(text).strip()))


def comment_prompts(text: str) -> list[Edit]:
    """Remove invitations to the comment section.

    Why: the comment thread is not part of the article and is usually cut
    off by extraction, leaving only its heading.
    """
    return remove_lines(text, "comments", is_comment_prompt)


# --- advertisement markers ----------------------------------------------------------------------

ADVERT_CORE = frozenset({"advertisement", "advertisements", "advert", "adverts", "sponsored", "promoted"})
ADVERT_FILLERS = frozenset({
    "content", "story", "article", "text", "reading", "below", "after", "the", "main", "skip", "this",
    "paid", "partner", "by", "from", "our", "sponsor", "sponsors", "continues", "continued", "continue",
})
_ADVERT_VOCABULARY = ADVERT_CORE | ADVERT_FILLERS
#: Where the ad was cut out, only its "continue" link may be left ("Story continued below").
_CONTINUE_MARKER = re.compile(
    r"^(?:(?:story|article|text) )?continues?d?(?: (?:reading|below|after|the|main|story|article|advertisement|ad))*"
    r"\s*[.:>\u2192\u2026-]*$"
)


def is_advert_marker(text: str) -> bool:
    """"Advertisement", "AD", "Story continued below", "Continue reading the main story".

    "Ad" counts only alone: "The ad continues:" introduces a quoted advert.
    """
    if n_words(text) > 8:
        return False
    words = tokens(text)
    if words in (["ad"], ["ads"]):
        return True
    return only_words(text, _ADVERT_VOCABULARY, ADVERT_CORE, 8) or bool(_CONTINUE_MARKER.match(" ".join(words)))


def advertisements(text: str) -> list[Edit]:
    """Remove the labels left where an advertisement was cut out.

    Why: the ad itself is gone; its label and "continue reading" link are
    template text that would otherwise join two paragraphs of the story.
    """
    return remove_lines(text, "advertisement", is_advert_marker)


# --- promos: links to other stories -------------------------------------------------------------

#: Labels that introduce a link to another story.
_PROMO_LABEL = (
    r"(?:related(?: (?:stories|story|articles?|coverage|content|links?|news|videos?|reading|posts?|topics?))?"
    r"|read|read more|read also|also read|read next|more reading|further reading|see also|also see|see more"
    r"|more(?: (?:from|on|about) [^:]{1,40})?|watch(?: more)?|video|listen|recommended(?: for you)?"
    r"|editor'?s picks?|don'?t miss|must read|trending(?: now)?|top stories|most read|most popular"
    r"|full coverage(?: [^:]{1,40})?|you (?:may|might) also like|in case you missed it|icymi|previously"
    r"|more on this(?: story)?)"
)
#: The label then a colon (or arrow) and at most a headline.
_PROMO_WITH_LINK = re.compile(_PROMO_LABEL + r"\s*(?::|\u2014|>|\u00bb|\|)\s*\S", re.IGNORECASE)
#: The label alone on its line.
_PROMO_ALONE = re.compile(_PROMO_LABEL + r"(?: here)?\s*[:.\u2026\-\u2014>\u00bb]*$", re.IGNORECASE)
_CLICK_HERE = re.compile(r"(?:click|tap) here\b", re.IGNORECASE)
_MAX_PROMO_WORDS = 40


def is_promo(text: str) -> bool:
    """"Related: <headline>", "READ MORE:", "Click here for ..." as a whole line."""
    words = n_words(text)
    if words > _MAX_PROMO_WORDS:
        return False
    opening = lower(text[:80])  # the label is at the start
    if (words <= 8 and _PROMO_ALONE.match(lower(text))) or _PROMO_WITH_LINK.match(opening):
        return True
    return words <= 25 and bool(_CLICK_HERE.match(opening))


def promos(text: str) -> list[Edit]:
    """Remove links to other stories ("Related: ...", "Read more: ...", "See also: ...").

    Why: the linked headline is another article's text; left in, it would
    look like this article reusing that one.
    """
    return remove_lines(text, "promo", is_promo)


# --- newsletter, subscription and follow-us prompts ----------------------------------------------

_SIGNUP_NOUN = re.compile(r"\b(?:newsletters?|inbox|mailing list|email alerts?|podcast|sign[ -]?up|subscri\w+)\b")
_SIGNUP_START = re.compile(
    r"^(?:sign(?:ing)?[ -]?up|subscribe|get (?:the|our|\w+ news)|want |receive|never miss|don'?t miss|like this"
    r"|enjoy|click|join|to get|for more|newsletter|thank you for signing up|consider subscribing|support )"
)
#: "your inbox", "our email newsletters": the site speaking to the reader about its own product.
_READER = re.compile(r"\b(?:our|your)\s+(?:[\w'-]+\s+){0,3}(?:newsletters?|inbox|podcast|mailing list|email alerts?)\b")
#: Verbs of a call to action that must go with "your inbox" / "our newsletter".
_CALL = re.compile(r"\b(?:sign(?:ing)? up|subscri\w+|get|receive|delivered|deliver|join|want|click|free|send|sent)\b")
_QUOTE_MARK = re.compile(r"[\"\u201c\u00ab]")
#: "..., subscribe to ..." / "Please sign up" / "Sign up here" / "By signing up you agree": a call to the reader.
_IMPERATIVE = re.compile(
    r"(?:^|[,;:.!?]\s+)(?:please\s+)?(?:subscribe|sign up)\b|\b(?:sign up|subscribe) (?:here|now|today)\b"
    r"|\bby signing up,? you agree\b|\bsubscribe to our\b"
)
_FOLLOW = re.compile(r"^[-\u2022*]?\s*follow (?:us|@\w+|[\w.' ]{1,40} on (?:twitter|facebook|instagram|x)\b)")


def is_signup_prompt(text: str) -> bool:
    """A short line asking the reader to subscribe, sign up or follow.

    It must name what to sign up for (newsletter, inbox, podcast...) *and*
    address the reader (an imperative, or "our newsletter" / "your inbox"):
    "2 million people subscribe to his newsletter" or "he joined me on my
    podcast" is reporting, not a prompt.
    """
    if n_words(text) > _MAX_PROMO_WORDS:
        return False
    folded = lower(text).strip()
    if n_words(text) <= 12 and _FOLLOW.match(folded):
        return True
    if not _SIGNUP_NOUN.search(folded):
        return False
    if _SIGNUP_START.match(folded):
        return True
    if _READER.search(folded) and _CALL.search(folded):
        return True
    imperative = _IMPERATIVE.search(folded)
    # An imperative inside quoted speech is reported, not addressed to our reader.
    return bool(imperative) and not _QUOTE_MARK.search(folded, 0, imperative.start())


def signup_prompts(text: str) -> list[Edit]:
    """Remove newsletter, subscription and follow-us prompts.

    Why: marketing copy the site appends to every article.
    """
    return remove_lines(text, "newsletter", is_signup_prompt)


# --- copyright notices --------------------------------------------------------------------------

#: "(c)" alone also numbers list items ("(c) no caravans ..."): it counts only before a year.
_COPYRIGHT_START = re.compile(r"^(?:\u00a9|\(c\)\s*(?:1[89]|20)\d\d\b|copyright\b|all rights reserved)", re.IGNORECASE)
_COPYRIGHT_EVIDENCE = re.compile(r"\u00a9|\b(?:1[89]|20)\d\d\b|all rights reserved", re.IGNORECASE)
_REDISTRIBUTION = re.compile(r"^this material may not be published, broadcast, rewritten,? or redistributed\.?$")


def is_copyright_notice(text: str) -> bool:
    """A short line that starts with ©/Copyright and carries a year or © ("Copyright © 2019 ...")."""
    if n_words(text) > 40:
        return False
    if _REDISTRIBUTION.match(lower(text).strip()):
        return True
    return bool(_COPYRIGHT_START.match(text.strip()) and _COPYRIGHT_EVIDENCE.search(text))


def copyright_notices(text: str) -> list[Edit]:
    """Remove copyright and reprint notices.

    Why: the notice names the publisher (metadata), not the story, and is
    identical across every article of that publisher.
    """
    return remove_lines(text, "copyright", is_copyright_notice)


__all__ = [
    "advertisements", "breadcrumb_segments", "breadcrumbs", "comment_prompts", "copyright_notices",
    "is_advert_marker", "is_comment_prompt", "is_copyright_notice", "is_navigation", "is_promo", "is_section",
    "is_signup_prompt", "is_widget_line", "promos", "signup_prompts", "widgets",
]
