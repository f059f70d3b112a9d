"""Lines an outlet repeats across its own articles are boilerplate."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.settings import IngestOptions
from storytrace.stage import CorpusStage, StageStats


class RemoveOutletBoilerplate(CorpusStage):
    name = "outlet-boilerplate"

    def __init__(self, options: IngestOptions):
        self.options = options

    def run_all(self, articles: list[Article], stats: StageStats) -> list[Article]:
        raise NotImplementedError
