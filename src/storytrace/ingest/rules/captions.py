"""Photo captions and credits left in the text.

A caption describes a picture the text no longer shows. Left in, it breaks
the story's flow and, worse for storytrace, the same agency caption turns up
in many outlets and looks like copied reporting. A line is a caption when it
carries caption evidence a sentence of prose never has:

* a photo credit at its end: ``... via REUTERS``, ``(AP Photo/Jane Roe)``,
  ``Photograph: Jane Roe/Getty Images``, ``... 2017. Jane Roe/Reuters``;
* a caption cue at its start: an agency picture id (``RTX3CTS4``),
  ``Enlarge this image``, ``Image copyright``, ``Photo:``;
* position markers that point into a picture: ``(L)``, ``(left)``, ``(2nd R)``.

A body sentence that merely mentions an agency ("..., Reuters reported.",
"he told Reuters") has none of these: the agency is neither after a sentence
end nor after "via" nor inside a credit parenthesis.
"""

from __future__ import annotations

import re

from storytrace.ingest.rules._lines import SENTENCE_BREAK, Line, ends_sentence, lines, lower, n_words, remove
from storytrace.offsets import Edit

#: Picture agencies and credit words that end a credit (case-sensitive: "AP" is a credit, "ap" is not).
AGENCY = (
    r"(?:Reuters|REUTERS|AP(?: Photos?| Images)?|Associated Press|AFP|Getty(?: Images)?|GETTY(?: IMAGES)?|EPA(?:-EFE)?"
    r"|EFE|Shutterstock|shutterstock(?:\.com)?|Bloomberg|Xinhua|Sipa(?: USA)?|Corbis|Alamy|NurPhoto|ZUMA(?: Wire| Press)?"
    r"|UPI|Sputnik|TASS|Tass|dpa|DPA|Anadolu(?: Agency)?|SOPA Images|LightRocket|Redux|Polaris|Abaca(?:press)?"
    r"|Imagn|Rex(?: Features)?|PA(?: Wire| Images)?|WENN|Pixabay|Unsplash|Dreamstime|iStock(?:photo)?|Flickr"
    r"|Wikimedia(?: Commons)?|YouTube|Pool(?: Photo)?|Handout|KCNA|FILE|File)"
)
#: One word of a credit: a capitalised name part or a joining word ("Institute for Training and Research").
_CREDIT_WORD = r"(?:[A-Z\u00c0-\u00de][\w.&'\u2019-]*|for|and|of|the|de|del|la|le|von|van|der|al|du|da|dos|on|in)"
_CREDIT_PART = rf"{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,7}}"
#: ``Name/Org/.../AGENCY`` or ``AGENCY/Name``, slashes with or without spaces.
_CREDIT_CHAIN = rf"(?:{_CREDIT_PART}\s?/\s?)*{AGENCY}\b(?:\s?/\s?{_CREDIT_PART})*(?:,\s?(?:FILE|File))?"

#: A credit ending the line, after a sentence end, after "via", or as the whole line.
#: (After ``,"`` the sentence goes on: ``..., " Reuters reported`` is prose cut by a line break.)
_END_CREDIT = re.compile(
    rf"(?:(?<=[.!?;)\]])\s+|(?<=[.!?][\"\u201d])\s+|\bvia\s+|^){_CREDIT_CHAIN}\s*$"
)
#: A photographer's name run into the caption: "... at the debate Jane Roe/Getty Images".
_SLASH_AGENCY_END = re.compile(rf"[A-Za-z.]\s?/\s?{AGENCY}(?:\s+via\s+{AGENCY})?\s*$")
#: A credit line of its own: a person, a slash, an organisation ("Jane Roe / The Example Times").
_PERSON_SLASH_ORG = re.compile(
    r"^[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){1,2}\s?/\s?(?:The\s+)?[A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*){0,3}$"
)
#: A credit opening the line, then the caption ("Jane Roe/Reuters Marksmen take aim ...").
#: (The organisation may be any all-capital name there: "Jane Roe/EXAMPLE Marksmen ...".)
_START_CREDIT = re.compile(
    rf"^{_CREDIT_PART}\s?/\s?(?:{AGENCY}|[A-Z]{{2,}}(?:\s[A-Z]{{2,}})?)\b(?:\s?/\s?(?:File|FILE))?\s+[A-Z\"\u201c\u2018']"
)
#: A labelled credit ending the line ("Photograph: Jane Roe/Getty Images", "Photo by Jane Roe").
_LABELLED_CREDIT = re.compile(
    r"(?:^|(?<=[\s.)\]]))(?:Photo(?:graph)?s?|PHOTOS?|Photographer|Picture|Image|Credit|Photo credit|Illustration)"
    r"(?:\s+by|\s*:)\s*[^.!?]{1,80}$"
)
_HAS_AGENCY = re.compile(rf"{AGENCY}\b")
_HAS_CREDIT_LABEL = re.compile(r"Photo|PHOTO|Picture|Image|Credit|Illustration")
#: A credit in parentheses or brackets ending the line ("(AP Photo/Jane Roe)", "[Jane Roe/Reuters]").
_BRACKET_END = re.compile(r"[(\[]([^()\[\]]{2,120})[)\]]\s*\.?$")
#: Credit wording inside the brackets: "Photo: ...", "AP Photo/...", "File photo", "Getty", "courtesy of ...".
_BRACKET_CREDIT_WORDS = re.compile(
    r"^photos?\b|\bphoto(?:graph)?s?\s*(?::|/|by\b|courtesy\b)|\b(?:AP|Reuters|AFP|file|pool|staff|handout)\s+photo"
    r"|\bgetty\b|\bcredit\s*:|^courtesy\b|\bscreen ?(?:grab|shot)\b|^file\b|^pool\b",
    re.IGNORECASE,
)
#: Longest credit inside brackets, in words (a longer aside is prose).
_MAX_BRACKET_CREDIT_WORDS = 10
_BRACKET_AGENCY = re.compile(rf"(?:^|/\s?|\s){AGENCY}\b(?:\s?/\s?[\w ]+)?(?:,\s?(?:FILE|File))?$|^{AGENCY}\s?:")
#: A credit after a pipe, as some sites print it between caption and headline ("... | AP Photo").
_PIPE_CREDIT = re.compile(rf"\s\|\s(?:AP Photo|Getty|{_CREDIT_PART}\s?/\s?{AGENCY}\b)")

#: Phrases that open a caption or a picture widget.
_CUE_START = re.compile(
    r"^(?:enlarge this image|toggle caption|hide caption|show caption|image caption|media caption|image copyright"
    r"|media playback is unsupported|just watched|must watch|photos?:|photograph:|photo by\b|photo courtesy"
    r"|photo illustration|zoom in icon"
    r"|photo credit|photographer:|picture:|pictured:|images?:|credit:|caption:|slideshow\b|gallery:|illustration:"
    r"|chart:|graphic:|map:|video:|prev image|next image|\d+ of \d+ (?:photos|images)"
    r"|(?:photo|photos|image|video|graphic|map)\s*$)"
)
#: A video player's close button run into the video's caption ("CLOSE Voters in ... talk about ...").
_CLOSE_BUTTON = re.compile(r"^CLOSE\s+[A-Z]")
#: An agency picture id opening the line: letters, a digit, then letters and digits (RTX3CTS4).
_PHOTO_ID = re.compile(r"^[A-Z]{2,4}\d(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,9}\s+[A-Z\"\u201c]")

#: Markers that point into a picture. "(R)" and "(C)" are left out: in US news they are party labels.
_POSITION = re.compile(
    r"(?<=\s)\((?:L|L-R|R-L|L to R|2nd ?[LR]|3rd ?[LR]|C-[LR]|"
    r"(?i:left|right|center|centre|from left|from right|second (?:left|right|from (?:left|right))"
    r"|third (?:left|right)|far (?:left|right)|top|bottom|top left|top right|bottom left|bottom right"
    r"|front row|back row|foreground|background|inset))\)"
)
_ANY_POSITION = re.compile(r"(?<=\s)\((?:R|C|L)\)")

_MAX_CAPTION_WORDS = 90
#: How far from the end of a line a closing credit can start (characters).
_CREDIT_TAIL = 240
_MAX_CUE_WORDS = 150


def has_end_credit(text: str) -> bool:
    """Whether ``text`` ends with (or opens with) a photo credit."""
    text = text.strip()
    # Credits at the end are short: search only the tail (``^`` still means the line's real start).
    tail = max(0, len(text) - _CREDIT_TAIL)
    if _START_CREDIT.match(text) or _PERSON_SLASH_ORG.match(text):
        return True
    # The costlier end patterns run only when their key word is there at all.
    if _HAS_AGENCY.search(text) and (
        _PIPE_CREDIT.search(text) or _END_CREDIT.search(text, tail) or _SLASH_AGENCY_END.search(text, tail)
    ):
        return True
    if _HAS_CREDIT_LABEL.search(text, tail) and _LABELLED_CREDIT.search(text, tail):
        return True
    bracket = _BRACKET_END.search(text, tail)
    if bracket:
        inner = bracket.group(1).strip()
        if n_words(inner) > _MAX_BRACKET_CREDIT_WORDS:
            return False
        return bool(_BRACKET_CREDIT_WORDS.search(inner) or _BRACKET_AGENCY.search(inner))
    return False


def has_caption_cue(text: str) -> bool:
    """Whether ``text`` opens like a caption or picture widget (cue phrase or agency picture id)."""
    text = text.strip()
    return bool(_CUE_START.match(lower(text[:80])) or _PHOTO_ID.match(text) or _CLOSE_BUTTON.match(text))


def points_into_picture(text: str) -> bool:
    """Whether ``text`` describes people's places in a picture ("Putin (L) shakes hands ...").

    One marker is enough when the line is a single sentence or a cut-off
    fragment, as captions are; a paragraph of several sentences needs two.
    """
    strong = _POSITION.findall(text)
    if not strong:
        return False
    markers = len(strong) + len(_ANY_POSITION.findall(text)) - text.count("(L)")
    if markers >= 2:
        return True
    return not ends_sentence(text) or not SENTENCE_BREAK.search(text)


def is_caption(text: str) -> bool:
    """Whether the line ``text`` is a photo caption, credit or picture widget."""
    words = n_words(text)
    if words <= _MAX_CUE_WORDS and has_caption_cue(text):
        return True
    if words > _MAX_CAPTION_WORDS:
        return False
    return has_end_credit(text) or points_into_picture(text)


def photo_captions(text: str) -> list[Edit]:
    """Remove photo captions, credits and picture widgets.

    Why: a caption describes a picture that is not there; agency captions
    recur verbatim across outlets and would be mistaken for reuse.
    """
    return [remove(line, "caption") for line in lines(text) if is_caption(line.text)]


# --- captions on printed pages ------------------------------------------------------------------

#: A short label sentence opening the line ("Geopolitical challenge. Russian ...").
_LABEL_LEAD = re.compile(r"^[A-Z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,3}\.\s+[A-Z]")


def _is_print_caption(line: Line, following: Line | None) -> bool:
    if n_words(line.text) > 40 or ends_sentence(line.text) or not _LABEL_LEAD.match(line.text):
        return False
    # A paragraph cut by a column break would continue in lower case; a caption stands alone.
    return following is None or not following.text[:1].islower()


def print_caption_fragments(text: str) -> list[Edit]:
    """Remove caption fragments of printed pages ("Label. Words cut at the column edge").

    Why: in a PDF page the caption sits between columns and extraction
    leaves it as a fragment that ends mid-sentence. Only run on print
    articles, after line unwrapping: in raw hard-wrapped text every line is
    a fragment.
    """
    all_lines = lines(text)
    edits = []
    for i, line in enumerate(all_lines):
        following = all_lines[i + 1] if i + 1 < len(all_lines) else None
        if _is_print_caption(line, following):
            edits.append(remove(line, "caption"))
    return edits


__all__ = ["AGENCY", "has_caption_cue", "has_end_credit", "is_caption", "photo_captions", "points_into_picture",
           "print_caption_fragments"]
