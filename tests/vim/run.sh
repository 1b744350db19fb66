#!/bin/sh
# Runs tests/vim/runner.vim (every Test_* of tests/vim/test_*.vim) headless
# under Vim ($VIM, default vim) and under Neovim ($NVIM, default nvim) when
# that is installed; NVIM=none skips Neovim. Prints each failure and, per
# editor, a last line "N passed, N failed". Exits non-zero when a test
# failed or an editor did not finish. TEST_TIMEOUT (seconds, default 300)
# bounds each run; TEST_FILTER keeps the tests whose name contains it.
vim_bin=${VIM:-vim}
nvim_bin=${NVIM:-nvim}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
# $VIM and $VIMRUNTIME tell both editors where their runtime files are (and
# `make test-vim` exports VIM=vim): keep them, and $NVIM, out of the editors.
unset VIM NVIM VIMRUNTIME MYVIMRC VIMINIT EXINIT
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-vim-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
status=0

# run NAME COMMAND...: one editor; its report is $tmp/NAME.out.
run() {
    name=$1
    shift
    out="$tmp/$name.out"
    : > "$out"
    mkdir -p "$tmp/home"
    # A private HOME keeps the user's runtime files out of 'runtimepath'.
    BULLETIN_TEST_OUT="$out" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
        XDG_DATA_HOME="$tmp/home/.local/share" XDG_STATE_HOME="$tmp/home/.local/state" \
        XDG_CACHE_HOME="$tmp/home/.cache" TMPDIR="$tmp" \
        timeout "$TEST_TIMEOUT" "$@" > "$tmp/$name.log" 2>&1 < /dev/null
    code=$?
    echo "== $name"
    cat "$out"
    last=$(tail -n 1 "$out")
    case "$last" in
        *" passed, 0 failed") [ "$code" -eq 0 ] && return 0 ;;
    esac
    case "$last" in
        *" passed, "*" failed") ;;
        *) echo "$name: no result (exit status $code); its output:"; cat "$tmp/$name.log" ;;
    esac
    status=1
}

if command -v "$vim_bin" > /dev/null 2>&1; then
    run vim "$vim_bin" -N -u NONE -i NONE -n -es --cmd 'set encoding=utf-8' -S "$here/runner.vim"
else
    echo "vim: '$vim_bin' not found"
    status=1
fi

if [ "$nvim_bin" != none ] && command -v "$nvim_bin" > /dev/null 2>&1; then
    run nvim "$nvim_bin" --headless -u NONE -i NONE -n -S "$here/runner.vim"
elif [ "$nvim_bin" != none ]; then
    echo "nvim: '$nvim_bin' not found, skipped"
fi

exit $status
