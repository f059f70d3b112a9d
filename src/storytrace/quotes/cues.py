"""Cue verbs ("said", "told", "according to") and the subject that names who speaks.

The word lists are lemmas; :func:`is_cue` reads the parse (a verb, or a
phrasal verb such as "shot back"), and :func:`subject_of` finds the token
naming the speaker: the subject, an inverted subject after a verb of saying
("..., said Maliki"), the agent of a passive ("was asked by Ada Venn"), or the
subject of the clause a participle hangs from ("..., adding ...").
"""

from __future__ import annotations

from typing import Any

#: Verb lemmas that introduce reported speech.
CUE_LEMMAS = frozenset(
    """say tell add write declare state note explain announce claim argue insist warn ask reply respond comment
    remark continue conclude recall suggest acknowledge admit confirm deny report describe urge tweet post agree
    complain contend maintain observe predict promise quip joke shout stress emphasize emphasise testify vow
    proclaim assert concede reiterate boast charge counter lament mention recount whisper yell demand pledge
    affirm allege exclaim quote caution predict retort scoff sneer concur reason muse wonder plead question
    call cite blast slam point express mock praise criticize criticise accuse thank hail brag read interject
    chant answer assure repeat email text dub label denounce echo reveal decry bemoan chide pronounce fume scream
    holler gush rave marvel tout scold rail snap grumble mutter murmur""".split()
)
#: Cues that put their subject after them ("..., said Maliki", "wrote Amir Taheri"); a verb such as "call"
#: or "ask" keeps its object there ("calling Alwaleed “dopey”", "asked Orr").
SAY_CUES = frozenset(
    """say add write continue explain note recall insist declare state conclude respond reply argue warn observe
    remark quip joke tweet post comment predict concede acknowledge admit confirm announce claim suggest agree
    complain counter retort answer wonder muse reason reiterate stress emphasize emphasise assert""".split()
)
#: Cues whose subject is a news outlet more often than a speaker.
OUTLET_CUES = frozenset({"report", "cite", "quote"})
#: Cue lemmas that introduce indirect speech ("said that ...").
INDIRECT_LEMMAS = frozenset(
    """say tell add write declare state note explain announce claim argue insist warn reply respond acknowledge
    admit confirm deny report suggest predict promise stress emphasize emphasise assert concede reiterate allege
    contend maintain agree complain testify vow""".split()
)
#: Entity labels that never name a speaker.
NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_SUBJECTS = ("nsubj", "nsubjpass")


def is_cue(token: Any) -> bool:
    """Whether a token is a speech cue: a verb of saying ("said", "shot back", "went on") or "according"."""
    if token.lower_ == "according":
        return True
    if token.pos_ == "VERB":
        for c in token.children:
            if c.lower_ == "back" and c.dep_ in ("prt", "advmod"):
                return True  # "she shot back", "he fired back"
            if c.lower_ == "on" and c.dep_ == "prt" and token.lemma_.lower() == "go":
                return True  # "Tam Orr went on, “...”"
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_LEMMAS


def subject_of(cue: Any, depth: int = 0) -> Any | None:
    """The token naming who speaks: the cue's subject, an inverted subject, or the subject of the clause it hangs from."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        obj = next((c for c in (to.children if to is not None else cue.children) if c.dep_ == "pobj"), None)
        return obj
    if cue.lemma_.lower() not in OUTLET_CUES and any(c.dep_ == "nsubjpass" for c in cue.children):
        # "Orr was asked by moderator Ada Venn whether ...": the asker speaks.
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if by is not None:
            return by
    for child in cue.children:
        if child.dep_ in _SUBJECTS:
            if child.lower_ in ("who", "that", "which") and cue.dep_ == "relcl" and depth < 2:
                return cue.head  # "Tam Orr, who said ...": the person the relative clause is about
            return child
    if cue.lemma_.lower() in SAY_CUES:
        for child in cue.rights:
            if child.dep_ in ("dobj", "attr", "appos") and child.pos_ == "PROPN" and child.ent_type_ not in NOT_SPEAKER_ENTS:
                return child  # "..., said Maliki" / "wrote Amir Taheri in ..."
    if depth < 2 and cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        return cue.head  # "Smith, who said ..."
    if depth < 2 and cue.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl") and cue.head is not cue:
        return subject_of(cue.head, depth + 1)  # "..., adding ...", "was quoted as saying"
    return None
