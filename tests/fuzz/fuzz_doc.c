/* libFuzzer harness: incremental document model versus a full reparse.
 *
 * The input is split into a pool of lines (at '\n') and a script of edits
 * (the bytes after the first "\0\0"). Each edit replaces lines [a, b) of
 * the document with k lines from the pool, as nvim_buf_lines_event does;
 * every few edits the doc is updated and its items, meta, fold levels and
 * spans are compared with a fresh doc loaded with the same lines. Any
 * difference aborts (that is the bug this harness hunts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "vocab.h"

#define MAX_POOL 64
#define MAX_LINES 400

static int same(const char *a, const char *b) {
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void fail(const char *what, int32_t i) {
    fprintf(stderr, "incremental and full parse differ: %s (index %d)\n", what, (int)i);
    abort();
}

/* The reference docs' vocabulary: the built-in one, as bl_doc_new(NULL)
 * makes it, built once (the doc under test still makes its own). */
static bl_vocab *builtin;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    builtin = bl_vocab_new();
    if (builtin == NULL)
        abort();
    return 0;
}

static void compare(bl_doc *inc) {
    int32_t n = bl_doc_line_count(inc);
    bl_doc *full = bl_doc_new(builtin);
    if (full == NULL) {
        return;
    }
    const char **texts = malloc(((size_t)n + 1) * sizeof *texts);
    size_t *lens = malloc(((size_t)n + 1) * sizeof *lens);
    if (texts == NULL || lens == NULL) {
        abort();
    }
    for (int32_t i = 0; i < n; i++) {
        texts[i] = bl_doc_line(inc, i, &lens[i]);
    }
    if ((n > 0 && bl_doc_replace(full, 0, -1, (size_t)n, texts, lens) != 0) ||
        bl_doc_update(full, NULL) != 0) {
        abort();
    }
    free(texts);
    free(lens);
    size_t ni, nf;
    const bl_item *a = bl_doc_items(inc, &ni);
    const bl_item *b = bl_doc_items(full, &nf);
    if (ni != nf) {
        fail("item count", (int32_t)ni);
    }
    for (size_t i = 0; i < ni; i++) {
        if (a[i].kind != b[i].kind || a[i].level != b[i].level || a[i].form != b[i].form ||
            a[i].line != b[i].line || a[i].end_line != b[i].end_line ||
            a[i].quote_line != b[i].quote_line || !same(a[i].title, b[i].title) ||
            !same(a[i].tag, b[i].tag) || !same(a[i].section, b[i].section) ||
            !same(a[i].speaker, b[i].speaker) || !same(a[i].role, b[i].role) ||
            !same(a[i].quote, b[i].quote)) {
            fail("item", (int32_t)i);
        }
    }
    const bl_meta *ma = bl_doc_meta(inc), *mb = bl_doc_meta(full);
    if (!same(ma->date, mb->date) || !same(ma->program, mb->program) ||
        !same(ma->posted, mb->posted) || !same(ma->updated, mb->updated)) {
        fail("meta", 0);
    }
    for (int32_t i = 0; i < n; i++) {
        if (bl_doc_fold_level(inc, i) != bl_doc_fold_level(full, i)) {
            fail("fold level", i);
        }
    }
    size_t sa, sb;
    const bl_span *pa = bl_doc_spans(inc, 0, n, &sa);
    /* bl_doc_spans() reuses a scratch buffer per doc: two docs, two buffers. */
    const bl_span *pb = bl_doc_spans(full, 0, n, &sb);
    if (sa != sb) {
        fail("span count", (int32_t)sa);
    }
    for (size_t i = 0; i < sa; i++) {
        if (pa[i].line != pb[i].line || pa[i].col != pb[i].col || pa[i].end_col != pb[i].end_col ||
            pa[i].group != pb[i].group) {
            fail("span", (int32_t)i);
        }
    }
    bl_doc_free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *pool[MAX_POOL];
    size_t plen[MAX_POOL];
    size_t np = 0, i = 0;
    /* The line pool: text up to "\0\0", split at '\n'. */
    size_t line_start = 0;
    while (i < size && !(data[i] == 0 && i + 1 < size && data[i + 1] == 0)) {
        if (data[i] == '\n' && np < MAX_POOL) {
            pool[np] = (const char *)data + line_start;
            plen[np++] = i - line_start;
            line_start = i + 1;
        }
        i++;
    }
    if (np < MAX_POOL) {
        pool[np] = (const char *)data + line_start;
        plen[np++] = i - line_start;
    }
    i += 2;
    bl_doc *doc = bl_doc_new(NULL);
    if (doc == NULL) {
        return 0;
    }
    /* Start with the whole pool, as the first nvim_buf_lines_event. */
    if (bl_doc_replace(doc, 0, -1, np, pool, plen) != 0 || bl_doc_update(doc, NULL) != 0) {
        abort();
    }
    compare(doc);
    int edits = 0;
    while (i + 3 < size && edits < 80) {
        int32_t n = bl_doc_line_count(doc);
        int32_t a = n > 0 ? data[i] % (n + 1) : 0;
        int32_t b = a + data[i + 1] % 4;
        b = b > n ? n : b;
        size_t k = data[i + 2] % 4;
        uint8_t pick = data[i + 3];
        i += 4;
        if (n - (b - a) + (int32_t)k > MAX_LINES) {
            k = 0;
        }
        const char *texts[4];
        size_t lens[4];
        for (size_t j = 0; j < k; j++) {
            texts[j] = pool[(pick + j * 7) % np];
            lens[j] = plen[(pick + j * 7) % np];
        }
        if (bl_doc_replace(doc, a, b, k, texts, lens) != 0) {
            abort();
        }
        edits++;
        if ((pick & 3) == 0) { /* sometimes several edits per update */
            bl_change ch;
            if (bl_doc_update(doc, &ch) != 0) {
                abort();
            }
            int32_t nn = bl_doc_line_count(doc);
            if (ch.first < 0 || ch.first > ch.last || ch.last > nn) {
                fprintf(stderr, "bl_change [%d, %d) outside %d lines\n", ch.first, ch.last, nn);
                abort();
            }
            compare(doc);
        }
    }
    if (bl_doc_update(doc, NULL) != 0) {
        abort();
    }
    compare(doc);
    bl_doc_free(doc);
    return 0;
}
