/* bench_update: the cost of re-deriving a document after a one-line edit.
 *
 * Loads a generated bulletin of LINES lines (default 100000), then EDITS
 * times replaces one line near the middle (bl_doc_replace) and calls
 * bl_doc_update, timing each edit+update. As the baseline it times a full
 * bl_doc_set_text + bl_doc_update of the same document. Prints mean,
 * median and p95 microseconds per edit and the ratio to the baseline.
 * Then the cost of timing (timing.h) per edit, off and on side by side
 * (BENCH_DEBUG=1: the outliers on standard error).
 *
 *     cc -O2 -std=c11 -Icore/model bench/bench_update.c build/libbulletin-model.a \
 *        -o bench_update
 *     ./bench_update [LINES [EDITS]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "timing.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One story of the generated document: 20 lines, every section kind and a
 * few soundbite forms. %d is the story number. */
static const char *const STORY[] = {
    "%d. Story Number Title Words",
    "",
    "[LEAD]",
    "The anchor introduces the story with a sentence of narration.",
    "",
    "[REPORT]",
    "The reporter describes what happened in the capital today.",
    "",
    "Kang Yu-jung / Presidential Spokesperson",
    "\"We will keep talking until every ministry agrees.\"",
    "",
    "More narration about the consequences for the region.",
    "",
    "[Soundbite] Lee Min-ho (Fire Chief) : \"We reached everyone.\"",
    "",
    "[Kim Sun-ah/Meteorologist, KMA: \"More rain is expected.\"]",
    "",
    "[Soundbite] \"It came up to my knees in minutes.\"",
    "",
    "Closing narration of the report.",
};
#define STORY_LINES (sizeof STORY / sizeof STORY[0])

/* Builds the document text; the caller frees it. */
static char *make_doc(long lines, size_t *len) {
    size_t cap = (size_t)lines * 80 + 64, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    for (long i = 0; i < lines; i++) {
        const char *tmpl = STORY[i % (long)STORY_LINES];
        int w = i % (long)STORY_LINES == 0
                    ? snprintf(buf + n, cap - n, tmpl, (int)(i / (long)STORY_LINES) + 1)
                    : snprintf(buf + n, cap - n, "%s", tmpl);
        n += (size_t)w;
        buf[n++] = '\n';
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    long lines = argc > 1 ? atol(argv[1]) : 100000;
    long edits = argc > 2 ? atol(argv[2]) : 2000;
    if (lines < 100 || edits < 1) {
        fprintf(stderr, "usage: bench_update [LINES>=100 [EDITS>=1]]\n");
        return 2;
    }
    size_t len = 0;
    char *text = make_doc(lines, &len);
    bl_doc *doc = bl_doc_new(NULL);
    double *t = malloc((size_t)edits * sizeof *t);
    if (text == NULL || doc == NULL || t == NULL) {
        fprintf(stderr, "bench_update: out of memory\n");
        return 1;
    }

    /* Baseline: full load + update, best and median of a few. */
    enum { FULL_RUNS = 7 };
    double full[FULL_RUNS];
    for (int r = 0; r < FULL_RUNS; r++) {
        double t0 = now_us();
        if (bl_doc_set_text(doc, text, len) != 0 || bl_doc_update(doc, NULL) != 0) {
            fprintf(stderr, "bench_update: load failed\n");
            return 1;
        }
        full[r] = now_us() - t0;
    }
    qsort(full, FULL_RUNS, sizeof full[0], cmp_double);
    double full_med = full[FULL_RUNS / 2];

    /* Edits: alternate a body line, a speaker line and a tag near the
     * middle, so that both the text-only and the structural paths run. */
    static const char *const VARIANTS[] = {
        "An edited line of narration, somewhat longer than before.",
        "Park Byung-kwang / Institution for Nat'l Security Strategy",
        "[REPORT]",
        "The reporter describes what happened in the capital today.",
    };
    const size_t nvar = sizeof VARIANTS / sizeof VARIANTS[0];
    int32_t mid = (int32_t)(lines / 2);
    size_t items0 = 0;
    bl_doc_items(doc, &items0);
    for (long k = 0; k < edits; k++) {
        const char *s = VARIANTS[(size_t)k % nvar];
        size_t l = strlen(s);
        int32_t at = mid + (int32_t)(k % 40);
        double t0 = now_us();
        bl_change ch;
        if (bl_doc_replace(doc, at, at + 1, 1, &s, &l) != 0 || bl_doc_update(doc, &ch) != 0) {
            fprintf(stderr, "bench_update: edit failed\n");
            return 1;
        }
        t[k] = now_us() - t0;
    }
    double sum = 0;
    for (long k = 0; k < edits; k++)
        sum += t[k];
    qsort(t, (size_t)edits, sizeof t[0], cmp_double);
    double mean = sum / (double)edits, median = t[edits / 2];
    double p95 = t[(long)((double)edits * 0.95) < edits ? (long)((double)edits * 0.95) : edits - 1];
    size_t items1 = 0;
    bl_doc_items(doc, &items1);

    printf("bench_update: %ld lines, %.1f MB, %zu outline items\n", lines, (double)len / 1e6,
           items0);
    printf("  one-line edit + update: mean %.1f us, median %.1f us, p95 %.1f us (%ld edits)\n",
           mean, median, p95, edits);
    printf("  full set_text + update: median %.1f us, best %.1f us (%d runs)\n", full_med, full[0],
           FULL_RUNS);
    printf("  edit / full (median): %.4f (%.0fx faster than a full re-parse)\n", median / full_med,
           median > 0 ? full_med / median : 0.0);
    (void)items1;

    /* Timing (issue 10) off and on, side by side: the same edits, each
     * timed as doc update alone and as doc update + bl_timing_update(), in
     * alternating rounds so that both see the same load. Two kinds of
     * edit: typing (one more character in a line of narration, the common
     * keystroke) and the mixed edits above. */
    bl_timing *tm = bl_timing_new(NULL);
    if (tm == NULL || bl_timing_update(tm, doc, NULL) != 0) {
        fprintf(stderr, "bench_update: timing failed\n");
        return 1;
    }
    double t_full0 = now_us();
    bl_timing *tf = bl_timing_new(NULL);
    bl_timing_update(tf, doc, NULL);
    double t_full = now_us() - t_full0;
    bl_timing_free(tf);
    double *off = malloc((size_t)edits * sizeof *off), *on = malloc((size_t)edits * sizeof *on);
    char line[4096];
    for (int kind = 0; kind < 2; kind++) {
        int32_t body = mid + 3; /* a line of narration of the story at mid */
        while (bl_doc_line_kind(doc, body) != BL_LINE_BODY)
            body++;
        size_t blen;
        const char *bt = bl_doc_line(doc, body, &blen);
        memcpy(line, bt, blen);
        for (long k = 0; k < edits; k++) {
            int timed = k % 2; /* alternate: off, on, off, on, ... */
            const char *s;
            size_t l;
            int32_t at;
            if (kind == 0) {
                if (blen > 400) /* a long paragraph at most, then again */
                    blen = 60;
                line[blen++] = (char)(k % 7 == 6 ? ' ' : 'a' + k % 26);
                s = line, l = blen, at = body;
            } else {
                s = VARIANTS[(size_t)(k / 2) % nvar], l = strlen(s);
                at = mid + (int32_t)((k / 2) % 40);
            }
            double t0 = now_us();
            bl_change ch;
            if (bl_doc_replace(doc, at, at + 1, 1, &s, &l) != 0 || bl_doc_update(doc, &ch) != 0) {
                fprintf(stderr, "bench_update: edit failed\n");
                return 1;
            }
            if (timed && bl_timing_update(tm, doc, &ch) != 0) {
                fprintf(stderr, "bench_update: timing failed\n");
                return 1;
            }
            double dt = now_us() - t0;
            if (!timed)
                bl_timing_update(tm, doc, &ch); /* keep it current, untimed */
            (timed ? on : off)[k / 2] = dt;
        }
        long m = edits / 2;
        qsort(off, (size_t)m, sizeof *off, cmp_double);
        qsort(on, (size_t)m, sizeof *on, cmp_double);
        double so = 0, sn = 0;
        for (long k = 0; k < m; k++)
            so += off[k], sn += on[k];
        long q = m * 95 / 100, big = 0;
        for (long k = 0; k < m; k++)
            big += on[k] > 500;
        if (getenv("BENCH_DEBUG"))
            fprintf(stderr, "on > 500 us: %ld, max %.0f; off max %.0f\n", big, on[m - 1],
                    off[m - 1]);
        printf("  timing %s: update alone median %.2f us (p95 %.2f, mean %.2f), update + timing "
               "median %.2f us (p95 %.2f, mean %.2f): ratio %.3f (median), %.3f (p95)\n",
               kind == 0 ? "off/on, typing in narration" : "off/on, mixed edits", off[m / 2],
               off[q], so / (double)m, on[m / 2], on[q], sn / (double)m, on[m / 2] / off[m / 2],
               on[q] / off[q]);
    }
    printf("  timing a whole document once (bl_timing_update, no change): %.1f us\n", t_full);
    free(off);
    free(on);
    bl_timing_free(tm);
    bl_doc_free(doc);
    free(text);
    free(t);
    return 0;
}
