# Set-up is idempotent: the virtual environment is made once and packages are reinstalled only
# when requirements.txt changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup test run eval bench index adapter clean

setup: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first and pinned, so nothing below can pull a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

index: $(STAMP)
	$(PY) -m qa --build-index

# Refit the encoder's biases after their training questions (eval.gold.ADAPTER_FILES) or the corpus change (about twenty minutes: three fits), then commit embeddings/adapter/.
adapter: $(STAMP)
	$(PY) -m embeddings.finetune

test: $(STAMP)
	$(PY) -m pytest -q

run: $(STAMP)
	$(PY) app.py

eval: $(STAMP)
	$(PY) -m eval

bench: $(STAMP)
	$(PY) -m eval.bench

clean:
	rm -rf .cache .pytest_cache
