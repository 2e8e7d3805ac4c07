# The one-word entry points; CMake does the building.
#
#   make demo         install what is missing, build, lint real libraries
#   make check        install what is missing, build, run every test
#   make check-fast   the inner loop: lint + driver + newest-clang plugin tests
#   make              build only (./build)
#   make install PREFIX=/usr/local
#   make debs         the Debian packages, into ../debs (scripts/build-debs)
#   make bench        the benchmarks in bench/
#   make format       clang-format the C and C++ sources

BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)

.PHONY: all build deps demo check check-fast install debs bench format clean

all: build

build:
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j $(JOBS)

deps:
	scripts/install-deps

demo: deps
	$(MAKE) build
	scripts/demo $(BUILD)

check: deps
	scripts/run-tests

check-fast: build
	scripts/run-tests --fast

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

debs:
	scripts/build-debs $(or $(DEBS),../debs)

bench: build
	bench/run $(BUILD)

# Test sources are left alone: their RUN/CHECK lines refer to line numbers.
format:
	git ls-files '*.c' '*.h' '*.cpp' ':!:tests/' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan
