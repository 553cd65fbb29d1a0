# The two entry points of the README: `make run` and `make test`. Both install missing system
# packages first (scripts/install-deps.sh is idempotent).
SWIFT ?= swift
RESULTS ?= results
WORKLOADS ?= workloads
# Engine concurrency proof: these suites also run under ThreadSanitizer with the system allocator
# (jemalloc cannot be preloaded under TSan; the attribution tests need it, so they stay out).
export TSAN_FILTER ?= EngineTests|DomainGuardTests
export SWIFT

.PHONY: run test deps release clean

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product kvbench

run: release
	.build/release/kvbench run $(WORKLOADS) --results $(RESULTS)
	@echo "Each workload's report.html is named above; everything is under $(RESULTS)/<commit12>[-dirty]/."

test: deps
	@scripts/install-deps.sh chromium
	scripts/run-tests.sh

clean:
	rm -rf .build .build-tsan
