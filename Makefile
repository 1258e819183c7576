# The two commands of the README's Quick start are `make demo` and `make test`.
SWIFT ?= swift
DEMO_FIXTURE ?= Fixtures/baishan/seed-example.corrected.json
## Where `make install` puts bin/usageconv, and which build it copies (release; make test checks the recipe with debug).
PREFIX ?= /usr/local
CONFIGURATION ?= release
## A release build links the Swift runtime into the binary: a 5 KB dump converts in about 19% fewer
## instructions (no libswiftCore, Foundation and Dispatch to load and relocate at every start), and the
## installed binary runs without the toolchain's libraries. Debug builds (make test) link it dynamically
## as before, so make install-check reuses the test build instead of recompiling everything.
STATIC_STDLIB = $(if $(filter release,$(CONFIGURATION)),--static-swift-stdlib)

.PHONY: demo test install install-check deps test-tools build release bench bench-large bench-big bench-small-files bench-timeseries fuzz fuzz-xml fuzz-schema lint format clean docs

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

## Build usageconv (release) and copy it to $(PREFIX)/bin/usageconv (default /usr/local/bin).
install: deps
	$(SWIFT) build -c $(CONFIGURATION) $(STATIC_STDLIB) --product usageconv
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build -c $(CONFIGURATION) $(STATIC_STDLIB) --product usageconv --show-bin-path)/usageconv" "$(DESTDIR)$(PREFIX)/bin/usageconv"

## The install recipe, run on the debug build make test already made (a release build would add minutes):
## installs into a temporary PREFIX and runs the installed binary.
install-check:
	@prefix=$$(mktemp -d) && trap 'rm -rf "$$prefix"' EXIT && \
	$(MAKE) --no-print-directory install CONFIGURATION=debug PREFIX="$$prefix" >/dev/null && \
	"$$prefix/bin/usageconv" formats >/dev/null && \
	echo "install-check: make install put a working usageconv in PREFIX/bin"

## Every test: unit, property, golden fixtures, CLI end-to-end (and the conformance suites when ../shared exists).
## The last line counts passed, failed and skipped tests (Scripts/test-summary); the lint, the
## install recipe's check and the DocC build (warnings are errors) run first so that line closes the output.
test: deps test-tools
	$(SWIFT) build --build-tests
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests
	@$(MAKE) --no-print-directory install-check
	@$(MAKE) --no-print-directory docs
	USAGECONV_REQUIRE_TEST_TOOLS=1 Scripts/test-summary $(SWIFT) test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product usageconv

## Side-by-side speed against jq, Python, DuckDB and the pass-through scanner on generated data (not part of `make test`).
bench: deps
	Benchmarks/run

bench-large: deps
	Benchmarks/run --large

## Issue 13's memory target: peak RSS and time of usageconv on 1 GB and 10 GB dumps (generated once into
## Benchmarks/data), without and with --fill zero, --resample 1h and --unit; writes Benchmarks/results/big.md.
bench-big: deps
	Benchmarks/big

## The batch benchmark: 10,000 small dumps in a folder, usageconv --merge against a jq loop and a Python script.
bench-small-files: deps
	Benchmarks/run --datasets small-files --results Benchmarks/results/small-files.md

## usageconv --to csv|openmetrics|influx on the 100 MB Baishan dump, and promtool's backfill of the .om file.
bench-timeseries: deps
	Benchmarks/timeseries

## libFuzzer on the JSON reader, the decoders and validate (both passes) for FUZZ_SECONDS (default 600).
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
	rm -rf .build Fuzz/.build Benchmarks/.build Benchmarks/passthrough/.build

## The library's DocC reference and getting-started article: .build/docs/UsageConvCore.doccarchive,
## and the schema validator product's: .build/docs/JSONSchema2020.doccarchive.
## The toolchain's docc over the symbol graph of the debug build (no extra package, no second build).
## UsageConvCore re-exports the layers below it (Diagnostic, ByteSource, the JSON reader, the
## schema validator ...), so its symbol graph takes their public symbols in as well.
LAYERS := UsageConvDiagnostics UsageConvValues UsageConvBytes JSONStream JSONSchema2020 XMLStream UsageConvIO
comma := ,
empty :=
space := $(empty) $(empty)
docs: deps
	$(SWIFT) build --target UsageConvCore
	rm -rf .build/symbol-graphs .build/docs
	mkdir -p .build/symbol-graphs/UsageConvCore .build/symbol-graphs/JSONSchema2020 .build/docs
	swift-symbolgraph-extract -module-name UsageConvCore -minimum-access-level public \
		-target $$(uname -m)-unknown-linux-gnu -I .build/debug/Modules \
		$(foreach c,CLibXML2 CZlib CZstd CSQLite,-I Sources/$(c)) -Xcc -I/usr/include/libxml2 \
		-experimental-allowed-reexported-modules=$(subst $(space),$(comma),$(LAYERS)) \
		-output-dir .build/symbol-graphs/UsageConvCore
	docc convert Sources/UsageConvCore/UsageConvCore.docc --fallback-display-name UsageConvCore \
		--fallback-bundle-identifier usageconv.UsageConvCore --additional-symbol-graph-dir .build/symbol-graphs/UsageConvCore \
		--output-path .build/docs/UsageConvCore.doccarchive --warnings-as-errors
	swift-symbolgraph-extract -module-name JSONSchema2020 -minimum-access-level public \
		-target $$(uname -m)-unknown-linux-gnu -I .build/debug/Modules \
		-experimental-allowed-reexported-modules=UsageConvDiagnostics,UsageConvValues,JSONStream \
		-output-dir .build/symbol-graphs/JSONSchema2020
	docc convert Sources/JSONSchema2020/JSONSchema2020.docc --fallback-display-name JSONSchema2020 \
		--fallback-bundle-identifier usageconv.JSONSchema2020 \
		--additional-symbol-graph-dir .build/symbol-graphs/JSONSchema2020 \
		--output-path .build/docs/JSONSchema2020.doccarchive --warnings-as-errors
