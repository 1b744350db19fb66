/* §1, §5: the header meta (date, program, posted, updated). */
#include "suites.h"

#define IN "\xec\x9e\x85\xeb\xa0\xa5"  /* 입력 */
#define MOD "\xec\x88\x98\xec\xa0\x95" /* 수정 */

#define META(d) bl_doc_meta(d)

START_TEST(date_and_program_news_today) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->date, "2025-06-11");
    ck_assert_pstr_eq(META(d)->program, "News Today");
    ck_assert_ptr_null(META(d)->posted);
    ck_assert_ptr_null(META(d)->updated);
    ck_assert_int_eq(bl_doc_line_kind(d, 0), BL_LINE_META);
}
END_TEST

START_TEST(date_without_leading_space_news9) {
    bl_doc *d = ut_doc("date 2024-03-02 News 9\n[Anchor]\nText.\n");
    ck_assert_pstr_eq(META(d)->date, "2024-03-02");
    ck_assert_pstr_eq(META(d)->program, "News 9");
}
END_TEST

START_TEST(program_kbs_news) {
    bl_doc *d = ut_doc(" date 2019-01-05 KBS NEWS\n[Anchor Lead]\nText.\n");
    ck_assert_pstr_eq(META(d)->program, "KBS NEWS");
}
END_TEST

START_TEST(program_tag_on_date_line) {
    bl_doc *d = ut_doc(" date 2025-06-11 [News Today] A Title Here\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->program, "News Today");
    ck_assert_pstr_eq(META(d)->date, "2025-06-11");
}
END_TEST

START_TEST(program_tag_title_line) {
    bl_doc *d = ut_doc("[News Today] A Title Here\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->program, "News Today");
    ck_assert_ptr_null(META(d)->date);
}
END_TEST

START_TEST(program_news_l_date) {
    /* "[News] l 2016-08-18": program News; date comes from " date" only. */
    bl_doc *d = ut_doc("Some Headline\n\n[News] l 2016-08-18\n\nAnchor: Text.\n");
    ck_assert_pstr_eq(META(d)->program, "News");
    ck_assert_ptr_null(META(d)->date);
    ck_assert_int_eq(bl_doc_line_kind(d, 2), BL_LINE_META);
}
END_TEST

START_TEST(program_none_for_hangul_ui_words) {
    bl_doc *d = ut_doc(" date 2025-06-11 \xeb\x89\xb4\xec\x8a\xa4 \xed\x99\x88\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->date, "2025-06-11");
    ck_assert_ptr_null(META(d)->program);
}
END_TEST

START_TEST(program_not_from_body) {
    bl_doc *d = ut_doc("[LEAD]\nHe appeared on News Today and KBS NEWS last night.\n");
    ck_assert_ptr_null(META(d)->program);
    ck_assert_ptr_null(META(d)->date);
}
END_TEST

START_TEST(stamps_same_line) {
    bl_doc *d = ut_doc(IN " 2025.06.11 (15:46) " MOD " 2025.06.11 (16:02)\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(META(d)->updated, "2025-06-11T16:02");
    ck_assert_int_eq(bl_doc_line_kind(d, 0), BL_LINE_META);
}
END_TEST

START_TEST(stamps_pipe) {
    bl_doc *d = ut_doc(IN " 2025.06.11 (15:46) | " MOD " 2025.06.12 (09:05)\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(META(d)->updated, "2025-06-12T09:05");
}
END_TEST

START_TEST(stamps_next_line) {
    bl_doc *d = ut_doc(IN " 2025.06.11 (15:46)\n" MOD " 2025.06.11 (16:02)\n\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(META(d)->updated, "2025-06-11T16:02");
    ck_assert_int_eq(bl_doc_line_kind(d, 1), BL_LINE_META);
}
END_TEST

START_TEST(stamps_iso) {
    bl_doc *d = ut_doc(IN " 2025-07-03 15:21:00 " MOD " 2025-07-03 18:00:30\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-07-03T15:21:00");
    ck_assert_pstr_eq(META(d)->updated, "2025-07-03T18:00:30");
}
END_TEST

START_TEST(stamps_first_occurrence_wins) {
    bl_doc *d = ut_doc(
        " date 2025-06-11 News Today\n" IN " 2025.06.11 (15:46)\n" MOD " 2025.06.11 (16:02)\n"
        "[LEAD]\nText.\n\n"
        " date 2024-01-01 News 9\n" IN " 2024.01.01 (01:00)\n" MOD " 2024.01.01 (02:00)\n");
    ck_assert_pstr_eq(META(d)->date, "2025-06-11");
    ck_assert_pstr_eq(META(d)->program, "News Today");
    ck_assert_pstr_eq(META(d)->posted, "2025-06-11T15:46");
    ck_assert_pstr_eq(META(d)->updated, "2025-06-11T16:02");
}
END_TEST

START_TEST(bare_timestamp_fills_posted) {
    bl_doc *d = ut_doc("Heat Wave Grips the Nation\n2025-07-03 15:21:00\n\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-07-03T15:21:00");
    ck_assert_ptr_null(META(d)->updated);
    ck_assert_int_eq(bl_doc_line_kind(d, 1), BL_LINE_META);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_STORY, 0)->title, "Heat Wave Grips the Nation");
}
END_TEST

START_TEST(bare_timestamp_loses_to_label) {
    bl_doc *d = ut_doc("2025-07-03 15:21:00\n" IN " 2025.07.04 (08:00)\n[LEAD]\nText.\n");
    ck_assert_pstr_eq(META(d)->posted, "2025-07-04T08:00");
}
END_TEST

START_TEST(no_meta) {
    bl_doc *d = ut_doc("[LEAD]\nThe date 2025-06-11 was mentioned in passing.\n");
    ck_assert_ptr_null(META(d)->date);
    ck_assert_ptr_null(META(d)->program);
    ck_assert_ptr_null(META(d)->posted);
    ck_assert_ptr_null(META(d)->updated);
}
END_TEST

START_TEST(updated_without_posted) {
    bl_doc *d = ut_doc(MOD " 2025.06.11 (16:02)\n[LEAD]\nText.\n");
    ck_assert_ptr_null(META(d)->posted);
    ck_assert_pstr_eq(META(d)->updated, "2025-06-11T16:02");
}
END_TEST

START_TEST(program_from_stamp_line) {
    /* No date line; the programme name rides on the 입력 line. */
    bl_doc *d = ut_doc("HEAT WAVE KBS NEWS " IN " 2019.08.01 (21:10)\n[Anchor Lead]\nText.\n");
    ck_assert_pstr_eq(META(d)->program, "KBS NEWS");
    ck_assert_ptr_null(META(d)->date);
    ck_assert_pstr_eq(META(d)->posted, "2019-08-01T21:10");
}
END_TEST

Suite *meta_suite(void) {
    Suite *s = suite_create("meta");
    TCase *tc = ut_tcase("program", 10);
    tcase_add_test(tc, date_and_program_news_today);
    tcase_add_test(tc, date_without_leading_space_news9);
    tcase_add_test(tc, program_kbs_news);
    tcase_add_test(tc, program_tag_on_date_line);
    tcase_add_test(tc, program_tag_title_line);
    tcase_add_test(tc, program_news_l_date);
    tcase_add_test(tc, program_none_for_hangul_ui_words);
    tcase_add_test(tc, program_not_from_body);
    suite_add_tcase(s, tc);
    tc = ut_tcase("stamps", 10);
    tcase_add_test(tc, stamps_same_line);
    tcase_add_test(tc, stamps_pipe);
    tcase_add_test(tc, stamps_next_line);
    tcase_add_test(tc, stamps_iso);
    tcase_add_test(tc, stamps_first_occurrence_wins);
    tcase_add_test(tc, bare_timestamp_fills_posted);
    tcase_add_test(tc, bare_timestamp_loses_to_label);
    tcase_add_test(tc, no_meta);
    suite_add_tcase(s, tc);
    tc = ut_tcase("edges", 10);
    tcase_add_test(tc, updated_without_posted);
    tcase_add_test(tc, program_from_stamp_line);
    suite_add_tcase(s, tc);
    return s;
}
