# ResolvLab. `make run` runs the bundled scenarios; `make test` runs the tests.
SWIFT ?= swift
JOBS  ?= $(shell nproc)
DEBUG_BIN   = .build/debug/resolvlab
RELEASE_BIN = .build/release/resolvlab
# Helper programs scenarios run (musl's getaddrinfo); on PATH for run and test.
TOOLS_DIR   = $(CURDIR)/.build/tools
export PATH := $(TOOLS_DIR):$(PATH)

.PHONY: all deps build release tools run test check bench soak clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Helpers scenarios run: resolvlab-load (many getaddrinfo lookups from several threads, glibc)
## and resolvlab-musl-gai (getaddrinfo linked statically against musl, for scenarios/musl, which
## are skipped where musl-gcc is missing). Both take the EAI names from the table the tool uses.
TOOLS_CFLAGS = -O2 -Wall -Wextra -Werror -I Sources/CResolvLab
tools: deps
	@mkdir -p $(TOOLS_DIR)
	$(CC) $(TOOLS_CFLAGS) -pthread -o $(TOOLS_DIR)/resolvlab-load tools/load/resolvlab-load.c
	@if command -v musl-gcc >/dev/null; then \
	    echo musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-musl-gai tools/musl/resolvlab-musl-gai.c; \
	    musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-musl-gai tools/musl/resolvlab-musl-gai.c; \
	else echo "musl-gcc not found: scenarios/musl will be skipped (apt-get install musl-tools)"; fi

## Run every bundled scenario (the main job).
run: release tools
	$(RELEASE_BIN) run --jobs $(JOBS) scenarios

## Validate the bundled scenarios without running them.
check: build
	$(DEBUG_BIN) check scenarios

## Unit and integration tests (integration tests run the built binary, as root and as nobody).
test: deps tools
	$(SWIFT) build --build-tests
	RESOLVLAB_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test

## Median time per scenario for the seed scenario, and for the equivalent shell pipeline;
## then a generated suite of 100 scenarios with --jobs 1 and --jobs 2.
bench: release
	scripts/bench.sh $(RELEASE_BIN)
	scripts/bench-suite.sh $(RELEASE_BIN)

## The bundled suite COUNT times (default 100) under full CPU load; reports differing outcomes.
## SCENARIOS=... soaks other files, e.g. the seed scenario alone.
soak: release tools
	COUNT=$(or $(COUNT),100) SCENARIOS="$(or $(SCENARIOS),scenarios)" scripts/soak.sh $(RELEASE_BIN)

clean:
	rm -rf .build
