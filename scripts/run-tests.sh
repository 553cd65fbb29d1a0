#!/usr/bin/env bash
# Runs the whole suite twice over: every test with the normal build (the attribution tests start
# their own jemalloc-preloaded children), then the engine's suites under ThreadSanitizer with the
# system allocator. Ends with one "N passed, N failed" line totalling both XCTest runs, because
# `swift test` closes with Swift Testing's "0 tests" line even when XCTest ran everything.
set -uo pipefail

swift_bin=${SWIFT:-swift}
tsan_filter=${TSAN_FILTER:-EngineTests|DomainGuardTests}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
"$swift_bin" build --build-tests || exit 1
"$swift_bin" test --skip-build 2>&1 | tee -a "$log" || status=1
"$swift_bin" test --sanitize=thread --scratch-path .build-tsan --filter "$tsan_filter" 2>&1 | tee -a "$log" || status=1

# The closing suite of each run ('All tests' or 'Selected tests') is followed by its totals.
read -r executed failed < <(awk '
    /Test Suite .(All|Selected) tests. (passed|failed)/ { closing = 1; next }
    closing && /Executed [0-9]+ tests?, with [0-9]+ failures?/ {
        for (i = 1; i <= NF; i++) { if ($i == "Executed") e += $(i + 1); if ($i == "with") f += $(i + 1) }
        closing = 0
    }
    END { print e + 0, f + 0 }' "$log")

if grep -q "WARNING: ThreadSanitizer" "$log"; then
    echo "ThreadSanitizer reported a race (see above)." >&2
    status=1
fi
if [ "$executed" -eq 0 ]; then
    echo "No test ran." >&2
    status=1
fi
echo "tests: $((executed - failed)) passed, $failed failed"
exit $status
