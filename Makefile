# SPDX-License-Identifier: MIT
# Top-level entry points.  On a fresh Debian 12 machine, as root:
#   make bench   build, run the benchmarks, write results/ and plots/out/
#   make test    build, run the unit and system tests ("N passed, N failed")
#   make fuzz    build the microkernel, boot its system-call fuzzer (scripts/fuzz.sh)
#   make profile the profile pass alone (PROFILE=only): where each operation's instructions ran
#   make compare A=RUN B=RUN  two finished runs side by side (knobs below)
#   make interface  claim C7: interface and trusted-base sizes of the built images,
#                into $(RESULTS)/latest/interface.csv (scripts/interface.sh; builds nothing)
#   make liability  claim C6: a failing server's cost, into $(RESULTS)/latest/liability.csv
#                (scripts/liability.sh; builds the microkernel)
#   make paper   the paper of $(RESULTS)/latest: $(RESULTS)/latest/paper.pdf (paper/README.md;
#                needs TeX Live's texlive-latex-base, which make bench never installs)
# Each installs the Debian packages it needs first (scripts/deps.sh).
#
# Benchmark knobs (README.md, "Knobs"; each is passed to harness/bench-run
# and to nothing else):
#   SYSTEMS=uk,uk-nofp,xen,linux,linux-pv  which systems (default: all); only what they need is built
#   WORKLOADS=pingpong   which workloads (default: all)
#   MODE=auto|kvm|tcg    execution mode (default auto: kvm only if hardware-assisted)
#   RUNS=N               boots per system (default 1)
#   ITERATIONS=N         measured iterations per case, for every workload
#                        (default: each workload's own; see bench-run --help)
#   QUICK=1              each workload's quick iteration count
#   TIMEOUT=S            wall-clock limit per boot in seconds (default: derived
#                        from the work asked for)
#   KEEP_GOING=1         a failed system does not end the run (partial results,
#                        make still fails)
#   PROFILE=1            after the timing boots, a profile boot per system under
#                        the profiler plugin: profile.csv (tcg only)
#   PROFILE=only         (make profile) no timing boots: the profile boots' samples
#                        are the run's (tcg; the plugin changes no instruction count)
#   HOT=FIRST-LAST[:N]   with the profile pass, also hot-<system>.csv: the
#                        instructions of each code block in those windows (those
#                        of N instructions or more)
#                        (profiler/hotspots.sh names the functions)
#   MITIGATIONS=off|default  speculative-execution mitigations (default off:
#                        every system without them; default: each system's
#                        shipped defaults); what each turned on is in meta.json
#   RESULTS=DIR          results directory (default results)
#   PLOTS_OUT=DIR        where the figures go (default plots/out)
#   BUILD=DIR            build directory (default build)
#
# Fuzzer knobs (make fuzz; ukernel/README.md, "Fuzzing"; passed to
# scripts/fuzz.sh only; TIMEOUT= and BUILD= above apply too):
#   SEED=S               seed of the run (default 1); a seed replays exactly
#   CALLS=N              calls to make (default 1000000)
#   FROM=I               start at call I instead of 0
#   CLASSES=LIST         kinds of calls, e.g. default,-huge (default: every one)
#   TRACE=I              print each call from call I on before it runs
#
# Compare knobs (make compare; harness/README.md, "Comparing runs"; passed
# to harness/bench-compare only; RESULTS= and BUILD= above apply too):
#   A=RUN B=RUN          the two runs (required): run directories, or run ids
#                        (and latest) under RESULTS=; make fails when a change
#                        exceeds its spread or the runs cannot be compared
#   ALL=1                print every row and version, not only what changed
#   CSV=FILE             also write the comparison of every row as CSV

BUILD ?= build
override BUILD := $(abspath $(BUILD))
BENCH_RUN := $(BUILD)/harness/bench-run
RESULTS ?= results
PLOTS_OUT ?= plots/out
MAKEFLAGS += --no-print-directory

# The knobs are this Makefile's alone: a sub-make must never see them, or
# a knob named like one of its own variables would override it (as
# WORKLOADS once did).  Command-line variables reach sub-makes through
# MAKEOVERRIDES and the environment; both are cut here.
MAKEOVERRIDES :=
unexport SYSTEMS WORKLOADS MODE RUNS ITERATIONS QUICK TIMEOUT KEEP_GOING PROFILE HOT MITIGATIONS RESULTS PLOTS_OUT BUILD
unexport SEED CALLS FROM CLASSES TRACE
unexport A B ALL CSV

comma := ,
empty :=
space := $(empty) $(empty)
list = $(subst $(space),$(comma),$(strip $(1)))
names = $(strip $(subst $(comma),$(space),$(1)))
yes = $(filter 1 yes true,$(1))

# This Makefile again, with the knobs it needs (they are not passed on).
SUBMAKE = $(MAKE) BUILD='$(BUILD)' RESULTS='$(RESULTS)' PLOTS_OUT='$(PLOTS_OUT)'

BENCH_ARGS := --build $(BUILD) --results $(RESULTS) \
	$(if $(SYSTEMS),--systems $(call list,$(SYSTEMS))) \
	$(if $(WORKLOADS),--workloads $(call list,$(WORKLOADS))) \
	$(if $(MODE),--mode $(MODE)) \
	$(if $(RUNS),--runs $(RUNS)) \
	$(if $(ITERATIONS),--iterations $(ITERATIONS)) \
	$(if $(call yes,$(QUICK)),--quick) \
	$(if $(TIMEOUT),--timeout $(TIMEOUT)) \
	$(if $(call yes,$(KEEP_GOING)),--keep-going) \
	$(if $(filter only,$(PROFILE)),--profile-only,$(if $(call yes,$(PROFILE)),--profile)) \
	$(if $(HOT),--profile-hot '$(HOT)') \
	$(if $(MITIGATIONS),--mitigations '$(MITIGATIONS)')

# What each system needs built besides the harness.  A name not listed
# builds nothing here; bench-run then rejects it with the known names.
parts_of_uk := ukernel
parts_of_uk-nofp := ukernel
parts_of_xen := xen
parts_of_linux := linux
parts_of_linux-pv := xen linux-pv
ALL_PARTS := ukernel xen linux linux-pv
# The profiler plugin always: under tcg a device workload (blkdev) is
# counted by it (harness/README.md, "Device workloads").
BENCH_PARTS := $(if $(SYSTEMS),$(sort $(foreach s,$(call names,$(SYSTEMS)),$(parts_of_$(s)))),$(ALL_PARTS)) \
	profiler

.PHONY: all build deps bench profile compare test fuzz plots clean distclean build-harness \
	build-profiler $(ALL_PARTS:%=build-%) interface liability paper

all: build

# Host packages for the parts a target builds (scripts/deps.sh).
deps:
	@sh scripts/deps.sh $(ALL_PARTS) paper tests

build: build-harness build-profiler $(ALL_PARTS:%=build-%)

build-harness:
	@$(MAKE) -C harness BUILD=$(BUILD)/harness

build-profiler:
	@$(MAKE) -C profiler BUILD=$(BUILD)/profiler

build-ukernel:
	@$(MAKE) -C ukernel BUILD=$(BUILD)/ukernel

build-xen:
	@$(MAKE) -C xenside/guest BUILD=$(BUILD)/xenside/guest
	@$(MAKE) -C xenside/dom0/peer BUILD=$(BUILD)/xenside/peer
	@$(MAKE) -C xenside/dom0 BUILD=$(BUILD)/xenside bench

# The kernel and busybox come through the Xen side's package lock and
# cache (the same kernel as dom0), but no Xen package is fetched.
build-linux:
	@$(MAKE) -C linux BUILD=$(BUILD)/linux XENSIDE=$(BUILD)/xenside

# The same program in Xen's dom0: dom0's initrd (build-xen) plus wl-linux.
build-linux-pv: build-xen
	@$(MAKE) -C linux BUILD=$(BUILD)/linux XENSIDE=$(BUILD)/xenside pv

# bench-run's exit status 4 means --keep-going wrote a partial run: its
# figures and headline are still made, then make fails.
# make bench with the profile pass alone (PROFILE=only, bench-run --profile-only).
profile:
	@$(SUBMAKE) bench PROFILE=only $(foreach k,SYSTEMS WORKLOADS MODE RUNS ITERATIONS QUICK TIMEOUT KEEP_GOING HOT MITIGATIONS,$(if $($(k)),$(k)='$($(k))'))

bench:
	@sh scripts/deps.sh $(or $(BENCH_PARTS),ukernel)
	@$(SUBMAKE) build-harness $(BENCH_PARTS:%=build-%)
	@rc=0; $(BENCH_RUN) $(BENCH_ARGS) || rc=$$?; \
	if [ $$rc -ne 0 ] && [ $$rc -ne 4 ]; then exit $$rc; fi; \
	$(if $(SYSTEMS),echo "interface: not counted (SYSTEMS=$(SYSTEMS): make interface needs every system built)",bash scripts/interface.sh '$(BUILD)' '$(RESULTS)/latest' >/dev/null && echo "interface: $(RESULTS)/latest/interface.csv (claim C7)") && \
	$(if $(SYSTEMS),echo "liability: not measured (SYSTEMS=$(SYSTEMS): make liability)",bash scripts/liability.sh '$(BUILD)' '$(RESULTS)/latest' && echo "liability: $(RESULTS)/latest/liability.csv (claim C6)") && \
	$(SUBMAKE) plots && \
	sh scripts/headline.sh '$(RESULTS)/latest/summary.csv' && \
	if [ $$rc -eq 4 ]; then echo "make bench: partial run: some systems failed (see above)" >&2; exit 1; fi

FUZZ_ARGS := --image '$(BUILD)/ukernel/ukernel.bin' --log '$(BUILD)/fuzz.log' \
	$(if $(SEED),--seed '$(SEED)') \
	$(if $(CALLS),--calls '$(CALLS)') \
	$(if $(FROM),--from '$(FROM)') \
	$(if $(CLASSES),--classes '$(call list,$(CLASSES))') \
	$(if $(TRACE),--trace '$(TRACE)') \
	$(if $(TIMEOUT),--timeout '$(TIMEOUT)')

fuzz:
	@sh scripts/deps.sh ukernel
	@$(SUBMAKE) build-harness build-ukernel
	@sh scripts/fuzz.sh $(FUZZ_ARGS)

COMPARE_ARGS := --results '$(RESULTS)' $(if $(call yes,$(ALL)),--all) $(if $(CSV),--csv '$(CSV)')

# bench-compare's status 1 (flagged) and 2 (refused, bad input) both fail make.
compare:
	@$(if $(and $(A),$(B)),:,echo "make compare: A= and B= are both required: make compare A=<run> B=<run> (run directories, or run ids under $(RESULTS))" >&2; exit 2)
	@sh scripts/deps.sh ukernel
	@$(SUBMAKE) build-harness
	@$(BUILD)/harness/bench-compare $(COMPARE_ARGS) '$(A)' '$(B)'

# The table belongs to the run whose images it counts: it goes into the
# run's directory.  It reads BUILD as built (every system's images).
interface:
	@test -d '$(RESULTS)/latest' || { echo "make interface: no run in $(RESULTS)/latest (run make bench first)" >&2; exit 1; }
	@bash scripts/interface.sh '$(BUILD)' '$(RESULTS)/latest'

# Claim C6: the liability scenarios, in the run's mode, into the run's
# directory (scripts/liability.sh; SYSTEMS= picks uk and/or xen).
liability:
	@test -d '$(RESULTS)/latest' || { echo "make liability: no run in $(RESULTS)/latest (run make bench first)" >&2; exit 1; }
	@sh scripts/deps.sh ukernel
	@$(SUBMAKE) build-ukernel
	@$(if $(SYSTEMS),LIABILITY_SYSTEMS='$(call list,$(SYSTEMS))') bash scripts/liability.sh '$(BUILD)' '$(RESULTS)/latest'
	@if [ -r '$(RESULTS)/latest/summary.csv' ]; then $(SUBMAKE) plots; fi

plots:
	@sh scripts/plots.sh '$(RESULTS)/latest/summary.csv' '$(PLOTS_OUT)'

# The paper of the run results/latest points at (paper/Makefile: numbers,
# tables, verdicts and figures generated into $(BUILD)/paper/gen).
paper:
	@test -r '$(RESULTS)/latest/summary.csv' || { echo "make paper: no run in $(RESULTS)/latest (run make bench first)" >&2; exit 1; }
	@sh scripts/deps.sh paper
	@$(MAKE) -C paper BUILD='$(BUILD)/paper' RUN='$(realpath $(RESULTS)/latest)'
	@cp '$(BUILD)/paper/paper.pdf' '$(RESULTS)/latest/paper.pdf'
	@echo "paper: $(RESULTS)/latest/paper.pdf (also $(BUILD)/paper/paper.pdf; its sources in $(BUILD)/paper/gen)"

test: deps
	@$(SUBMAKE) build
	@bash tests/run.sh $(BUILD)

# clean keeps the downloaded Debian packages (build/xenside/cache);
# distclean removes them too.
clean:
	rm -rf plots/out $(filter-out $(BUILD)/xenside,$(wildcard $(BUILD)/*))
	rm -rf $(filter-out $(BUILD)/xenside/cache,$(wildcard $(BUILD)/xenside/*))

distclean: clean
	rm -rf $(BUILD)
