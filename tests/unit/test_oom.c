/* Out of memory (alloc.h): a parse / edit / update cycle runs once for
 * every allocation it makes through the core's allocator, that one failing
 * (bl_alloc_fail_after). Each run must end cleanly: every call returns 0
 * or BL_ENOMEM (nothing else, no crash, nothing leaked under ASan), and
 * the doc stays usable: once memory is back, an update makes it what a
 * fresh parse of its lines makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "suites.h"

static const char HEAD[] = " date 2025-06-11 News Today\n"
                           "입력 2025.06.11 (15:46) | 수정 2025.06.11 (16:02)\n"
                           "\n"
                           "[News Today] Lee and Xi Hold First Phone Call\n"
                           "\n"
                           "[LEAD]\n"
                           "President Lee spoke with President Xi yesterday.\n"
                           "\n"
                           "[REPORT]\n"
                           "On Tuesday the two leaders held a call.\n"
                           "\n"
                           "Kang Yu-jung / Presidential Spokesperson\n"
                           "Both leaders agreed to work together.\n"
                           "\n"
                           "[Soundbite] Park Byung-kwang (Institute) : \"Though brief.\"\n"
                           "\n"
                           "2. Heat Wave Grips the Capital\n"
                           "\n"
                           "[LEAD]\n"
                           "Seoul recorded its hottest June day.\n";

/* A story of its own, pasted many times: a replace of many lines (one
 * block) and new items. */
static const char *const PASTE[] = {"",
                                    "3. Rain Ahead",
                                    "",
                                    "[REPORT]",
                                    "Rain comes on Friday.",
                                    "Kim Min-ji / Office Worker",
                                    "\"Finally some relief.\""};
enum { PASTE_LINES = sizeof PASTE / sizeof PASTE[0], PASTES = 12 };

/* The text of doc's lines, parsed afresh: the reference. */
static const char *fresh_of(const bl_doc *doc) {
    int32_t n = bl_doc_line_count(doc);
    size_t total = 1;
    for (int32_t i = 0; i < n; i++) {
        size_t len;
        bl_doc_line(doc, i, &len);
        total += len + 1;
    }
    char *all = ut_keep(malloc(total));
    size_t off = 0;
    for (int32_t i = 0; i < n; i++) {
        size_t len;
        const char *s = bl_doc_line(doc, i, &len);
        memcpy(all + off, s, len);
        off += len;
        all[off++] = '\n';
    }
    return ut_serialize(ut_doc_n(NULL, all, off));
}

#define STEP(call)                                                                                 \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        ck_assert_msg(rc_ == BL_OK || rc_ == BL_ENOMEM, "%s returned %d", #call, rc_);             \
        if (rc_ != BL_OK)                                                                          \
            return rc_;                                                                            \
    } while (0)

/* The cycle: load, update, a one-line edit, a paste of many lines, spans
 * of every line, a deletion, updates between. Returns the first error. */
static int cycle(bl_doc *doc) {
    STEP(bl_doc_set_text(doc, HEAD, sizeof HEAD - 1));
    STEP(bl_doc_update(doc, NULL));
    const char *edit = "[News Today] Lee and Xi Talk Again";
    size_t edit_len = strlen(edit);
    STEP(bl_doc_replace(doc, 3, 4, 1, &edit, &edit_len));
    bl_change ch;
    STEP(bl_doc_update(doc, &ch));
    const char *texts[PASTE_LINES * PASTES];
    size_t lens[PASTE_LINES * PASTES];
    for (size_t k = 0; k < PASTE_LINES * PASTES; k++) {
        texts[k] = PASTE[k % PASTE_LINES];
        lens[k] = strlen(texts[k]);
    }
    int32_t n = bl_doc_line_count(doc);
    STEP(bl_doc_replace(doc, n, n, PASTE_LINES * PASTES, texts, lens));
    STEP(bl_doc_update(doc, &ch));
    size_t nspans = 0;
    if (bl_doc_spans(doc, 0, bl_doc_line_count(doc), &nspans) == NULL)
        return BL_ENOMEM; /* there are spans: NULL says out of memory */
    STEP(bl_doc_replace(doc, n + 2, n + 2 + PASTE_LINES * 3, 0, NULL, NULL));
    STEP(bl_doc_update(doc, &ch));
    return BL_OK;
}

START_TEST(every_allocation_fails_cleanly) {
    /* The reference: the cycle with memory enough. */
    bl_doc *ref = ut_doc_empty(NULL);
    ck_assert_int_eq(cycle(ref), BL_OK);
    const char *want = ut_serialize(ref);
    long runs = 0, failed_runs = 0;
    for (long k = 0; k < 100000; k++) {
        bl_doc *doc = NULL;
        bl_alloc_fail_after(k);
        doc = bl_doc_new(NULL);
        int rc = doc ? cycle(doc) : BL_ENOMEM;
        long injected = bl_alloc_failures();
        bl_alloc_fail_after(-1);
        runs++;
        if (injected == 0) {
            /* Every allocation succeeded: the loop has covered them all. */
            ck_assert_int_eq(rc, BL_OK);
            ck_assert_str_eq(ut_serialize(doc), want);
            bl_doc_free(doc);
            break;
        }
        failed_runs += rc != BL_OK;
        if (doc != NULL) {
            /* Memory is back: the doc recovers. */
            ck_assert_msg(bl_doc_update(doc, NULL) == BL_OK, "allocation %ld: update after", k);
            const char *got = ut_serialize(doc);
            ck_assert_msg(strcmp(got, fresh_of(doc)) == 0,
                          "allocation %ld failing (rc %d): the doc differs from a fresh parse "
                          "of its lines",
                          k, rc);
            if (rc == BL_OK)
                ck_assert_str_eq(got, want);
            bl_doc_free(doc);
        }
    }
    ck_assert_int_eq(bl_alloc_failures(), 0);
    /* The hook reached the cycle's allocations, and some were reported. */
    ck_assert_msg(runs > 10, "only %ld allocations in the cycle", runs);
    ck_assert_msg(failed_runs > 0, "no run reported BL_ENOMEM");
}
END_TEST

/* The hook itself: the n-th allocation fails, later ones too, until off. */
START_TEST(hook_counts) {
    bl_alloc_fail_after(2);
    void *a = bl_malloc(8), *b = bl_calloc(1, 8), *c = bl_malloc(8), *d = bl_strdup("x");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(c);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(bl_alloc_failures(), 2);
    bl_alloc_fail_after(-1);
    void *e = bl_realloc(a, 64);
    ck_assert_ptr_nonnull(e);
    free(e);
    free(b);
}
END_TEST

Suite *oom_suite(void) {
    Suite *s = suite_create("oom");
    TCase *tc = ut_tcase("oom", 300);
    tcase_add_test(tc, hook_counts);
    tcase_add_test(tc, every_allocation_fails_cleanly);
    suite_add_tcase(s, tc);
    return s;
}
