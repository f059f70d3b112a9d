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


def test_a_story_described_in_a_later_run_gets_the_title_and_summary_of_a_single_run(seeds_dir: Path, tmp_path: Path):
    """The later run reads the story's stored articles back, so it is described whole, as in one run."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    options = Options(executor="serial")
    once = storytrace.analyze([str(p) for p in seeds], options=options, store=str(tmp_path / "once.db"))
    store = str(tmp_path / "twice.db")
    storytrace.analyze([str(p) for p in seeds[:3]], options=options, store=store)
    later = storytrace.analyze([str(p) for p in seeds[3:]], options=options, store=store)

    def main_story(result):
        (story,) = [s for s in result.stories if seeds[0].stem in s.articles]
        return story

    a, b = main_story(once), main_story(later)
    assert set(a.articles) == set(b.articles)
    assert b.title == a.title
    assert [s.text for s in b.summary] == [s.text for s in a.summary]
    assert [sorted(s.support) for s in b.summary] == [sorted(s.support) for s in a.summary]
