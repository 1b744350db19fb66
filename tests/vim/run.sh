#!/bin/sh
# Runs tests/vim/runner.vim (every Test_* of tests/vim/test_*.vim) headless
# under Vim ($VIM, default vim) and under each Neovim of $NVIMS (a
# space-separated list of binaries; default $NVIM, else nvim); NVIMS=none
# (or NVIM=none) skips Neovim. Prints each failure and, per editor, a line
# "N passed, N failed", then a total "N passed, N failed" over all editors.
# Exits non-zero when a test failed, an editor did not finish, or a listed
# editor is not installed. TEST_TIMEOUT (seconds, default 300) bounds each
# run; TEST_FILTER keeps the tests whose name contains it.
vim_bin=${VIM:-vim}
nvims=${NVIMS:-${NVIM:-nvim}}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
# $VIM and $VIMRUNTIME tell both editors where their runtime files are (and
# `make test-vim` exports VIM=vim): keep them, and $NVIM, out of the editors.
unset VIM NVIM NVIMS VIMRUNTIME MYVIMRC VIMINIT EXINIT
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-vim-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
status=0
total_passed=0
total_failed=0

# run NAME COMMAND...: one editor; its report is $tmp/NAME.out.
run() {
    name=$1 label=$2
    shift 2
    out="$tmp/$name.out"
    : > "$out"
    mkdir -p "$tmp/home"
    # A private HOME keeps the user's runtime files out of 'runtimepath'.
    BULLETIN_TEST_OUT="$out" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
        XDG_DATA_HOME="$tmp/home/.local/share" XDG_STATE_HOME="$tmp/home/.local/state" \
        XDG_CACHE_HOME="$tmp/home/.cache" TMPDIR="$tmp" \
        timeout "$TEST_TIMEOUT" "$@" > "$tmp/$name.log" 2>&1 < /dev/null
    code=$?
    echo "== $label"
    cat "$out"
    last=$(tail -n 1 "$out")
    case "$last" in
        *" passed, "*" failed")
            total_passed=$((total_passed + ${last%% passed*}))
            f=${last#*passed, }
            total_failed=$((total_failed + ${f%% failed*})) ;;
        *) echo "$label: no result (exit status $code); its output:"; cat "$tmp/$name.log"
           total_failed=$((total_failed + 1)) ;;
    esac
    case "$last" in
        *" passed, 0 failed") [ "$code" -eq 0 ] && return 0 ;;
    esac
    status=1
}

# missing LABEL: a listed editor that is not installed fails the suite.
missing() {
    echo "== $1"
    echo "FAIL $1: not installed (make deps installs the supported Neovims)"
    total_failed=$((total_failed + 1))
    status=1
}

if command -v "$vim_bin" > /dev/null 2>&1; then
    run vim "vim ($vim_bin, $("$vim_bin" --version | head -n 1 | sed "s/ (.*//"))" \
        "$vim_bin" -N -u NONE -i NONE -n -es --cmd 'set encoding=utf-8' -S "$here/runner.vim"
else
    missing "vim ($vim_bin)"
fi

i=0
[ "$nvims" = none ] || for nvim_bin in $nvims; do
    i=$((i + 1))
    if command -v "$nvim_bin" > /dev/null 2>&1; then
        run "nvim$i" "nvim ($nvim_bin, $("$nvim_bin" --version | head -n 1))" \
            "$nvim_bin" --headless -u NONE -i NONE -n -S "$here/runner.vim"
    else
        missing "nvim ($nvim_bin)"
    fi
done

echo "== all editors"
echo "$total_passed passed, $total_failed failed"
exit $status
