# The two commands of the README's Quick start are `make demo` and `make test`.
SWIFT ?= swift
DEMO_FIXTURE ?= Fixtures/baishan/seed-example.corrected.json

.PHONY: demo test deps test-tools build release bench bench-large bench-small-files fuzz fuzz-xml fuzz-schema lint format clean

deps:
	@Scripts/install-deps

## The real readers the tests check outputs against (apt packages, PyPI into .venv-test/).
test-tools:
	@Scripts/install-test-tools

## Build, then convert a bundled fixture and print the CSV.
demo: deps
	@$(SWIFT) build --product usageconv
	@echo "\$$ usageconv $(DEMO_FIXTURE) --to csv"
	@.build/debug/usageconv $(DEMO_FIXTURE) --to csv

## Every test: unit, property, golden fixtures, CLI end-to-end (and the conformance suites when ../shared exists).
test: deps test-tools
	$(SWIFT) build --build-tests
	USAGECONV_REQUIRE_TEST_TOOLS=1 $(SWIFT) test
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product usageconv

## Side-by-side speed against jq and Python on generated data (not part of `make test`).
bench: deps
	Benchmarks/run

bench-large: deps
	Benchmarks/run --large

## The batch benchmark: 10,000 small dumps in a folder, usageconv --merge against a jq loop and a Python script.
bench-small-files: deps
	Benchmarks/run --datasets small-files --results Benchmarks/results/small-files.md

## libFuzzer on the JSON reader and decoders for FUZZ_SECONDS (default 600).
fuzz: deps
	Fuzz/run

## libFuzzer on the OnApp XML decoder (libxml2 path) alone, from the XML seeds, for FUZZ_SECONDS.
fuzz-xml: deps
	FUZZ_TARGETS=FuzzDecode FUZZ_SEEDS='*.xml' FUZZ_CORPUS=FuzzXML FUZZ_DICT=xml.dict Fuzz/run

## libFuzzer on the JSON Schema validator (arbitrary schemas and instances), for FUZZ_SECONDS.
fuzz-schema: deps
	FUZZ_TARGETS=FuzzSchema FUZZ_SEED_DIR=seeds-schema Fuzz/run

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build Fuzz/.build Benchmarks/.build
