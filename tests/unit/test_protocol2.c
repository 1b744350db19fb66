/* Protocol 2 in the core: quote spans recorded by the parser, fold start
 * flags, diagnostics without their suggestion (the frame scanner's
 * too-big frames and frame heads: tests/unit/app/test_frame.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* The bytes of item it's quote span on a one-line quote. */
static void assert_span_text(const bl_doc *d, const bl_item *it, const char *want) {
    ck_assert_int_eq(it->quote_line, it->end_line); /* one line */
    size_t len;
    const char *s = bl_doc_line(d, it->quote_line - 1, &len);
    ck_assert_uint_le(it->quote_end_col, len);
    ck_assert_uint_le(it->quote_col, it->quote_end_col);
    ck_assert_uint_eq(it->quote_end_col - it->quote_col, strlen(want));
    ck_assert(memcmp(s + it->quote_col, want, strlen(want)) == 0);
}

START_TEST(quote_span_one_line_forms) {
    bl_doc *d = ut_doc("1. STORY\n"
                       "\n"
                       "[REPORT]\n"
                       "Words.\n"
                       "\n"
                       "  [Soundbite] Kim Min-su (Professor) : \"Yes, it is.\"\n"
                       "\n"
                       "Jo Kim / Reporter\n"
                       "\"On its own line.\"\n");
    const bl_item *a = ut_nth(d, BL_ITEM_QUOTE, 0);
    ck_assert_str_eq(a->quote, "Yes, it is.");
    assert_span_text(d, a, "Yes, it is.");
    const bl_item *b = ut_nth(d, BL_ITEM_QUOTE, 1);
    ck_assert_str_eq(b->quote, "On its own line.");
    assert_span_text(d, b, "On its own line.");
}
END_TEST

START_TEST(quote_span_multi_line) {
    bl_doc *d = ut_doc("1. STORY\n"
                       "\n"
                       "Jo Kim / Reporter\n"
                       "\"A quote that\n"
                       "runs over lines\n"
                       "and ends here.\"\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_str_eq(q->quote, "A quote that runs over lines and ends here.");
    ck_assert_int_eq(q->quote_line, 4);
    ck_assert_int_eq(q->end_line, 6);
    ck_assert_uint_eq(q->quote_col, 1);                            /* after the open mark */
    ck_assert_uint_eq(q->quote_end_col, strlen("and ends here.")); /* before the close */
    /* Fold starts: the story (line 0) and the multi-line soundbite (2). */
    ck_assert_int_eq(bl_doc_fold_value(d, 0), 1 + BL_FOLD_START);
    ck_assert_int_eq(bl_doc_fold_value(d, 1), 1);
    ck_assert_int_eq(bl_doc_fold_value(d, 2), 3 + BL_FOLD_START);
    ck_assert_int_eq(bl_doc_fold_value(d, 3), 3);
    ck_assert_int_eq(bl_doc_fold_level(d, 2), 3); /* the CLI's level */
}
END_TEST

START_TEST(one_line_soundbite_starts_no_fold) {
    bl_doc *d = ut_doc("1. STORY\n"
                       "[REPORT]\n"
                       "[Soundbite] Kim (Prof) : \"Yes.\"\n");
    ck_assert_int_eq(bl_doc_fold_value(d, 0), 1 + BL_FOLD_START);
    ck_assert_int_eq(bl_doc_fold_value(d, 1), 2 + BL_FOLD_START);
    ck_assert_int_eq(bl_doc_fold_value(d, 2), 2);
}
END_TEST

START_TEST(diag_message_without_suggestion) {
    bl_doc *d = ut_doc("1. STORY\n\n[REPROT]\ntext\n");
    const bl_diag *g = ut_diag(ut_lint(d), "unknown-tag");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->message, "unknown tag [REPROT]; did you mean [REPORT]?"); /* CLI */
    ck_assert_uint_eq(g->bare_len, strlen("unknown tag [REPROT]"));
    ck_assert_str_eq(g->suggestion, "[REPORT]");
}
END_TEST

Suite *protocol2_suite(void) {
    Suite *s = suite_create("protocol2");
    TCase *tc = ut_tcase("core", 30);
    tcase_add_test(tc, quote_span_one_line_forms);
    tcase_add_test(tc, quote_span_multi_line);
    tcase_add_test(tc, one_line_soundbite_starts_no_fold);
    tcase_add_test(tc, diag_message_without_suggestion);
    suite_add_tcase(s, tc);
    return s;
}
