# ResolvLab. `make run` runs the bundled scenarios; `make test` runs the tests.
SWIFT ?= swift
JOBS  ?= $(shell nproc)
DEBUG_BIN   = .build/debug/resolvlab
RELEASE_BIN = .build/release/resolvlab
# Helper programs scenarios run (musl's getaddrinfo); on PATH for run and test.
TOOLS_DIR   = $(CURDIR)/.build/tools
export PATH := $(TOOLS_DIR):$(PATH)

.PHONY: all deps build release tools run test check docs bench soak clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## The release binary starts fast: the Swift standard library linked in statically (no loading
## and relocating libswiftCore at every start), no PIE (fewer relocations), and metadata accessors
## instead of mangled-name lookups for concrete types (Codable and ArgumentParser code asks the
## runtime for type metadata thousands of times at start-up). The C++ runtime the Swift runtime
## needs (libstdc++, libgcc) is linked in statically too: loading and relocating libstdc++.so cost
## 0.9 ms of every start. Swift's own link arguments ask for -lstdc++, so a directory holding only
## libstdc++.a comes first on the search path (left empty where there is none: then the shared
## one is used). glibc stays shared: getaddrinfo, NSS and the
## resolver are the machine's own. `make bench` shows the effect.
STATIC_CXX_DIR = .build/static-c++
RELEASE_FLAGS = --product resolvlab --static-swift-stdlib \
	-Xswiftc -Xclang-linker -Xswiftc -no-pie \
	-Xlinker -L$(CURDIR)/$(STATIC_CXX_DIR) -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
release: deps
	mkdir -p $(STATIC_CXX_DIR)
	archive="$$($(CC) -print-file-name=libstdc++.a)"; if [ -f "$$archive" ]; then ln -sf "$$archive" $(STATIC_CXX_DIR)/libstdc++.a; fi
	$(SWIFT) build -c release $(RELEASE_FLAGS)

## Helpers scenarios run: resolvlab-load (many getaddrinfo lookups from several threads, glibc)
## and resolvlab-musl-gai (getaddrinfo linked statically against musl, for the musl scenarios, which
## are skipped where musl-gcc is missing). Both take the EAI names from the table the tool uses.
## Then the client helpers (tools/clients/README.md), one per resolver a scenario's lookups can run
## under besides glibc; each is built only where its toolchain is, and a scenario naming a client
## whose helper is missing is skipped. Go builds offline from the standard library alone, with cgo
## (GODEBUG=netdns=cgo must reach libc's getaddrinfo), its caches under .build/go, not $HOME.
TOOLS_CFLAGS = -O2 -Wall -Wextra -Werror -I Sources/CResolvLab
GO_ENV = GOCACHE=$(CURDIR)/.build/go/cache GOPATH=$(CURDIR)/.build/go/path GO111MODULE=off GOFLAGS= GOPROXY=off CGO_ENABLED=1
DNSPYTHON = /usr/bin/python3
tools: deps
	@mkdir -p $(TOOLS_DIR)
	$(CC) $(TOOLS_CFLAGS) -pthread -o $(TOOLS_DIR)/resolvlab-load tools/load/resolvlab-load.c
	$(CC) $(TOOLS_CFLAGS) -static -o $(TOOLS_DIR)/static-hello tools/bench/static-hello.c
	@if command -v musl-gcc >/dev/null; then \
	    echo musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-musl-gai tools/musl/resolvlab-musl-gai.c; \
	    musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-musl-gai tools/musl/resolvlab-musl-gai.c; \
	    echo musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-client-musl tools/clients/musl/resolvlab-client-musl.c; \
	    musl-gcc -static $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-client-musl tools/clients/musl/resolvlab-client-musl.c; \
	else echo "musl-gcc not found: the musl scenarios and the musl client will be skipped (apt-get install musl-tools)"; fi
	@if command -v go >/dev/null; then \
	    echo go build -o $(TOOLS_DIR)/resolvlab-client-go tools/clients/go/main.go; \
	    $(GO_ENV) go build -o $(TOOLS_DIR)/resolvlab-client-go tools/clients/go/main.go; \
	else echo "go not found: the go and go-cgo clients will be skipped (apt-get install golang-go)"; fi
	@if [ -f /usr/include/ares.h ]; then \
	    echo $(CC) $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-client-cares tools/clients/cares/resolvlab-client-cares.c -lcares; \
	    $(CC) $(TOOLS_CFLAGS) -o $(TOOLS_DIR)/resolvlab-client-cares tools/clients/cares/resolvlab-client-cares.c -lcares; \
	else echo "ares.h not found: the c-ares client will be skipped (apt-get install libc-ares-dev)"; fi
	@if $(DNSPYTHON) -c 'import dns.resolver' 2>/dev/null; then \
	    echo install -m 755 tools/clients/dnspython/resolvlab-client-dnspython.py $(TOOLS_DIR)/resolvlab-client-dnspython; \
	    install -m 755 tools/clients/dnspython/resolvlab-client-dnspython.py $(TOOLS_DIR)/resolvlab-client-dnspython; \
	else echo "$(DNSPYTHON) cannot import dns.resolver: the dnspython client will be skipped (apt-get install python3-dnspython)"; fi

## Run every bundled scenario (the main job).
run: release tools
	$(RELEASE_BIN) run --jobs $(JOBS) scenarios

## Validate the bundled scenarios without running them.
check: build
	$(DEBUG_BIN) check scenarios

## The behaviour pages (docs/behaviour: README.md and index.html) and the README's "Resolver differences"
## list, generated from the bundled scenarios. Run it after adding or changing a scenario and commit the
## result: a test fails while they are stale.
docs: build
	$(DEBUG_BIN) doc scenarios --out docs/behaviour --readme README.md

## Unit and integration tests (integration tests run the built binary, as root and as nobody).
test: deps tools
	$(SWIFT) build --build-tests
	RESOLVLAB_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip TimingTests
	RESOLVLAB_BIN=$(CURDIR)/$(DEBUG_BIN) $(SWIFT) test --skip-build --filter TimingTests

## Start-up and suite speed beside floors measured in the same run (a static hello world,
## unshare): the seed scenario (200 runs), 100 and 1,000 generated scenarios with --jobs 2, and
## the shell pipeline resolvlab replaces. Each figure is printed with its target.
bench: release tools
	scripts/bench.py $(RELEASE_BIN) $(TOOLS_DIR)/static-hello

## Scenarios COUNT times over (default 100) while busy loops load every core: the scale scenarios
## (10,000 UDP queries, 2,000 over TCP with 64 KiB answers, 3,000 lookups from 6 threads), then
## the bundled suite. Prints each scenario's outcomes, figures and peak memory; exits non-zero
## if any run did not pass. SOAK=load or SOAK=suite runs one part; SCENARIOS=... soaks other files.
soak: release tools
	COUNT=$(or $(COUNT),100) SOAK="$(or $(SOAK),all)" SCENARIOS="$(or $(SCENARIOS),scenarios)" scripts/soak.sh $(RELEASE_BIN)

clean:
	rm -rf .build
