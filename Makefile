# SPDX-License-Identifier: MIT
# Top-level entry points.  On a fresh Debian 12 machine, as root:
#   make bench   build, run the benchmarks, write results/ and plots/out/
#   make test    build, run the unit and system tests ("N passed, N failed")
# Both install missing Debian packages first (make deps).
#
# Benchmark knobs (passed to harness/bench-run):
#   SYSTEMS=uk,uk-nofp,xen  which systems (default: all)
#   WORKLOADS=pingpong   which workloads (default: all)
#   MODE=auto|kvm|tcg    execution mode (default auto: kvm only if hardware-assisted)
#   RUNS=N               boots per system (default 1)
#   ITERATIONS=N         measured iterations per case (default 10000, QUICK: 1000)
#   QUICK=1              a fast run
#   TIMEOUT=S            wall-clock limit per boot in seconds (default 300)

BUILD := $(CURDIR)/build
BENCH_RUN := $(BUILD)/harness/bench-run
RESULTS ?= results
MAKEFLAGS += --no-print-directory

comma := ,
empty :=
space := $(empty) $(empty)
list = $(subst $(space),$(comma),$(strip $(1)))

BENCH_ARGS := --build $(BUILD) --results $(RESULTS) \
	$(if $(SYSTEMS),--systems $(call list,$(SYSTEMS))) \
	$(if $(WORKLOADS),--workloads $(call list,$(WORKLOADS))) \
	$(if $(MODE),--mode $(MODE)) \
	$(if $(RUNS),--runs $(RUNS)) \
	$(if $(ITERATIONS),--iterations $(ITERATIONS)) \
	$(if $(filter 1 yes true,$(QUICK)),--quick) \
	$(if $(TIMEOUT),--timeout $(TIMEOUT))

.PHONY: all build deps bench test plots clean distclean

all: build

deps:
	@sh scripts/deps.sh

build:
	@$(MAKE) -C ukernel BUILD=$(BUILD)/ukernel
	@$(MAKE) -C harness BUILD=$(BUILD)/harness
	@$(MAKE) -C xenside/guest BUILD=$(BUILD)/xenside/guest
	@$(MAKE) -C xenside/dom0/peer BUILD=$(BUILD)/xenside/peer
	@$(MAKE) -C xenside/dom0 BUILD=$(BUILD)/xenside bench

bench: deps
	@$(MAKE) build
	@$(BENCH_RUN) $(BENCH_ARGS)
	@$(MAKE) plots
	@sh scripts/headline.sh $(RESULTS)/latest/summary.csv

plots:
	@test -r $(RESULTS)/latest/summary.csv || { echo "plots: no $(RESULTS)/latest/summary.csv; run 'make bench' first" >&2; exit 1; }
	@mkdir -p plots/out
	@gnuplot -e "summary='$(RESULTS)/latest/summary.csv'; outdir='plots/out'" plots/pingpong.gp
	@echo "plots: plots/out/pingpong.pdf plots/out/pingpong.png"

test: deps
	@$(MAKE) build
	@bash tests/run.sh $(BUILD)

# clean keeps the downloaded Debian packages (build/xenside/cache);
# distclean removes them too.
clean:
	rm -rf plots/out $(filter-out $(BUILD)/xenside,$(wildcard $(BUILD)/*))
	rm -rf $(filter-out $(BUILD)/xenside/cache,$(wildcard $(BUILD)/xenside/*))

distclean: clean
	rm -rf $(BUILD)
