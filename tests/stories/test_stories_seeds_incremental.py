"""Golden test: the seeds analysed in two runs into one store end in the same story as analysed at once."""

from __future__ import annotations

from pathlib import Path

import storytrace
from storytrace.settings import Options


def test_seeds_analysed_in_two_runs_put_the_five_main_articles_in_one_story(seeds_dir: Path, tmp_path: Path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) == 5
    store = str(tmp_path / "storytrace.db")
    options = Options(executor="serial")
    storytrace.analyze([str(p) for p in seeds[:3]], options=options, store=store)
    later = storytrace.analyze([str(p) for p in seeds[3:]], options=options, store=store)
    main = {p.stem for p in seeds}
    stories = [s for s in later.stories if main & set(s.articles)]
    (story,) = stories  # one story holds every main article it names ...
    assert main <= set(story.articles)  # ... and it names all five, the three of the first run included
    sidebars = [a for a in later.articles if a.parent is not None]
    assert sidebars and all(s.id not in story.articles for s in sidebars)
