/* §3: where stories start and what their titles are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

#define STORY(d, k) ut_nth(d, BL_ITEM_STORY, k)

/* ---- the first story ---- */

START_TEST(first_from_program_tag) {
    bl_doc *d = ut_doc("[News Today] Lee Meets Xi by Phone\n"
                       "\n"
                       "[LEAD]\n"
                       "President Lee spoke with Xi.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Lee Meets Xi by Phone");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_int_eq(STORY(d, 0)->end_line, 4);
    ck_assert_int_eq(bl_doc_line_kind(d, 0), BL_LINE_TITLE);
}
END_TEST

START_TEST(first_from_date_line_program_tag) {
    bl_doc *d = ut_doc(" date 2025-06-11 [News Today] Lee Meets Xi by Phone\n"
                       "\n"
                       "[LEAD]\n"
                       "President Lee spoke with Xi.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Lee Meets Xi by Phone");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_pstr_eq(bl_doc_meta(d)->date, "2025-06-11");
    ck_assert_pstr_eq(bl_doc_meta(d)->program, "News Today");
}
END_TEST

START_TEST(first_from_caps_title_on_stamp_line) {
    bl_doc *d =
        ut_doc("LEE MEETS XI BY PHONE News Today \xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n"
               "\n"
               "[LEAD]\n"
               "President Lee spoke with Xi.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "LEE MEETS XI BY PHONE");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_pstr_eq(bl_doc_meta(d)->program, "News Today");
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-06-11T15:46");
}
END_TEST

START_TEST(first_from_date_line_title_program) {
    bl_doc *d = ut_doc(" date 2025-06-11 Lee Meets Xi News Today \xec\x9e\x85\xeb\xa0\xa5 "
                       "2025.06.11 (15:46)\n"
                       "[LEAD]\n"
                       "President Lee spoke with Xi.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Lee Meets Xi");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_pstr_eq(bl_doc_meta(d)->date, "2025-06-11");
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-06-11T15:46");
}
END_TEST

START_TEST(first_short_line_then_stamp) {
    bl_doc *d = ut_doc("\n"
                       "Heat Wave Grips the Nation\n"
                       "\n"
                       "\xec\x9e\x85\xeb\xa0\xa5 2025.07.03 (09:00)\n"
                       "\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave Grips the Nation");
    ck_assert_int_eq(STORY(d, 0)->line, 2);
    ck_assert_int_eq(STORY(d, 0)->end_line, 7);
}
END_TEST

START_TEST(first_after_header_and_chrome) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n"
                       "\n"
                       "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n"
                       "facebook\n"
                       "\"Heat wave grips the nation\"\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat wave grips the nation");
    ck_assert_int_eq(STORY(d, 0)->line, 5);
}
END_TEST

START_TEST(first_sentence_has_no_title) {
    bl_doc *d = ut_doc("The heat wave continued for a fifth day.\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_ptr_null(STORY(d, 0)->title);
    ck_assert_int_eq(STORY(d, 0)->line, 1);
}
END_TEST

START_TEST(first_long_line_has_no_title) {
    bl_doc *d = ut_doc("One two three four five six seven eight nine ten eleven twelve thirteen "
                       "fourteen fifteen sixteen\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_ptr_null(STORY(d, 0)->title);
}
END_TEST

START_TEST(first_tag_has_no_title) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n"
                       "\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_ptr_null(STORY(d, 0)->title);
    ck_assert_int_eq(STORY(d, 0)->line, 3);
}
END_TEST

/* ---- later stories ---- */

#define LEAD1 "[News Today] First Story Title\n[LEAD]\nFirst lead text.\n\n"

START_TEST(later_numbered) {
    bl_doc *d = ut_doc(LEAD1 "2. Exports Rebound in May\n"
                             "[REPORT]\n"
                             "Exports rose.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 0)->title, "First Story Title");
    ck_assert_int_eq(STORY(d, 0)->end_line, 3);
    ck_assert_pstr_eq(STORY(d, 1)->title, "2. Exports Rebound in May");
    ck_assert_int_eq(STORY(d, 1)->line, 5);
    ck_assert_int_eq(STORY(d, 1)->end_line, 7);
}
END_TEST

START_TEST(later_numbered_lookalikes) {
    /* Too long (13 words), or ending in '.'. */
    bl_doc *d = ut_doc(LEAD1 "2. One two three four five six seven eight nine ten eleven twelve "
                             "thirteen\n"
                             "\n"
                             "3. Exports rebounded in May.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
}
END_TEST

START_TEST(later_all_caps) {
    bl_doc *d = ut_doc(LEAD1 "EXPORTS REBOUND IN MAY\n"
                             "Exports rose.\n"
                             "\n"
                             "\"RATES HELD STEADY\"\n"
                             "Rates held.\n"
                             "\n"
                             "\xe2\x80\x9cJOBS DATA DUE\xe2\x80\x9d\n"
                             "Data soon.\n"
                             "\n"
                             "4.8 MAGNITUDE QUAKE HITS COAST\n"
                             "A quake hit.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 5);
    ck_assert_pstr_eq(STORY(d, 1)->title, "EXPORTS REBOUND IN MAY");
    ck_assert_int_eq(STORY(d, 1)->line, 5);
    ck_assert_int_eq(STORY(d, 1)->end_line, 6);
    ck_assert_pstr_eq(STORY(d, 2)->title, "RATES HELD STEADY");
    ck_assert_int_eq(STORY(d, 2)->line, 8);
    ck_assert_pstr_eq(STORY(d, 3)->title, "JOBS DATA DUE");
    ck_assert_pstr_eq(STORY(d, 4)->title, "4.8 MAGNITUDE QUAKE HITS COAST");
    ck_assert_int_eq(STORY(d, 4)->line, 14);
}
END_TEST

START_TEST(later_all_caps_lookalikes) {
    /* One word; over 100 bytes; Hangul in it. */
    bl_doc *d = ut_doc(LEAD1 "BREAKING\n"
                             "\n"
                             "THIS LINE IS WRITTEN ENTIRELY IN CAPITAL LETTERS AND IT GOES ON AND "
                             "ON FOR WELL OVER ONE HUNDRED BYTES\n"
                             "\n"
                             "KBS \xeb\x89\xb4\xec\x8a\xa4 SPECIAL\n"
                             "Text.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
}
END_TEST

START_TEST(later_title_case_before_lead) {
    bl_doc *d = ut_doc(LEAD1 "Exports Rebound in May\n"
                             "\n"
                             "[Anchor Lead]\n"
                             "Exports rose.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 1)->title, "Exports Rebound in May");
    ck_assert_int_eq(STORY(d, 1)->line, 5);
    ck_assert_int_eq(bl_doc_line_kind(d, 4), BL_LINE_TITLE);
}
END_TEST

START_TEST(later_title_case_lookalikes) {
    /* Not followed by a lead tag; ending in '.'; over 8 words. */
    bl_doc *d = ut_doc(LEAD1 "Exports Rebound in May\n"
                             "[REPORT]\n"
                             "Exports rose.\n"
                             "\n"
                             "Exports Rebound in May.\n"
                             "[LEAD]\n"
                             "Text.\n"
                             "\n"
                             "Exports Rebound in May After a Long Slump Across Asia\n"
                             "[LEAD]\n"
                             "Text.\n"
                             "\n"
                             "Exports Rebound in May\n"
                             "Narration follows the short line.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
}
END_TEST

/* ---- the repeated-title rule ---- */

START_TEST(repeated_title_caps_curly) {
    bl_doc *d = ut_doc("[News Today] Lee Meets Xi's Envoy\n"
                       "[LEAD]\n"
                       "Text.\n"
                       "[REPORT]\n"
                       "More text.\n"
                       "\n"
                       "\xe2\x80\x9cLEE MEETS XI\xe2\x80\x99S ENVOY\xe2\x80\x9d\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
    ck_assert_int_eq(STORY(d, 0)->end_line, 7);
}
END_TEST

START_TEST(repeated_title_spaces_and_program_tag) {
    bl_doc *d = ut_doc("LEE MEETS XI\xe2\x80\x99S ENVOY\n"
                       "[LEAD]\n"
                       "Text.\n"
                       "\n"
                       "[News Today]   Lee  meets   Xi's envoy\n"
                       "\n"
                       "\"Lee Meets Xi's  Envoy\"\n"
                       "[LEAD]\n"
                       "Text.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
    ck_assert_pstr_eq(STORY(d, 0)->title, "LEE MEETS XI\xe2\x80\x99S ENVOY");
}
END_TEST

START_TEST(different_title_is_a_story) {
    bl_doc *d = ut_doc("LEE MEETS XI'S ENVOY\n"
                       "[LEAD]\n"
                       "Text.\n"
                       "\n"
                       "LEE MEETS XI'S ENVOYS\n"
                       "Text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
}
END_TEST

START_TEST(title_case_curly_quoted_before_lead) {
    bl_doc *d = ut_doc(LEAD1 "\xe2\x80\x9c"
                             "Exports Rebound in May\xe2\x80\x9d\n"
                             "Anchor: Exports rose.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 1)->title, "Exports Rebound in May");
}
END_TEST

START_TEST(first_title_has_no_hangul) {
    bl_doc *d = ut_doc("Seoul \xec\x84\x9c\xec\x9a\xb8 Heat Wave\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    const char *t = STORY(d, 0)->title;
    ck_assert_msg(t == NULL || strstr(t, "\xec\x84\x9c") == NULL, "title with Hangul: %s", t);
}
END_TEST

START_TEST(first_from_stamp_line_with_update) {
    bl_doc *d = ut_doc("Heat Wave News Today \xec\x9e\x85\xeb\xa0\xa5 2025.07.03 (09:00) "
                       "\xec\x88\x98\xec\xa0\x95 2025.07.03 (10:30)\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-07-03T09:00");
    ck_assert_pstr_eq(bl_doc_meta(d)->updated, "2025-07-03T10:30");
}
END_TEST

START_TEST(first_title_before_stamp_only) {
    /* Text before 입력 with no programme name. */
    bl_doc *d = ut_doc("Heat Wave Grips Seoul \xec\x9e\x85\xeb\xa0\xa5 2025.07.03 (09:00)\n"
                       "[LEAD]\n"
                       "Temperatures rose again.\n");
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave Grips Seoul");
    ck_assert_int_eq(STORY(d, 0)->line, 1);
    ck_assert_pstr_eq(bl_doc_meta(d)->posted, "2025-07-03T09:00");
}
END_TEST

START_TEST(repeated_header_lead_block) {
    bl_doc *d = ut_doc("[News Today] Lee Meets Xi\n"
                       "[LEAD]\n"
                       "President Lee spoke with Xi.\n"
                       "[REPORT]\n"
                       "The report.\n"
                       "\n"
                       "[News Today] Lee Meets Xi\n"
                       "[LEAD]\n"
                       "President Lee spoke with Xi.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
    ck_assert_int_eq(STORY(d, 0)->end_line, 9);
}
END_TEST

START_TEST(program_tag_title_unquoted) {
    /* Titles are reported without surrounding quote marks. */
    bl_doc *d = ut_doc("[News Today] \"Lee Meets Xi\"\n"
                       "[LEAD]\n"
                       "Text.\n"
                       "\n"
                       "[News Today] \xe2\x80\x9c"
                       "Exports Rebound\xe2\x80\x9d\n"
                       "[LEAD]\n"
                       "Text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 0)->title, "Lee Meets Xi");
    ck_assert_pstr_eq(STORY(d, 1)->title, "Exports Rebound");
}
END_TEST

START_TEST(stamp_line_title_unquoted) {
    bl_doc *d = ut_doc("\"Heat Wave\" News Today \xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n"
                       "[LEAD]\n"
                       "Text.\n");
    ck_assert_pstr_eq(STORY(d, 0)->title, "Heat Wave");
}
END_TEST

START_TEST(long_titles_differing_at_the_end) {
    /* Two headlines sharing a long prefix are different headlines. */
    char w[64 * 11 + 1] = "";
    for (int i = 0; i < 11; i++)
        strcat(w, "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz ");
    char *buf = ut_keep(malloc(2 * sizeof w + 128));
    sprintf(buf, "[News Today] %sOne\n[LEAD]\nText.\n\n[News Today] %sTwo\n[LEAD]\nText.\n", w, w);
    bl_doc *d = ut_doc(buf);
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 2, "two stories expected:\n%s", ut_outline(d));
}
END_TEST

START_TEST(untitled_first_story_then_caps) {
    bl_doc *d = ut_doc("[LEAD]\n"
                       "Text.\n"
                       "\n"
                       "EXPORTS REBOUND IN MAY\n"
                       "[LEAD]\n"
                       "Text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_ptr_null(STORY(d, 0)->title);
    ck_assert_int_eq(STORY(d, 0)->end_line, 2);
    ck_assert_pstr_eq(STORY(d, 1)->title, "EXPORTS REBOUND IN MAY");
}
END_TEST

/* ---- limits: the last size that counts and the first that does not ---- */

#define CAPS99                                                                                     \
    "ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI ABCDEFGHI "   \
    "ABCDEFGHI"
START_TEST(caps_100_bytes_limit) {
    bl_doc *d = ut_doc("[LEAD]\nText.\n\n" CAPS99 "J\nText.\n\n" CAPS99 "JK\nText.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 2, "two stories expected:\n%s", ut_outline(d));
    ck_assert_int_eq(STORY(d, 1)->line, 4);
    ck_assert_int_eq(STORY(d, 1)->end_line, 8);
}
END_TEST

START_TEST(title_case_8_words_limit) {
    bl_doc *d = ut_doc(LEAD1 "One Two Three Four Five Six Seven Eight\n"
                             "[LEAD]\n"
                             "Text.\n"
                             "\n"
                             "One Two Three Four Five Six Seven Eight Nine\n"
                             "[LEAD]\n"
                             "Text.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 2, "two stories expected:\n%s", ut_outline(d));
    ck_assert_pstr_eq(STORY(d, 1)->title, "One Two Three Four Five Six Seven Eight");
}
END_TEST

START_TEST(numbered_12_words_limit) {
    bl_doc *d = ut_doc(LEAD1 "2. One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve\n"
                             "Text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
}
END_TEST

START_TEST(first_title_15_words_limit) {
    bl_doc *d = ut_doc("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen "
                       "Fourteen Fifteen\n"
                       "[LEAD]\n"
                       "Text.\n");
    ck_assert_pstr_eq(STORY(d, 0)->title, "One Two Three Four Five Six Seven Eight Nine Ten "
                                          "Eleven Twelve Thirteen Fourteen Fifteen");
}
END_TEST

START_TEST(repeated_title_inner_quotes) {
    bl_doc *d = ut_doc("Lee Says \"No\" to Xi\n"
                       "[LEAD]\n"
                       "Text.\n"
                       "\n"
                       "LEE SAYS NO TO XI\n"
                       "Text.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_STORY) == 1, "one story expected:\n%s", ut_outline(d));
}
END_TEST

Suite *titles_suite(void) {
    Suite *s = suite_create("titles");
    TCase *tc = ut_tcase("first_story", 10);
    tcase_add_test(tc, first_from_program_tag);
    tcase_add_test(tc, first_from_date_line_program_tag);
    tcase_add_test(tc, first_from_caps_title_on_stamp_line);
    tcase_add_test(tc, first_from_date_line_title_program);
    tcase_add_test(tc, first_short_line_then_stamp);
    tcase_add_test(tc, first_after_header_and_chrome);
    tcase_add_test(tc, first_sentence_has_no_title);
    tcase_add_test(tc, first_long_line_has_no_title);
    tcase_add_test(tc, first_tag_has_no_title);
    suite_add_tcase(s, tc);
    tc = ut_tcase("later_stories", 10);
    tcase_add_test(tc, later_numbered);
    tcase_add_test(tc, later_numbered_lookalikes);
    tcase_add_test(tc, later_all_caps);
    tcase_add_test(tc, later_all_caps_lookalikes);
    tcase_add_test(tc, later_title_case_before_lead);
    tcase_add_test(tc, later_title_case_lookalikes);
    suite_add_tcase(s, tc);
    tc = ut_tcase("repeated_title", 10);
    tcase_add_test(tc, repeated_title_caps_curly);
    tcase_add_test(tc, repeated_title_spaces_and_program_tag);
    tcase_add_test(tc, different_title_is_a_story);
    suite_add_tcase(s, tc);
    tc = ut_tcase("edges", 10);
    tcase_add_test(tc, title_case_curly_quoted_before_lead);
    tcase_add_test(tc, first_title_has_no_hangul);
    tcase_add_test(tc, first_from_stamp_line_with_update);
    tcase_add_test(tc, first_title_before_stamp_only);
    tcase_add_test(tc, repeated_header_lead_block);
    suite_add_tcase(s, tc);
    tc = ut_tcase("quoted_and_long", 10);
    tcase_add_test(tc, program_tag_title_unquoted);
    tcase_add_test(tc, stamp_line_title_unquoted);
    tcase_add_test(tc, long_titles_differing_at_the_end);
    tcase_add_test(tc, untitled_first_story_then_caps);
    suite_add_tcase(s, tc);
    tc = ut_tcase("limits", 10);
    tcase_add_test(tc, caps_100_bytes_limit);
    tcase_add_test(tc, title_case_8_words_limit);
    tcase_add_test(tc, numbered_12_words_limit);
    tcase_add_test(tc, first_title_15_words_limit);
    tcase_add_test(tc, repeated_title_inner_quotes);
    suite_add_tcase(s, tc);
    return s;
}
