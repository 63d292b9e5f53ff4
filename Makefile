# ResolvLab. `make run` runs the bundled scenarios; `make test` runs the tests.
SWIFT ?= swift
JOBS  ?= $(shell nproc)
DEBUG_BIN   = .build/debug/resolvlab
RELEASE_BIN = .build/release/resolvlab

.PHONY: all deps build release run test check bench soak clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Run every bundled scenario (the main job).
run: release
	$(RELEASE_BIN) run --jobs $(JOBS) scenarios

## Validate the bundled scenarios without running them.
check: build
	$(DEBUG_BIN) check scenarios

## Unit and integration tests (integration tests run the built binary, as root and as nobody).
test: deps
	$(SWIFT) build --build-tests
	RESOLVLAB_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test

## Median time per scenario for the seed scenario, and for the equivalent shell pipeline;
## then a generated suite of 100 scenarios with --jobs 1 and --jobs 2.
bench: release
	scripts/bench.sh $(RELEASE_BIN)
	scripts/bench-suite.sh $(RELEASE_BIN)

## The bundled suite COUNT times (default 100) under full CPU load; reports differing outcomes.
soak: release
	COUNT=$(or $(COUNT),100) scripts/soak.sh $(RELEASE_BIN)

clean:
	rm -rf .build
