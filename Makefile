# The two entry points of the README: `make run` and `make test`. Both install missing system
# packages first (scripts/install-deps.sh is idempotent).
SWIFT ?= swift
RESULTS ?= results
WORKLOADS ?= workloads
# Engine concurrency proof: these suites also run under ThreadSanitizer with the system allocator
# (jemalloc cannot be preloaded under TSan; the attribution tests need it, so they stay out).
TSAN_FILTER ?= EngineTests|DomainGuardTests

.PHONY: run test deps build release test-unit test-tsan clean

deps:
	@scripts/install-deps.sh

release: deps
	$(SWIFT) build -c release --product kvbench

run: release
	.build/release/kvbench run $(WORKLOADS) --results $(RESULTS)
	@echo "Each workload's report.html is named above; everything is under $(RESULTS)/<commit12>[-dirty]/."

test: deps test-unit test-tsan

test-unit:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

test-tsan:
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter '$(TSAN_FILTER)'

clean:
	rm -rf .build .build-tsan
