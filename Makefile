# The two commands: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLES := examples/corpus
OUT := out

.PHONY: demo test install bench gates clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/storytrace analyze $(EXAMPLES) --store $(OUT)/storytrace.db --json $(OUT)/analysis.json --report $(OUT)/report.md; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 3 ] || exit $$status
	@echo "reports: $(OUT)/analysis.json $(OUT)/report.md (store: $(OUT)/storytrace.db)"

test: $(STAMP)
	$(BIN)/python -m pytest

gates: $(STAMP)
	$(BIN)/python -m pytest -m gate

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
