#!/bin/sh
# Neovim benchmark: a generated 100,000-line bulletin opened with the plugin
# (helper), in syntax-only mode, and with no plugin. Reported, never
# asserted. NVIM (default nvim), BENCH_LINES (default 100000), BENCH_EDITS.
NVIM=${NVIM:-nvim}
LINES=${BENCH_LINES:-100000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -x "$root/build/bulletin" ] || { echo "bench_nvim: build/bulletin missing: run make" >&2; exit 2; }

# A bulletin of LINES lines: the sample's stories repeated, renumbered.
file="$tmp/big.bulletin"
awk -v want="$LINES" 'NR == FNR { s[++n] = $0; next } END {
    print " date 2025-06-11 News Today"; print ""; out = 2; k = 1
    while (out < want) {
        print k ". Story Number " k " Of The Day"; print ""; out += 2
        for (i = 6; i <= 21 && out < want; i++) { print s[i]; out++ }
        k++
    } }' "$root/samples/news-today.bulletin" /dev/null > "$file"

res="$tmp/results.tsv"
for mode in plugin syntax none; do
    BENCH_MODE=$mode BENCH_FILE="$file" BENCH_OUT="$res" BULLETIN_ROOT="$root" \
        timeout 600 "$NVIM" --headless -i NONE -n -u "$root/tests/nvim/minimal_init.vim" \
        -c "luafile $here/bench_nvim.lua" >/dev/null 2>&1 </dev/null \
        || echo "bench_nvim: mode $mode failed" >&2
done
printf '%-58s %12s %12s %12s\n' "Neovim $("$NVIM" --version | head -1), $LINES lines" plugin syntax-only no-plugin
awk -F '\t' '{ v[$2 SUBSEP $1] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    END { for (i = 1; i <= n; i++) { k = order[i]
        printf "%-58s %12s %12s %12s\n", k, (k SUBSEP "plugin") in v ? v[k, "plugin"] : "-",
            (k SUBSEP "syntax") in v ? v[k, "syntax"] : "-", (k SUBSEP "none") in v ? v[k, "none"] : "-" } }' "$res"
