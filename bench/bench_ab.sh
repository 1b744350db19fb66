#!/bin/sh
# A/B benchmark of the Neovim side: the plugin of another checkout (BASE,
# e.g. a `git archive main` built with make) against this one, on the same
# 100,000-line bulletin, runs alternating (base, this, base, this, ...) so
# that both see the same machine load; the best (lowest) value of RUNS runs
# per metric is reported with the ratio this / base. Reported, never
# asserted. Both sides run this tree's bench_nvim.lua (the same probe).
#   sh bench/bench_ab.sh BASE [RUNS]     NVIMS as for bench_nvim.sh
base=$(cd "${1:?usage: bench_ab.sh BASE_CHECKOUT [RUNS]}" && pwd)
runs=${2:-3}
NVIMS=${NVIMS:-${NVIM:-nvim /opt/nvim-versions/0.10/bin/nvim /opt/nvim-versions/0.12/bin/nvim}}
LINES=${BENCH_LINES:-100000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
file="$tmp/big.bulletin"
awk -v want="$LINES" 'NR == FNR { s[++n] = $0; next } END {
    print " date 2025-06-11 News Today"; print ""; out = 2; k = 1
    while (out < want) {
        print k ". Story Number " k " Of The Day"; print ""; out += 2
        for (i = 6; i <= 21 && out < want; i++) { print s[i]; out++ }
        k++
    } }' "$root/samples/news-today.bulletin" /dev/null > "$file"
for nvim in $NVIMS; do
    version=$("$nvim" --version | head -n 1 | sed 's/^NVIM //')
    : > "$tmp/res"
    r=0
    while [ "$r" -lt "$runs" ]; do
        r=$((r + 1))
        for side in base this; do
            dir=$root
            [ "$side" = base ] && dir=$base
            : > "$tmp/one"
            BENCH_MODE=plugin BENCH_FILE="$file" BENCH_OUT="$tmp/one" BULLETIN_ROOT="$dir" \
                timeout 600 "$nvim" --headless -i NONE -n -u "$dir/tests/nvim/minimal_init.vim" \
                -c "luafile $here/bench_nvim.lua" >/dev/null 2>&1 </dev/null
            sed "s/^plugin/$side/" "$tmp/one" >> "$tmp/res"
        done
    done
    echo "Neovim $version: best of $runs alternating runs, $LINES lines"
    awk -F '\t' '{ k = $2; v = $3 + 0; key = $1 SUBSEP k
            if (!(key in best) || v < best[key]) best[key] = v
            if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
        END { printf "%-72s %10s %10s %8s\n", "", "base", "this", "ratio"
            for (i = 1; i <= n; i++) { k = order[i]; b = best["base", k]; t = best["this", k]
                printf "%-72s %10.2f %10.2f %8s\n", k, b, t, (b > 0 ? sprintf("%.2fx", t / b) : "-") } }' "$tmp/res"
    echo
done
