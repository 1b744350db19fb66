#!/bin/sh
# Runs every tests/nvim/test_*.lua in its own headless Neovim.
# Prints each failure and a last line "N passed, N failed"; exits non-zero
# when a test failed, when NVIM is not installed or when no test ran.
# NVIM (default nvim) picks the binary (`make test-nvim` runs this once per
# Neovim of NVIMS); TEST_TIMEOUT (seconds, default 120) bounds each file;
# TEST_FILTER keeps the files whose path contains it.
NVIM=${NVIM:-nvim}
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
if ! command -v "$NVIM" >/dev/null 2>&1; then
    echo "FAIL: Neovim '$NVIM' not found (NVIM=...; make deps installs the supported Neovims)"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-nvim-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

for f in "$here"/test_*.lua; do
    [ -n "${TEST_FILTER:-}" ] && case "$f" in *"$TEST_FILTER"*) ;; *) continue ;; esac
    name=$(basename "$f" .lua)
    out="$tmp/$name.out"
    : > "$out"
    BULLETIN_ROOT="$root" BULLETIN_TEST_OUT="$out" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
        XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" \
        timeout "$TEST_TIMEOUT" "$NVIM" --headless -i NONE -n -u "$here/minimal_init.vim" \
        -c "luafile $f" > "$tmp/$name.log" 2>&1 < /dev/null
    status=$?
    while IFS= read -r line; do
        case "$line" in
            "ok "*) passed=$((passed + 1)) ;;
            "not ok "*) failed=$((failed + 1)); echo "FAIL $name: ${line#not ok }" ;;
            "    "*) echo "$line" ;;
        esac
    done < "$out"
    if ! grep -qx done "$out"; then
        failed=$((failed + 1))
        echo "FAIL $name: did not finish (exit status $status)"
        sed 's/^/    /' "$tmp/$name.log" | tail -n 20
    fi
done

if [ $((passed + failed)) -eq 0 ]; then
    echo "FAIL: no test ran (TEST_FILTER='${TEST_FILTER:-}')"
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
