import storytrace


def test_public_names_are_exactly_the_documented_surface():
    exported = {name for name in dir(storytrace) if not name.startswith("_")} | {"__version__"}
    modules = {"models", "offsets", "settings", "pipeline", "stage", "textnorm", "ingest", "dedup", "reuse",
               "executors", "export", "store", "quotes", "stories", "web", "cli", "report",
               "resume", "incremental", "incremental_quotes", "incremental_stories"}
    assert exported - modules == set(storytrace.__all__)


def test_every_exported_name_resolves():
    for name in storytrace.__all__:
        assert getattr(storytrace, name) is not None
