/* §7 of the format, second half: speakers in tagged forms (§7.7), bare
 * [Soundbite] (§7.8), typos (§7.9), bracket ends (§7.10), precedence
 * (§7.12) and the repeated header/lead block (§7.13). */
#include <stdio.h>
#include <string.h>

#include "suites.h"

#define HONG "\xed\x99\x8d\xea\xb8\xb8\xeb\x8f\x99" /* 홍길동 */
#define REPORTER "\xea\xb8\xb0\xec\x9e\x90"         /* 기자 */
#define WORDS                                                                                          \
    "\xeb\xa7\x90\xec\x94\x80 \xeb\x93\x9c\xeb\xa6\xbd\xeb\x8b\x88\xeb\x8b\xa4" /* 말씀 드립니다 \
                                                                                 */
#define PRE "[REPORT]\nNarration of the reporter goes here.\n\n"
#define SECTION(d, k) ut_nth(d, BL_ITEM_SECTION, k)
#define STORY(d, k) ut_nth(d, BL_ITEM_STORY, k)

/* ---- §7.7 speakers in tagged forms ---- */

START_TEST(inline_hangul_speaker) {
    bl_doc *d = ut_doc(PRE "[Soundbite] " HONG " (" REPORTER ") : \"We act.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, HONG, REPORTER, 4, 4, 4, "We act.");
}
END_TEST

START_TEST(inline_lowercase_speaker) {
    bl_doc *d = ut_doc(PRE "[Soundbite] kim min-su : \"We act.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "kim min-su", NULL, 4, 4, 4, "We act.");
}
END_TEST

START_TEST(tag_line_hangul_speaker) {
    bl_doc *d = ut_doc(PRE "[Soundbite]\n" HONG " (" REPORTER "): " WORDS "\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_TAG_LINE, HONG, REPORTER, 4, 5, 5, WORDS);
}
END_TEST

START_TEST(tagged_speaker_limits) {
    /* Nine words, or a quote mark, in the speaker slot: not a speaker. */
    bl_doc *d = ut_doc(PRE "[Soundbite] one two three four five six seven eight nine : words\n");
    ck_assert_int_ne(ut_one_quote(d)->form, BL_FORM_INLINE);
    bl_doc *e = ut_doc(PRE "[Soundbite] one two three four five six seven eight : words\n");
    UT_QUOTE(ut_one_quote(e), BL_FORM_INLINE, "one two three four five six seven eight", NULL, 4, 4,
             4, "words");
}
END_TEST

START_TEST(hangul_slash_with_quote) {
    bl_doc *d = ut_doc(PRE HONG " / " REPORTER "\n\"We will act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, HONG, REPORTER, 4, 5, 5, "We will act now.");
    bl_doc *e = ut_doc(PRE HONG " / " REPORTER "\n" WORDS "\n");
    UT_QUOTE(ut_one_quote(e), BL_FORM_SLASH, HONG, REPORTER, 4, 5, 5, WORDS);
}
END_TEST

START_TEST(hangul_colon_attribution) {
    bl_doc *d = ut_doc(PRE HONG " (" REPORTER "): " WORDS "\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_COLON, HONG, REPORTER, 4, 4, 4, WORDS);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "chrome", -1), 0);
    bl_doc *e = ut_doc(PRE "[Soundbite]\n" HONG " (" REPORTER "): " WORDS "\n");
    ck_assert_uint_eq(ut_diag_count(ut_lint(e), "chrome", -1), 0);
}
END_TEST

START_TEST(hangul_slash_alone_is_chrome) {
    bl_doc *d = ut_doc(PRE HONG " / " REPORTER "\n\n[REPORT]\nMore.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 0);
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_CHROME);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "chrome", 3), 1);
}
END_TEST

START_TEST(hangul_name_limits) {
    /* Four Hangul words, or Hangul mixed with Latin: no Name. */
    bl_doc *d = ut_doc(PRE HONG " " HONG " " HONG " " HONG " / Role Words\nWe act now.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 0);
    bl_doc *e = ut_doc(PRE "Kim " HONG " / Role Words\nWe act now.\n");
    ck_assert_uint_eq(ut_count(e, BL_ITEM_QUOTE), 0);
}
END_TEST

/* ---- §7.8 bare [Soundbite] ---- */

START_TEST(bare_soundbite_without_usable_line) {
    static const char *const next[] = {"[LEAD]\nText.\n", "Anchor: Text.\n",
                                       "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n", "",
                                       "Narration that names nobody at all.\n"};
    for (size_t k = 0; k < sizeof next / sizeof next[0]; k++) {
        char buf[256];
        snprintf(buf, sizeof buf, PRE "[Soundbite]\n%s", next[k]);
        bl_doc *d = ut_doc(buf);
        UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, NULL, 4, 0, 4, NULL);
    }
}
END_TEST

/* ---- §7.9 typos never silently drop a soundbite ---- */

START_TEST(stray_colon_after_tag) {
    bl_doc *d = ut_doc(PRE "[Soundbite]: Kim Min-su (Mayor) : \"We act.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Mayor", 4, 4, 4, "We act.");
    bl_diags *g = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(g, "malformed-tag", 3), 1);
    ck_assert_pstr_eq(ut_diag(g, "malformed-tag")->suggestion, "[Soundbite]");
}
END_TEST

START_TEST(soundbite_tag_missing_close) {
    bl_doc *d = ut_doc(PRE "[Soundbite Kim Min-su (Mayor) : \"We act.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Mayor", 4, 4, 4, "We act.");
    bl_diags *g = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(g, "malformed-tag", 3), 1);
    ck_assert_pstr_eq(ut_diag(g, "malformed-tag")->suggestion, "[Soundbite]");
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_TAG);
}
END_TEST

START_TEST(well_formed_tag_no_typo_lint) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su (Mayor) : \"We act.\"\n");
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "malformed-tag", -1), 0);
}
END_TEST

START_TEST(tag_typos_are_linted) {
    /* One character off a soundbite tag or radio cue: narration, but
     * malformed-tag says what is wrong, with the spelling to use. */
    static const struct {
        const char *line, *fix;
    } cases[] = {
        {"[ oundbite] Kim (Mayor) : \"We act.\"", "[Soundbite]"},
        {".Soundbite]", "[Soundbite]"},
        {"/Soundbite] Kim (Mayor) : \"We act.\"", "[Soundbite]"},
        {"[Soundbite.", "[Soundbite]"},
        {"[Sound[ite]", "[Soundbite]"},
        {"[Sund bites from the scene]", "[Sound bites from"},
        {"[SOUND BITES FROM THE SCENE]", "[Sound bites from"},
        {"[Sound bite Kim - Mayor]", "[Sound bite:"},
        {"Kim Min-su: \"We act now.\"]", NULL},
        {"[Kim / Mayor \"We act now.\"]", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[256];
        snprintf(buf, sizeof buf, PRE "%s\nNarration again here.\n", cases[k].line);
        bl_doc *d = ut_doc(buf);
        bl_diags *g = ut_lint(d);
        ck_assert_msg(ut_diag_count(g, "malformed-tag", 3) == 1, "%s: %s", cases[k].line,
                      ut_diag_list(g));
        ck_assert_pstr_eq(ut_diag(g, "malformed-tag")->suggestion, cases[k].fix);
    }
}
END_TEST

START_TEST(narration_not_near_tag) {
    bl_doc *d = ut_doc(PRE "Reports say the sound was loud [and clear].\n"
                           "Soundbites were aired later.\nA (note) here.\n");
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, "malformed-tag", -1) == 0, "%s", ut_diag_list(g));
}
END_TEST

START_TEST(bracket_without_quote_marks) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su / Mayor: we will act now]\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim Min-su", "Mayor", 4, 4, 4, "we will act now");
    bl_doc *e = ut_doc(PRE "[Kim Min-su: we will act on this now]\n");
    UT_QUOTE(ut_one_quote(e), BL_FORM_BRACKET, "Kim Min-su", NULL, 4, 4, 4,
             "we will act on this now");
}
END_TEST

START_TEST(short_bracket_without_marks_is_unknown_tag) {
    /* "[Note: see]": four words or fewer, no "/": a tag-shaped unknown. */
    bl_doc *d = ut_doc(PRE "[Note: see this]\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 0);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "unknown-tag", 3), 1);
}
END_TEST

START_TEST(bracket_one_quote_mark) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su / Mayor: \"we will act now]\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim Min-su", "Mayor", 4, 4, 4, "we will act now");
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "unbalanced-quote", 3), 1);
}
END_TEST

/* ---- §7.10 bracket soundbites end at their ']' ---- */

START_TEST(bracket_then_narration) {
    bl_doc *d = ut_doc(PRE "[Kim / Mayor: \"We act.\"] More narration.\n"
                           "Next paragraph of narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim", "Mayor", 4, 4, 4, "We act.");
    ck_assert_int_eq(bl_doc_line_kind(d, 4), BL_LINE_BODY);
    bl_doc *e = ut_doc(PRE "[Kim / Mayor: \"We act.\"].\nNext paragraph of narration.\n");
    UT_QUOTE(ut_one_quote(e), BL_FORM_BRACKET, "Kim", "Mayor", 4, 4, 4, "We act.");
}
END_TEST

START_TEST(bracket_multiline_then_narration) {
    bl_doc *d = ut_doc(PRE "[Kim / Mayor: \"We act\n"
                           "and we go.\"] Narration goes on.\n"
                           "Next paragraph of narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim", "Mayor", 4, 4, 5, "We act and we go.");
    ck_assert_int_eq(bl_doc_line_kind(d, 5), BL_LINE_BODY);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "unbalanced-quote", -1), 0);
}
END_TEST

START_TEST(bracket_inner_brackets) {
    bl_doc *d = ut_doc(PRE "[Kim / Mayor: \"We act [on it] now.\"] Then narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim", "Mayor", 4, 4, 4, "We act [on it] now.");
}
END_TEST

/* ---- §7.12 precedence ---- */

START_TEST(quoted_sentence_before_lead_is_no_title) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n[REPORT]\nNarration.\n\n"
                       "Kim Min-su / Mayor\n\"We will act.\"\n\n[LEAD]\nNext lead.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Mayor", 7, 8, 8, "We will act.");
    bl_doc *e = ut_doc("Title Words\n[LEAD]\nText.\n\n\"We will act.\"\n[LEAD]\nNext.\n");
    ck_assert_uint_eq(ut_count(e, BL_ITEM_STORY), 1);
    ck_assert_int_ne(bl_doc_line_kind(e, 4), BL_LINE_TITLE);
}
END_TEST

START_TEST(quoted_caps_title_still_title) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n\n\"N. KOREA FIRES MISSILE\"\n[LEAD]\nNext.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 1)->title, "N. KOREA FIRES MISSILE");
}
END_TEST

START_TEST(bracket_line_never_title) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n\n[SOUND BITES FROM THE SCENE OF IT]\n"
                       "Narration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_int_ne(bl_doc_line_kind(d, 4), BL_LINE_TITLE);
    bl_doc *e =
        ut_doc("Title Words\n[LEAD]\nText.\n\n[Some Bracketed Words Here Too]\n[LEAD]\nB.\n");
    ck_assert_uint_eq(ut_count(e, BL_ITEM_STORY), 1);
}
END_TEST

START_TEST(radio_quote_over_caps_title) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n[Sound bite: Kim Min-su - Mayor]\n"
                       "\"WE WILL ACT NOW\"\nNarration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Mayor", 4, 5, 5, "WE WILL ACT NOW");
}
END_TEST

START_TEST(slash_before_lead_is_dangling) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n\nKim Min-su / Mayor\n[LEAD]\nNext.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Mayor", 5, 0, 5, NULL);
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "dangling-attribution", 4), 1);
}
END_TEST

START_TEST(chrome_before_lead_stays_chrome) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\n\nTOP\n[LEAD]\nNext.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 1);
    ck_assert_int_eq(bl_doc_line_kind(d, 4), BL_LINE_CHROME);
}
END_TEST

START_TEST(program_title_anywhere) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nText.\nMore text.\n[News Today] Second Story Here\n"
                       "Narration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    ck_assert_pstr_eq(STORY(d, 1)->title, "Second Story Here");
}
END_TEST

/* ---- §7.13 the repeated header/lead block ---- */

#define TWICE " date 2025-06-11 News Today\nHeat Wave Grips Nation\n[LEAD]\nTemperatures rose.\n"

START_TEST(repeated_block_no_false_alarms) {
    bl_doc *d = ut_doc(TWICE "[REPORT]\nIt was hot.\n\nHeat Wave Grips Nation\n[LEAD]\n"
                             "Temperatures rose.\n[REPORT]\nIt was hot everywhere.\n");
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, "section-order", -1) == 0, "%s", ut_diag_list(g));
    ck_assert_msg(ut_diag_count(g, "duplicate-section", -1) == 0, "%s", ut_diag_list(g));
    bl_doc *e = ut_doc(TWICE "\n[LEAD]\nTemperatures rose.\n[REPORT]\nIt was hot.\n");
    g = ut_lint(e);
    ck_assert_msg(ut_diag_count(g, "duplicate-section", -1) == 0, "%s", ut_diag_list(g));
}
END_TEST

START_TEST(real_duplicates_still_reported) {
    bl_doc *d = ut_doc("Title Words\n[LEAD]\nOne lead.\n[LEAD]\nAnother lead.\n");
    ck_assert_uint_eq(ut_diag_count(ut_lint(d), "duplicate-section", 3), 1);
    bl_doc *e = ut_doc("Title Words\n[LEAD]\nOne lead.\n[REPORT]\nR.\n[LEAD]\nAnother lead.\n");
    ck_assert_uint_eq(ut_diag_count(ut_lint(e), "section-order", 5), 1);
}
END_TEST

Suite *arrive2_suite(void) {
    Suite *s = suite_create("arrive2");
    TCase *tc = ut_tcase("speakers", 10);
    tcase_add_test(tc, inline_hangul_speaker);
    tcase_add_test(tc, inline_lowercase_speaker);
    tcase_add_test(tc, tag_line_hangul_speaker);
    tcase_add_test(tc, tagged_speaker_limits);
    tcase_add_test(tc, hangul_slash_with_quote);
    tcase_add_test(tc, hangul_colon_attribution);
    tcase_add_test(tc, hangul_slash_alone_is_chrome);
    tcase_add_test(tc, hangul_name_limits);
    tcase_add_test(tc, bare_soundbite_without_usable_line);
    suite_add_tcase(s, tc);
    tc = ut_tcase("typos_brackets", 10);
    tcase_add_test(tc, stray_colon_after_tag);
    tcase_add_test(tc, soundbite_tag_missing_close);
    tcase_add_test(tc, well_formed_tag_no_typo_lint);
    tcase_add_test(tc, tag_typos_are_linted);
    tcase_add_test(tc, narration_not_near_tag);
    tcase_add_test(tc, bracket_without_quote_marks);
    tcase_add_test(tc, short_bracket_without_marks_is_unknown_tag);
    tcase_add_test(tc, bracket_one_quote_mark);
    tcase_add_test(tc, bracket_then_narration);
    tcase_add_test(tc, bracket_multiline_then_narration);
    tcase_add_test(tc, bracket_inner_brackets);
    suite_add_tcase(s, tc);
    tc = ut_tcase("precedence_repeats", 10);
    tcase_add_test(tc, quoted_sentence_before_lead_is_no_title);
    tcase_add_test(tc, quoted_caps_title_still_title);
    tcase_add_test(tc, bracket_line_never_title);
    tcase_add_test(tc, radio_quote_over_caps_title);
    tcase_add_test(tc, slash_before_lead_is_dangling);
    tcase_add_test(tc, chrome_before_lead_stays_chrome);
    tcase_add_test(tc, program_title_anywhere);
    tcase_add_test(tc, repeated_block_no_false_alarms);
    tcase_add_test(tc, real_duplicates_still_reported);
    suite_add_tcase(s, tc);
    return s;
}
