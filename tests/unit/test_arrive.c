/* §7 of the format: text as it arrives. Line ends, the BOM, whitespace
 * and invisible characters, NUL bytes, timestamps without a time (§7.1-
 * 7.6); the second half (speakers, typos, brackets, precedence, repeated
 * blocks) is in test_arrive2.c. */
#include <string.h>

#include "rstr.h"
#include "suites.h"

#define NBSP "\xc2\xa0"
#define ZWSP "\xe2\x80\x8b"
#define WJ "\xe2\x81\xa0"
#define BOM "\xef\xbb\xbf"
#define IDEO_SPACE "\xe3\x80\x80"
#define FIG_SPACE "\xe2\x80\x87"
#define NNBSP "\xe2\x80\xaf"
#define IN "\xec\x9e\x85\xeb\xa0\xa5"  /* 입력 */
#define MOD "\xec\x88\x98\xec\xa0\x95" /* 수정 */

#define SECTION(d, k) ut_nth(d, BL_ITEM_SECTION, k)
#define STORY(d, k) ut_nth(d, BL_ITEM_STORY, k)

/* ---- §7.1 line ends (the model's part: a "\r" before "\n") ---- */

START_TEST(crlf_lines_classify_as_lf) {
    bl_doc *d = ut_doc("Heat Wave Title\r\n[LEAD]\r\nText.\r\n[REPORT]\r\n"
                       "[Soundbite] Kim Min-su (Mayor) : \"We act.\"\r\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave Title");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Mayor", 5, 5, 5, "We act.");
}
END_TEST

/* ---- §7.2 BOM ---- */

START_TEST(bom_is_not_part_of_line_one) {
    bl_doc *d = ut_doc(BOM " date 2025-06-11 News Today\n"
                           "\n"
                           "Heat Wave Title\n"
                           "[LEAD]\n"
                           "Text.\n");
    ck_assert_pstr_eq(bl_doc_meta(d)->date, "2025-06-11");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave Title");
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "invisible-char", -1), 0);
}
END_TEST

START_TEST(bom_before_first_tag) {
    bl_doc *d = ut_doc(BOM "[LEAD]\nText.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    ck_assert_str_eq(SECTION(d, 0)->tag, "[LEAD]");
    ck_assert_ptr_null(STORY(d, 0)->title);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "invisible-char", -1), 0);
}
END_TEST

/* ---- §7.3 whitespace ---- */

START_TEST(nbsp_before_tag_is_the_tag) {
    bl_doc *d = ut_doc("[LEAD]\nText.\n" NBSP "[REPORT]\nNarration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_str_eq(SECTION(d, 1)->section, "report");
    ck_assert_str_eq(SECTION(d, 1)->tag, "[REPORT]");
    ck_assert_int_eq(bl_doc_line_kind(d, 2), BL_LINE_TAG);
}
END_TEST

START_TEST(unicode_spaces_before_tags) {
    bl_doc *d = ut_doc(IDEO_SPACE "[LEAD]\nText.\n" FIG_SPACE NNBSP "\t[REPORT]\nNarration.\n" NBSP
                                  "[Soundbite] Kim Min-su (Mayor) : \"We act.\"" NBSP "\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_str_eq(SECTION(d, 0)->section, "lead");
    ck_assert_str_eq(SECTION(d, 1)->section, "report");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Mayor", 5, 5, 5, "We act.");
}
END_TEST

START_TEST(nbsp_line_is_blank) {
    /* The slash paragraph ends at a blank line: one of no-break spaces. */
    bl_doc *d = ut_doc("[REPORT]\nNarration.\n\nKim Min-su / Mayor\nWe act now.\n" NBSP NBSP
                       "\nMore narration here.\n");
    ck_assert_int_eq(bl_doc_line_kind(d, 5), BL_LINE_BLANK);
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Mayor", 4, 5, 5, "We act now.");
}
END_TEST

START_TEST(tab_in_stamp_line) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n" IN "\t2025.06.11\t(15:46)\n" MOD
                       "\t2025.06.11 (16:02)\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(bl_doc_meta(d)->updated, "2025-06-11T16:02");
}
END_TEST

START_TEST(tab_in_one_line_title_stamp) {
    bl_doc *d = ut_doc("Heat Wave News Today " IN "\t2025.06.11 (15:46)\n[LEAD]\nText.\n");
    ck_assert_int_eq(bl_doc_line_kind(d, 0), BL_LINE_META);
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave");
}
END_TEST

START_TEST(label_after_whitespace) {
    bl_doc *d = ut_doc("\tAnchor: The lead text.\n" NBSP " Report: Narration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_str_eq(SECTION(d, 0)->section, "lead");
    ck_assert_str_eq(SECTION(d, 1)->section, "report");
}
END_TEST

START_TEST(nbsp_between_name_words) {
    /* Words separated by a no-break space: still a Name of two words. */
    bl_doc *d = ut_doc("[REPORT]\nNarration.\n\nKim" NBSP "Min-su / Mayor" NBSP "\nWe act now.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim" NBSP "Min-su", "Mayor", 4, 5, 5, "We act now.");
}
END_TEST

/* ---- §7.4 invisible characters ---- */

START_TEST(zwsp_before_tag_is_the_tag) {
    bl_doc *d = ut_doc("[LEAD]\nText.\n" ZWSP "[REPORT]\nNarration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_str_eq(SECTION(d, 1)->tag, "[REPORT]");
    bl_diags *g = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(g, "invisible-char", 2), 1);
    const bl_diag *x = ut_diag(g, "invisible-char");
    ck_assert_int_eq(x->severity, BL_SEV_INFO);
    ck_assert_uint_eq(x->col, 0);
    ck_assert_uint_eq(x->end_col, 3);
    ck_assert_pstr_eq(x->suggestion, "delete U+200B");
}
END_TEST

START_TEST(invisible_line_is_blank) {
    bl_doc *d = ut_doc("[REPORT]\nNarration.\n\nKim Min-su / Mayor\nWe act now.\n" ZWSP WJ
                       "\nMore narration here.\n");
    ck_assert_int_eq(bl_doc_line_kind(d, 5), BL_LINE_BLANK);
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Mayor", 4, 5, 5, "We act now.");
}
END_TEST

START_TEST(invisibles_dropped_from_strings) {
    bl_doc *d = ut_doc("Heat" ZWSP " Wave Title\n[LEAD]\nText.\n[REPORT]\n"
                       "[Soundbite] Kim" WJ " Min-su (May" ZWSP "or) : \"We" ZWSP " act.\"\n");
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave Title");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Mayor", 5, 5, 5, "We act.");
}
END_TEST

START_TEST(invisible_before_attribution_and_label) {
    bl_doc *d = ut_doc("[REPORT]\nNarration.\n\n" WJ "Kim Min-su / Mayor\nWe act now.\n\n" BOM
                       "Anchor: Text.\n");
    bl_diags *g = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(g, "invisible-char", 3), 1);
    ck_assert_uint_eq(ut_diag_count(g, "invisible-char", 6), 1);
    ck_assert_uint_eq(ut_diag_count(g, "invisible-char", -1), 2);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
}
END_TEST

START_TEST(invisible_in_body_not_linted) {
    bl_doc *d = ut_doc("[LEAD]\n" ZWSP "Text of the lead.\n");
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "invisible-char", -1), 0);
}
END_TEST

/* ---- §7.5 NUL and control characters ---- */

START_TEST(nul_does_not_end_strings) {
    static const char text[] = "Heat\0Wave Title\n[LEAD]\nText.\n[REPORT]\n"
                               "[Soundbite] Kim\0Min (Ma\0yor) : \"We act.\"\n";
    bl_doc *d = ut_doc_n(NULL, text, sizeof text - 1);
    const bl_item *st = STORY(d, 0), *q = ut_one_quote(d);
    ck_assert_uint_eq(bl_rstr_len(st->title), 15);
    ck_assert_int_eq(memcmp(st->title, "Heat\0Wave Title", 16), 0);
    ck_assert_uint_eq(bl_rstr_len(q->speaker), 7);
    ck_assert_int_eq(memcmp(q->speaker, "Kim\0Min", 8), 0);
    ck_assert_uint_eq(bl_rstr_len(q->role), 6);
    ck_assert_int_eq(memcmp(q->role, "Ma\0yor", 7), 0);
    ck_assert_uint_eq(bl_rstr_len(q->quote), 7);
}
END_TEST

START_TEST(control_chars_are_ordinary) {
    bl_doc *d = ut_doc("[REPORT]\nText.\n[Soundbite] Kim\x01Min (Mayor) : \"We\x02 act.\"\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_pstr_eq(q->speaker, "Kim\x01Min");
    ck_assert_pstr_eq(q->quote, "We\x02 act.");
    ck_assert_uint_eq(bl_rstr_len(q->quote), 8);
}
END_TEST

/* ---- §7.6 timestamps ---- */

START_TEST(date_only_stamps_are_null) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n" IN " 2025.06.11 " MOD
                       " 2025.06.12\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_ptr_null(bl_doc_meta(d)->posted);
    ck_assert_ptr_null(bl_doc_meta(d)->updated);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "timestamp", -1), 0);
}
END_TEST

START_TEST(date_only_bare_stamp_is_null) {
    bl_doc *d = ut_doc("2025-07-03\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_ptr_null(bl_doc_meta(d)->posted);
    bl_doc *e = ut_doc("2025-07-03 15:21:00\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(bl_doc_meta(e)->posted, "2025-07-03T15:21:00");
}
END_TEST

START_TEST(date_only_iso_stamp_is_null) {
    bl_doc *d = ut_doc(IN " 2025-07-03\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_ptr_null(bl_doc_meta(d)->posted);
    bl_doc *e = ut_doc(IN " 2025-07-03 15:21\n\nTitle Words\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(bl_doc_meta(e)->posted, "2025-07-03T15:21");
}
END_TEST

Suite *arrive_suite(void) {
    Suite *s = suite_create("arrive");
    TCase *tc = ut_tcase("ends_bom_space", 10);
    tcase_add_test(tc, crlf_lines_classify_as_lf);
    tcase_add_test(tc, bom_is_not_part_of_line_one);
    tcase_add_test(tc, bom_before_first_tag);
    tcase_add_test(tc, nbsp_before_tag_is_the_tag);
    tcase_add_test(tc, unicode_spaces_before_tags);
    tcase_add_test(tc, nbsp_line_is_blank);
    tcase_add_test(tc, tab_in_stamp_line);
    tcase_add_test(tc, tab_in_one_line_title_stamp);
    tcase_add_test(tc, label_after_whitespace);
    tcase_add_test(tc, nbsp_between_name_words);
    suite_add_tcase(s, tc);
    tc = ut_tcase("invisible_nul_time", 10);
    tcase_add_test(tc, zwsp_before_tag_is_the_tag);
    tcase_add_test(tc, invisible_line_is_blank);
    tcase_add_test(tc, invisibles_dropped_from_strings);
    tcase_add_test(tc, invisible_before_attribution_and_label);
    tcase_add_test(tc, invisible_in_body_not_linted);
    tcase_add_test(tc, nul_does_not_end_strings);
    tcase_add_test(tc, control_chars_are_ordinary);
    tcase_add_test(tc, date_only_stamps_are_null);
    tcase_add_test(tc, date_only_bare_stamp_is_null);
    tcase_add_test(tc, date_only_iso_stamp_is_null);
    suite_add_tcase(s, tc);
    return s;
}
