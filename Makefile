# Two commands on a fresh machine: `make build` writes dist/, `make test` runs the tests.
# Both create .venv and install the project (with its build and test extras) the first time.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build check export serve test test-fast clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build.py

check: $(STAMP)
	$(BIN)/python build.py check

# exports/: the SQLite database, one Parquet file per table and Datasette's metadata, built from dist/.
export: $(STAMP)
	$(BIN)/python build.py export

# Datasette on the SQLite file at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it).
PORT ?= 8001
serve: export
	$(BIN)/python -m datasette serve exports/south-asia-alignments.sqlite \
		--metadata exports/datasette-metadata.json --host 127.0.0.1 --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf $(VENV) .pytest_cache build exports *.egg-info
