"""Invented articles about invented events, for the clustering tests (helpers, imported by test modules)."""

from __future__ import annotations

from typing import Any

from storytrace.models import Article

#: Three invented events, each reported in several wordings.
EVENTS: dict[str, list[tuple[str, str]]] = {
    "bridge": [
        ("Varnow bridge collapses into the Elsner river",
         "The old iron bridge at Varnow collapsed into the Elsner river on Tuesday night. Engineers had warned "
         "the county council about rust in the bridge girders. Nobody was on the bridge when it fell, the "
         "Varnow fire brigade said, and river traffic on the Elsner has been stopped."),
        ("Rusting Varnow bridge falls into river, council warned for years",
         "Engineers warned the council for years about the rusting girders of the Varnow bridge before it fell "
         "into the Elsner river. The county council said the collapse of the bridge left no one hurt. Barges "
         "on the Elsner river are stuck until divers clear the iron wreckage."),
        ("Divers clear iron wreckage of Varnow bridge from the Elsner",
         "Divers began lifting the iron girders of the collapsed Varnow bridge out of the Elsner river. The "
         "county council promised an inquiry into why warnings from engineers about the rusting bridge were "
         "ignored. Barge traffic on the river may resume next week."),
    ],
    "chess": [
        ("Quillon wins the Tarsk chess open with a rook endgame",
         "Grandmaster Ilse Quillon won the Tarsk chess open on Sunday, converting a long rook endgame against "
         "Pavo Merrit in the final round. Quillon finished the chess tournament with seven points from nine "
         "games, half a point ahead of Merrit."),
        ("Merrit falls short as Quillon takes Tarsk open title",
         "Pavo Merrit lost the final round of the Tarsk chess open to Ilse Quillon, who took the title with "
         "seven points. The grandmaster ground out a rook endgame over six hours, the longest game of the "
         "tournament, organisers of the Tarsk open said."),
    ],
    "harvest": [
        ("Drought halves the Oberlin apple harvest",
         "Apple growers in the Oberlin valley expect to pick half their usual harvest after a summer drought. "
         "Orchards without irrigation lost most of their fruit, the Oberlin growers' cooperative said, and "
         "cider presses in the valley will open late."),
        ("Oberlin orchards count drought losses as cider presses wait",
         "The summer drought cost Oberlin valley orchards about half of this year's apple harvest, growers said. "
         "Cider makers in the valley are delaying their presses while the growers' cooperative asks for "
         "irrigation money."),
    ],
}


def article(id: str, title: str | None, text: str, **metadata: Any) -> Article:
    """An invented article whose clean text is its raw text."""
    return Article.from_raw(id, f"inbox/{id}.txt", text, title=title, **metadata)


def event_articles(*names: str, start: int = 0, dated: bool = True) -> list[Article]:
    """Articles of the named events, ids ``<event>-<n>``, one day apart within an event when ``dated``."""
    out = []
    for name in names:
        for n, (title, text) in enumerate(EVENTS[name][start:], start):
            out.append(article(f"{name}-{n}", title, text, outlet=f"Outlet {n}",
                               published=f"2024-03-{10 + n:02d}" if dated else None))
    return out


def membership(stories: list[Any]) -> dict[str, str]:
    """Article id -> story id."""
    return {a: s.id for s in stories for a in s.articles}
