# Prongsai: `make run` starts the app with demo data; `make test` runs every check.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python -m prongsai.web.manage
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Re-install only when the dependency list changes.
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench install clean debian-deps

# Debian packages: LibreOffice (DOCX→PDF), poppler-utils (pdftoppm, pdffonts), chromium (browser tests), wrk (make bench),
# nginx (tests/deploy runs deploy/nginx-prongsai.conf; its binary is /usr/sbin/nginx, often not on a user's PATH),
# Tesseract with its Thai and English models (OCR of scans; the check also asks it for the Thai model).
# libjemalloc2: LibreOffice runs with jemalloc preloaded when it is there (about half the CPU a PDF; optional).
# Installed only when missing; nothing happens when all the commands are already there.
DEBIAN_DEPS := libreoffice-writer-nogui poppler-utils chromium wrk nginx tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng libjemalloc2
debian-deps:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v wrk >/dev/null 2>&1 || ! { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } || ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx tha && tesseract --list-langs 2>/dev/null | grep -qx eng; }; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "debian-deps: need root to install $(DEBIAN_DEPS)" >&2; exit 1; fi; \
	  echo "debian-deps: installing $(DEBIAN_DEPS)"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_DEPS); \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) debian-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) load_portal_demo
	$(MANAGE) load_national_demo
	$(MANAGE) load_rounds_demo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP) debian-deps lint
	$(BIN)/pytest

bench: $(STAMP) debian-deps
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
