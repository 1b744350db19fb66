#!/bin/sh
# Neovim benchmark: a generated 100,000-line bulletin opened with the plugin
# (helper), in syntax-only mode, and with no plugin, under each Neovim of
# NVIMS. Reported, never asserted.
#   NVIMS       space-separated Neovim binaries (default: $NVIM if set, else
#               nvim /opt/nvim-versions/0.10/bin/nvim /opt/nvim-versions/0.12/bin/nvim;
#               `make bench` passes the Makefile's NVIMS)
#   BENCH_LINES sizes to run, one after the other (default "100000 10000":
#               the issue's size, and one below bulletin.manualfolds
#               MANUAL_MIN's old 40,000 where expr folds made an edit
#               cost 14 ms);
#               BENCH_EDITS keystrokes per kind (default 50)
# Per Neovim: one table, the three modes side by side and the ratio
# plugin / no-plugin; then the plugin's numbers of every Neovim side by side.
# Exits 1 when a listed Neovim is missing or a mode failed (after reporting
# the rest).
NVIMS=${NVIMS:-${NVIM:-nvim /opt/nvim-versions/0.10/bin/nvim /opt/nvim-versions/0.12/bin/nvim}}
BENCH_LINES=${BENCH_LINES:-100000 10000}
case $BENCH_LINES in
*' '*)
    s=0
    for n in $BENCH_LINES; do
        BENCH_LINES=$n sh "$0" || s=1
    done
    exit $s
    ;;
esac
LINES=$BENCH_LINES
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
[ -x "$root/build/bulletin" ] || { echo "bench_nvim: build/bulletin missing: run make" >&2; exit 2; }
status=0

# A bulletin of LINES lines: the sample's stories repeated, renumbered.
file="$tmp/big.bulletin"
awk -v want="$LINES" 'NR == FNR { s[++n] = $0; next } END {
    print " date 2025-06-11 News Today"; print ""; out = 2; k = 1
    while (out < want) {
        print k ". Story Number " k " Of The Day"; print ""; out += 2
        for (i = 6; i <= 21 && out < want; i++) { print s[i]; out++ }
        k++
    } }' "$root/samples/news-today.bulletin" /dev/null > "$file"

# table RESULTS TITLE: metric, plugin, syntax-only, no-plugin, plugin/no-plugin.
table() {
    printf '%-70s %10s %12s %10s %9s\n' "$2" plugin syntax-only no-plugin ratio
    awk -F '\t' '{ v[$2 SUBSEP $1] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
        function get(k, m) { return (k SUBSEP m) in v ? v[k, m] : "-" }
        function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
        END { for (i = 1; i <= n; i++) { k = order[i]; p = get(k, "plugin"); x = get(k, "none")
            r = (num(p) && num(x) && x + 0 > 0 && k != "lines") ? sprintf("%.1fx", p / x) : "-"
            printf "%-70s %10s %12s %10s %9s\n", k, p, get(k, "syntax"), x, r } }' "$1"
}

i=0
labels=
for nvim in $NVIMS; do
    i=$((i + 1))
    if ! command -v "$nvim" >/dev/null 2>&1; then
        echo "bench_nvim: Neovim '$nvim' not installed (make deps), skipped"
        status=1
        continue
    fi
    version=$("$nvim" --version | head -n 1 | sed 's/^NVIM //')
    res="$tmp/results-$i.tsv"
    : > "$res"
    for mode in plugin syntax none; do
        BENCH_MODE=$mode BENCH_FILE="$file" BENCH_OUT="$res" BULLETIN_ROOT="$root" \
            timeout 600 "$nvim" --headless -i NONE -n -u "$root/tests/nvim/minimal_init.vim" \
            -c "luafile $here/bench_nvim.lua" >"$tmp/log-$i-$mode" 2>&1 </dev/null
        code=$?
        if [ "$code" -ne 0 ] || ! grep -q "^$mode	" "$res"; then
            echo "bench_nvim: $version, mode $mode failed (exit status $code):" >&2
            tail -n 5 "$tmp/log-$i-$mode" >&2
            status=1
        fi
    done
    # Start-up cost of plugin/bulletin.vim: best of five --startuptime runs.
    best=
    for _ in 1 2 3 4 5; do
        "$nvim" --headless -i NONE -u "$root/tests/nvim/minimal_init.vim" \
            --startuptime "$tmp/startup-$i" +qa! >/dev/null 2>&1 </dev/null
        ms=$(awk '/: sourcing .*\/plugin\/bulletin\.vim$/ { print $2 }' "$tmp/startup-$i")
        rm -f "$tmp/startup-$i"
        [ -n "$ms" ] && best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    done
    printf 'plugin\tsourcing plugin/bulletin.vim at start-up (ms, best of 5)\t%s\n' "${best:--}" >> "$res"
    [ "$i" -eq 1 ] || echo
    table "$res" "Neovim $version ($nvim), $LINES lines"
    printf '%s\t%s\n' "$i" "$version" >> "$tmp/versions"
done

# The plugin's numbers, one column per Neovim (value and ratio to no-plugin).
if [ "$(wc -l < "$tmp/versions" 2>/dev/null || echo 0)" -gt 1 ]; then
    echo
    echo "plugin, every Neovim side by side (value, and plugin / no-plugin):"
    for f in "$tmp"/results-*.tsv; do
        n=${f##*/results-}; n=${n%.tsv}
        sed "s/^/$n	/" "$f"
    done | awk -F '\t' -v vf="$tmp/versions" '
        BEGIN { while ((getline l < vf) > 0) { split(l, a, "\t"); ver[++nv] = a[1]; name[a[1]] = a[2] } }
        { v[$1 SUBSEP $3 SUBSEP $2] = $4; if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 } }
        function num(x) { return x ~ /^[0-9]+(\.[0-9]+)?$/ }
        END {
            printf "%-70s", ""; for (j = 1; j <= nv; j++) printf " %18s", name[ver[j]]; print ""
            for (i = 1; i <= n; i++) { k = order[i]; any = 0; line = sprintf("%-70s", k)
                for (j = 1; j <= nv; j++) { c = ver[j]
                    p = (c SUBSEP k SUBSEP "plugin") in v ? v[c, k, "plugin"] : "-"
                    x = (c SUBSEP k SUBSEP "none") in v ? v[c, k, "none"] : ""
                    if (p != "-") any = 1
                    if (num(p) && num(x) && x + 0 > 0 && k != "lines") p = p sprintf(" (%.1fx)", p / x)
                    line = line sprintf(" %18s", p) }
                if (any) print line } }'
fi
exit $status
