#!/bin/sh
# tests/fuzz/run.sh SECONDS — builds the libFuzzer harnesses (clang 14,
# ASan + UBSan), replays the regression inputs in tests/fuzz/regressions/,
# then fuzzes each harness for SECONDS (-max_total_time). Exits non-zero if
# any harness crashed; crash inputs are left in build/fuzz/ (copy them to
# tests/fuzz/regressions/ as rpc-NAME or doc-NAME once fixed).
set -u
SECS=${1:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
B=build/fuzz
CC=${FUZZ_CC:-clang}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$B"
FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icore \
  $(pkg-config --cflags libuv msgpack)"
LIBS="$(pkg-config --libs libuv msgpack)"
SRCS=$(ls core/*.c | grep -v '^core/main\.c$')
for h in rpc doc; do
    echo "==> build fuzz_$h"
    # shellcheck disable=SC2086
    $CC $FLAGS -o "$B/fuzz_$h" "tests/fuzz/fuzz_$h.c" $SRCS $LIBS || exit 1
done
"$PY" tests/fuzz/seeds.py "$B/seeds-rpc" "$B/seeds-doc" || exit 1

status=0
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
for h in rpc doc; do
    regs=$(ls tests/fuzz/regressions/$h-* 2>/dev/null)
    if [ -n "$regs" ]; then
        echo "==> replay $(echo "$regs" | wc -l) regression input(s) on fuzz_$h"
        # shellcheck disable=SC2086
        "$B/fuzz_$h" $regs >"$B/replay-$h.log" 2>&1 || {
            echo "FAILED: regression replay of fuzz_$h (see $B/replay-$h.log)"
            status=1
        }
    fi
done
for h in rpc doc; do
    mkdir -p "$B/corpus-$h"
    echo "==> fuzz_$h for ${SECS}s"
    "$B/fuzz_$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -dict="tests/fuzz/$h.dict" -artifact_prefix="$B/crash-$h-" -print_final_stats=1 \
        "$B/corpus-$h" "$B/seeds-$h" >"$B/fuzz-$h.log" 2>&1
    rc=$?
    grep -E '^stat::number_of_executed_units|^Done|ERROR|SUMMARY' "$B/fuzz-$h.log" | head -5
    if [ $rc -ne 0 ]; then
        echo "FAILED: fuzz_$h exit $rc (log $B/fuzz-$h.log; inputs $B/crash-$h-*)"
        status=1
    fi
done
[ $status -eq 0 ] && echo "fuzz: no crash"
exit $status
