#!/bin/sh
# tests/fuzz/run.sh [--brief] [SECONDS] [HARNESS...]
#
# Builds the libFuzzer harnesses (clang, -fsanitize=fuzzer,address,undefined;
# core/ instrumented once into build/fuzz/obj, the validators of
# fuzzcheck.c sanitized but not coverage-instrumented), replays the inputs
# in tests/fuzz/regressions/ (HARNESS-NAME: reproducers of past findings,
# and inputs too big or too slow to fuzz from, such as rc-cap-entries,
# 4,200 tags against BL_VOCAB_MAX_ENTRIES), then fuzzes each harness for
# SECONDS from its committed seeds (tests/fuzz/seeds/HARNESS/).
#
#   --brief    make test-fuzz: SECONDS defaults to FUZZ_BRIEF_SECONDS (5);
#              new inputs go to a scratch folder that is removed first
#   (default)  make fuzz: SECONDS defaults to FUZZ_SECONDS (30); the corpus
#              grows in build/fuzz/corpus-HARNESS and is kept between runs
#
# Harnesses: rpc (frame scanner + dispatcher), doc (incremental vs full
# parse), cli (the CLI's input path and every output format), rc (the
# .bulletinrc parser), emit (the emitters on arbitrary strings); all by
# default. Prints one row per harness (result, executions, exec/s,
# libFuzzer's cov and ft, corpus size) and the line "N passed, N failed";
# exits 1 if any harness found something (crash, leak, UB, a broken
# promise, timeout) or did not build. A finding's input is left as
# build/fuzz/crash-HARNESS-* (its log: build/fuzz/fuzz-HARNESS.log); once
# minimised (HARNESS -minimize_crash=1 -runs=100000 FILE) it belongs in
# tests/fuzz/regressions/HARNESS-NAME.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1

BRIEF=0
if [ "${1:-}" = "--brief" ]; then
    BRIEF=1
    shift
fi
case "${1:-}" in
[0-9]*)
    SECS=$1
    shift
    ;;
*) if [ $BRIEF = 1 ]; then SECS=${FUZZ_BRIEF_SECONDS:-5}; else SECS=${FUZZ_SECONDS:-30}; fi ;;
esac
HARNESSES=${*:-rpc doc cli rc emit lsp}

B=build/fuzz
CC=${FUZZ_CC:-clang}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$B/obj"

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz: $CC not found (make deps installs clang and libclang-rt-14-dev)"
    echo "0 passed, $(echo $HARNESSES | wc -w) failed"
    exit 1
fi

PKGF=$(pkg-config --cflags libuv msgpack jansson)
LIBS=$(pkg-config --libs libuv msgpack jansson)
BASE="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer -Icore/model -Icore/io -Icore/rpc -Icore/cli -Icore/lsp $PKGF"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

# Per harness: -max_len and dictionary.
max_len() {
    case $1 in
    rpc) echo 262144 ;;
    cli) echo 16384 ;;
    rc) echo 8192 ;;
    *) echo 4096 ;;
    esac
}
dict() {
    case $1 in
    rpc) echo tests/fuzz/rpc.dict ;;
    doc | cli) echo tests/fuzz/doc.dict ;;
    rc) echo tests/fuzz/rc.dict ;;
    *) echo "" ;;
    esac
}

# ---- build ----
t0=$(date +%s)
build_ok=1
echo "==> build core/ for libFuzzer ($CC)"
objs=""
for src in core/*/*.c; do
    objs="$objs $B/obj/$(basename "$src" .c).o"
done
rm -f $objs "$B/obj/fuzzcheck.o"
n=0
for src in core/*/*.c; do
    # shellcheck disable=SC2086
    $CC $BASE $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$B/obj/$(basename "$src" .c).o" &
    n=$((n + 1))
    if [ $((n % 2)) = 0 ]; then wait || build_ok=0; fi
done
wait || build_ok=0
for o in $objs; do [ -f "$o" ] || build_ok=0; done
# shellcheck disable=SC2086
$CC $BASE $SAN -O2 -c tests/fuzz/fuzzcheck.c -o "$B/obj/fuzzcheck.o" || build_ok=0
for h in $HARNESSES; do
    rm -f "$B/fuzz_$h"
    [ $build_ok = 1 ] || continue
    extra=""
    [ "$h" != rpc ] && [ "$h" != doc ] && extra="$B/obj/fuzzcheck.o"
    # shellcheck disable=SC2086
    $CC $BASE $SAN -fsanitize=fuzzer -o "$B/fuzz_$h" "tests/fuzz/fuzz_$h.c" $extra $objs $LIBS ||
        echo "FAILED: build of fuzz_$h"
done
echo "    built in $(($(date +%s) - t0)) s"

# ---- replay, fuzz ----
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
rows=""
for h in $HARNESSES; do
    bin="$B/fuzz_$h"
    seeds="tests/fuzz/seeds/$h"
    log="$B/fuzz-$h.log"
    if [ ! -x "$bin" ]; then
        failed=$((failed + 1))
        rows="$rows$(printf '%-6s %-8s %12s %9s %7s %7s %8s %6s' "$h" "NOBUILD" - - - - - -)
"
        continue
    fi
    status=ok
    regs=$(ls tests/fuzz/regressions/"$h"-* 2>/dev/null)
    if [ -n "$regs" ]; then
        echo "==> fuzz_$h: replay $(echo "$regs" | wc -l) regression input(s)"
        # shellcheck disable=SC2086
        if ! "$bin" -timeout=10 -rss_limit_mb=2048 $regs >"$B/replay-$h.log" 2>&1; then
            echo "FAILED: fuzz_$h on a regression input (see $B/replay-$h.log)"
            status=REGRESS
        fi
    fi
    if [ $BRIEF = 1 ]; then
        corpus="$B/brief-$h"
        rm -rf "$corpus"
    else
        corpus="$B/corpus-$h"
    fi
    mkdir -p "$corpus"
    d=$(dict "$h")
    echo "==> fuzz_$h for ${SECS} s"
    "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$h")" \
        ${d:+-dict="$d"} -artifact_prefix="$B/crash-$h-" -print_final_stats=1 \
        "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        status=FOUND
        echo "FAILED: fuzz_$h exit $rc (log $log; input $(ls -t "$B"/crash-"$h"-* 2>/dev/null | head -1))"
        grep -E 'BROKEN PROMISE|ERROR: |SUMMARY|runtime error' "$log" | head -5 | sed 's/^/    /'
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
    if [ $status = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    rows="$rows$(printf '%-6s %-8s %12s %9s %7s %7s %10s %6s' "$h" "$status" "${execs:--}" \
        "${rate:--}" "${cov:--}" "${ft:--}" "${corp:--}" "$SECS")
"
done

echo
echo "fuzz: libFuzzer final stats per harness (cov: edges covered, ft: features)"
printf '%-6s %-8s %12s %9s %7s %7s %10s %6s\n' harness result execs exec/s cov ft corpus secs
printf '%s' "$rows"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
