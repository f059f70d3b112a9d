# The two commands: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLES := examples/corpus
OUT := out

.PHONY: demo test install bench bench-quick gates clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,web,dask,postgres]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/storytrace analyze $(EXAMPLES) --ratings examples/ratings.csv --store $(OUT)/storytrace.db --json $(OUT)/analysis.json --report $(OUT)/report.md; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 3 ] || exit $$status
	@echo "reports: $(OUT)/analysis.json $(OUT)/report.md (store: $(OUT)/storytrace.db)"

test: $(STAMP)
	$(BIN)/python -m pytest

gates: $(STAMP)
	$(BIN)/python -m pytest -m gate

# Peers (datasketch, text-dedup, duckdb) live in their own virtualenv, never in .venv.
# text-dedup is installed without its heavy extras (pyspark, unisim): its MinHash needs none of them.
BENCH_STAMP := .venv-bench/.installed
$(BENCH_STAMP): pyproject.toml
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet --upgrade pip
	.venv-bench/bin/pip install --quiet -e ".[test,web,dask,postgres]" datasketch duckdb pyarrow
	.venv-bench/bin/pip install --quiet --no-deps text-dedup==0.4.0
	.venv-bench/bin/pip install --quiet datasets click "click-option-group>=0.5.6,<0.6.0" scipy regex tqdm
	touch $(BENCH_STAMP)

# `make bench` runs every benchmark on full data (long: the 1M-article growth run is opt-in,
# see benchmarks/bench_dedup.py); `make bench-quick` runs them on small samples.
bench: $(BENCH_STAMP)
	.venv-bench/bin/python benchmarks/run.py

bench-quick: $(BENCH_STAMP)
	.venv-bench/bin/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
