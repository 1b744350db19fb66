/* Protocol 2 in the core: quote spans recorded by the parser, fold start
 * flags, diagnostics without their suggestion, the frame scanner's
 * too-big frames and frame heads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
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

/* [2, "nvim_buf_lines_event", [EXT0(7), 1, 0, -1, array32 of n, ...]] */
static size_t lines_head(uint8_t *p, uint32_t n) {
    size_t k = 0;
    p[k++] = 0x93;
    p[k++] = 0x02;
    p[k++] = 0xb4;
    memcpy(p + k, "nvim_buf_lines_event", 20);
    k += 20;
    p[k++] = 0x96;
    p[k++] = 0xd4; /* fixext 1, type 0, payload 7 */
    p[k++] = 0x00;
    p[k++] = 0x07;
    p[k++] = 0x01;
    p[k++] = 0x00;
    p[k++] = 0xff; /* -1 */
    p[k++] = 0xdd;
    p[k++] = (uint8_t)(n >> 24);
    p[k++] = (uint8_t)(n >> 16);
    p[k++] = (uint8_t)(n >> 8);
    p[k++] = (uint8_t)n;
    return k;
}

START_TEST(frame_too_big_is_skipped) {
    uint8_t head[64];
    size_t hl = lines_head(head, BL_RPC_MAX_LINES + 1);
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen = 0;
    ck_assert_int_eq(bl_frame_scan(&sc, head, hl, &flen), BL_FRAME_TOO_BIG);
    ck_assert_ptr_nonnull(strstr(bl_frame_error(&sc), "elements"));
    bl_frame_head h;
    bl_frame_head_parse(head, hl, &h);
    ck_assert_int_eq(h.type, 2);
    ck_assert_uint_eq(h.method_len, 20);
    ck_assert(memcmp(h.method, "nvim_buf_lines_event", 20) == 0);
    ck_assert_int_eq(h.has_buf, 1);
    ck_assert_int_eq(h.buf, 7);
    ck_assert_uint_eq(bl_frame_min_len(&sc), 0); /* nothing reserved */
    /* The caller drops the scanned bytes; the lines then stream through. */
    bl_frame_discard(&sc, hl);
    static uint8_t empties[4096];
    memset(empties, 0xa0, sizeof empties);
    uint32_t left = BL_RPC_MAX_LINES + 1;
    while (left > 0) {
        uint32_t k = left < sizeof empties ? left : (uint32_t)sizeof empties;
        ck_assert_int_eq(bl_frame_scan(&sc, empties, k, &flen), 0);
        bl_frame_discard(&sc, k);
        left -= k;
    }
    uint8_t tail[2] = {0xc2, 0x93}; /* false, then the next frame's first byte */
    ck_assert_int_eq(bl_frame_scan(&sc, tail, 2, &flen), BL_FRAME_SKIPPED);
    ck_assert_uint_eq(flen, 1);
    uint8_t next[4] = {0x93, 0x02, 0xa0, 0x90};
    ck_assert_int_eq(bl_frame_scan(&sc, next, 4, &flen), 1); /* back to normal */
    ck_assert_uint_eq(flen, 4);
}
END_TEST

START_TEST(frame_within_the_cap_fits_the_budget) {
    /* A lines event of exactly the cap of empty lines decodes. */
    uint8_t head[64];
    size_t hl = lines_head(head, BL_RPC_MAX_LINES);
    size_t total = hl + BL_RPC_MAX_LINES + 1;
    uint8_t *f = ut_keep(malloc(total));
    memcpy(f, head, hl);
    memset(f + hl, 0xa0, BL_RPC_MAX_LINES);
    f[total - 1] = 0xc2;
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen = 0;
    ck_assert_int_eq(bl_frame_scan(&sc, f, total, &flen), 1);
    ck_assert_uint_eq(flen, total);
}
END_TEST

START_TEST(frame_malformed_stays_fatal) {
    uint8_t bad[3] = {0x92, 0x00, 0xc1};
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen;
    ck_assert_int_eq(bl_frame_scan(&sc, bad, 3, &flen), BL_EINVAL);
}
END_TEST

Suite *protocol2_suite(void) {
    Suite *s = suite_create("protocol2");
    TCase *tc = ut_tcase("core", 30);
    tcase_add_test(tc, quote_span_one_line_forms);
    tcase_add_test(tc, quote_span_multi_line);
    tcase_add_test(tc, one_line_soundbite_starts_no_fold);
    tcase_add_test(tc, diag_message_without_suggestion);
    tcase_add_test(tc, frame_too_big_is_skipped);
    tcase_add_test(tc, frame_within_the_cap_fits_the_budget);
    tcase_add_test(tc, frame_malformed_stays_fatal);
    suite_add_tcase(s, tc);
    return s;
}
