#!/bin/sh
# Runs a test command once per Neovim: NVIM=<binary> COMMAND... for each
# binary in $NVIMS (space-separated; default "nvim"), in order.
#
#   NVIMS='nvim /opt/nvim-versions/0.10/bin/nvim' tools/each-nvim.sh \
#       [--rest ARG]... COMMAND [ARG...]
#
# --rest ARG (repeatable) appends ARG to COMMAND for every Neovim but the
# first: the first runs the whole suite, the others only its Neovim part
# (e.g. --rest -k --rest real_neovim for tests/rpc/test_rpc.py).
#
# Each run's output is shown under "== Neovim vX.Y.Z (binary)"; its last
# "N passed, N failed" line is added to the totals. A listed Neovim that is
# not installed, a run that fails or ends without such a line count as
# failures. Prints per-Neovim results and last a total "N passed, N failed";
# exits 1 when anything failed.
rest=
while [ "$#" -gt 0 ]; do
    case $1 in
        --rest) [ "$#" -ge 2 ] || { echo "each-nvim.sh: --rest needs an argument" >&2; exit 2; }
                rest="$rest $(printf '%s' "$2" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")"; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
[ "$#" -gt 0 ] || { echo "usage: each-nvim.sh [--rest ARG]... COMMAND [ARG...]" >&2; exit 2; }
nvims=${NVIMS:-nvim}
[ -n "$(echo $nvims)" ] || { echo "each-nvim.sh: NVIMS is empty"; echo "0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/each-nvim.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
total_p=0 total_f=0 summary= i=0 status=0
for nvim in $nvims; do
    i=$((i + 1))
    if ! command -v "$nvim" >/dev/null 2>&1; then
        echo "== Neovim $nvim: NOT INSTALLED (make deps installs the supported Neovims, or set NVIMS)"
        summary="$summary
  $nvim: not installed (1 failed)"
        total_f=$((total_f + 1)) status=1
        continue
    fi
    label="$("$nvim" --version 2>/dev/null | head -n 1) ($nvim)"
    echo "== $label"
    (
        [ "$i" -eq 1 ] || eval "set -- \"\$@\" $rest"
        NVIM=$nvim "$@"
        echo $? > "$tmp/rc"
    ) 2>&1 | tee "$tmp/out"
    rc=$(cat "$tmp/rc" 2>/dev/null || echo 1)
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/out" | tail -n 1)
    if [ -z "$last" ]; then
        p=0 f=1
        echo "== $label: no 'N passed, N failed' line (exit status $rc): counted as a failure"
    else
        p=${last%% passed*}
        f=${last#*passed, }
        f=${f%% failed*}
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "== $label: exit status $rc with no failed test: counted as a failure"
        fi
    fi
    [ "$f" -eq 0 ] || status=1
    total_p=$((total_p + p)) total_f=$((total_f + f))
    summary="$summary
  $label: $p passed, $f failed"
done
echo "== per Neovim:$summary"
echo "$total_p passed, $total_f failed"
exit $status
