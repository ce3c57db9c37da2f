# The two commands of the README: `make run` (install, build, serve) and `make test`.
VENV ?= .venv
PYTHON ?= python3
KG := $(VENV)/bin/kg

.PHONY: run install build serve test lint clean

run: build serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# seeds/ is the example corpus: its store goes to seeds/kg-store/ (git ignores it)
build: install
	$(KG) build --corpus seeds

serve: install
	$(KG) serve --corpus seeds

test: install
	bash scripts/install-browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) seeds/kg-store kg-store
