/* §4: the nine soundbite forms, their speaker/role/quote extents and
 * line/quote_line/end_line. */
#include <string.h>

#include "suites.h"

/* Lines 1-3: a report section with narration; the soundbite starts on 4. */
#define PRE "[REPORT]\nNarration of the reporter goes here.\n\n"

/* ---- slash ---- */

START_TEST(slash_basic) {
    bl_doc *d = ut_doc(PRE "Kang Yu-jung / Presidential Spokesperson\n"
                           "Both leaders agreed to work together.\n"
                           "\n"
                           "The call lasted thirty minutes.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kang Yu-jung", "Presidential Spokesperson", 4, 5, 5,
             "Both leaders agreed to work together.");
    ck_assert_int_eq(ut_one_quote(d)->level, 3);
}
END_TEST

START_TEST(slash_multiline_paragraph) {
    bl_doc *d = ut_doc(PRE "Park Byung-kwang / Institution for Nat'l Security Strategy\n"
                           "\"Though brief, all key points were delivered.\n"
                           "It showed the foreign policy's priority.\"\n"
                           "\n"
                           "Narration again.\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_str_eq(q->speaker, "Park Byung-kwang");
    ck_assert_str_eq(q->role, "Institution for Nat'l Security Strategy");
    ck_assert_int_eq(q->line, 4);
    ck_assert_int_eq(q->quote_line, 5);
    ck_assert_int_eq(q->end_line, 6);
    UT_QUOTE_SPAN(q, "Though brief, all key points were delivered.",
                  "It showed the foreign policy's priority.");
    ck_assert_ptr_nonnull(strstr(q->quote, "delivered."));
}
END_TEST

START_TEST(slash_blank_before_quote) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Professor, Seoul National University\n"
                           "\n"
                           "We have to act now.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Professor, Seoul National University",
             4, 6, 6, "We have to act now.");
}
END_TEST

START_TEST(slash_paragraph_stops_at_tag) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Professor\n"
                           "We have to act now.\n"
                           "[LEAD]\n"
                           "Another lead.\n");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_SLASH, "Kim Min-su", "Professor", 4, 5, 5,
             "We have to act now.");
}
END_TEST

START_TEST(slash_curly_quote) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Professor\n"
                           "\xe2\x80\x9cWe have to act now.\xe2\x80\x9d   \n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Professor", 4, 5, 5,
             "We have to act now.");
}
END_TEST

START_TEST(slash_no_blank_lines) {
    /* No blank line anywhere: each line is a paragraph. */
    bl_doc *d = ut_doc("[REPORT]\n"
                       "Narration of the reporter.\n"
                       "Kim Min-su / Professor\n"
                       "We have to act now.\n"
                       "The reporter goes on narrating.\n"
                       "Lee Ji-hoon / Student\n"
                       "It is too late.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 2);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_SLASH, "Kim Min-su", "Professor", 3, 4, 4,
             "We have to act now.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_SLASH, "Lee Ji-hoon", "Student", 6, 7, 7,
             "It is too late.");
    ck_assert_int_eq(bl_doc_line_kind(d, 4), BL_LINE_BODY);
}
END_TEST

START_TEST(slash_honorific_name) {
    bl_doc *d = ut_doc(PRE "Supt. Park Jun-ho / Seoul Police Agency\n"
                           "We are investigating.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Supt. Park Jun-ho", "Seoul Police Agency", 4, 5, 5,
             "We are investigating.");
}
END_TEST

START_TEST(slash_lookalikes) {
    /* Ends in '.', lower-case "name", a role of 16 words: not attributions. */
    bl_doc *d = ut_doc(PRE "Exports / Imports rose sharply.\n"
                           "Rates fell.\n"
                           "\n"
                           "the ratio / of prices\n"
                           "Rates fell.\n"
                           "\n"
                           "Kim / one two three four five six seven eight nine ten eleven twelve "
                           "thirteen fourteen fifteen sixteen\n"
                           "Rates fell.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_QUOTE) == 0, "no quotes expected:\n%s", ut_outline(d));
}
END_TEST

/* ---- inline ---- */

START_TEST(inline_with_role) {
    bl_doc *d =
        ut_doc(PRE "[Soundbite] Kim Min-su (Professor, Seoul Univ.) : \"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Professor, Seoul Univ.", 4, 4, 4,
             "We must act now.");
    ck_assert_int_eq(ut_one_quote(d)->level, 3);
}
END_TEST

START_TEST(inline_without_role) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su : \"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", NULL, 4, 4, 4, "We must act now.");
}
END_TEST

START_TEST(inline_nested_parens) {
    bl_doc *d =
        ut_doc(PRE "[Soundbite] Lee Ji-hoon (Victim(VOICE MODIFIED)) : \"It was scary.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Lee Ji-hoon", "Victim(VOICE MODIFIED)", 4, 4, 4,
             "It was scary.");
}
END_TEST

START_TEST(inline_missing_paren) {
    /* "Name (Title0: words": the role runs to the ':'. */
    bl_doc *d = ut_doc(PRE "[Soundbite] Lee Ji-hoon (Title0: \"It was scary.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Lee Ji-hoon", "Title0", 4, 4, 4, "It was scary.");
}
END_TEST

START_TEST(inline_colons_in_role_and_quote) {
    bl_doc *d =
        ut_doc(PRE "[Soundbite] Kim Min-su (Spokesperson: MOFA) : \"Time: now, not later.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Spokesperson: MOFA", 4, 4, 4,
             "Time: now, not later.");
}
END_TEST

START_TEST(inline_curly_and_mixed_quotes) {
    bl_doc *d =
        ut_doc(PRE "[Soundbite] Kim Min-su (Professor) : \xe2\x80\x9cWe must act.\xe2\x80\x9d\n"
                   "[Soundbite] Lee Ji-hoon (Student) : \xe2\x80\x9cToo late.\"   \n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 2);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_INLINE, "Kim Min-su", "Professor", 4, 4, 4,
             "We must act.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_INLINE, "Lee Ji-hoon", "Student", 5, 5, 5,
             "Too late.");
}
END_TEST

START_TEST(inline_honorific) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Sen. John Smith (U.S. Senate) : \"We stand together.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Sen. John Smith", "U.S. Senate", 4, 4, 4,
             "We stand together.");
}
END_TEST

START_TEST(inline_ellipsis_only) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su (Resident) : \"\xe2\x80\xa6\xe2\x80\xa6\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Resident", 4, 4, 4,
             "\xe2\x80\xa6\xe2\x80\xa6");
}
END_TEST

START_TEST(inline_speaker_role_whitespace) {
    /* Trimmed, inner whitespace as written. */
    bl_doc *d = ut_doc(PRE "[Soundbite]   Kim  Min-su   (  Head of  Office  ) :   \"Yes.\"  \n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim  Min-su", "Head of  Office", 4, 4, 4, "Yes.");
}
END_TEST

START_TEST(consecutive_soundbites_are_separate) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su (Professor) : \"One.\"\n"
                           "[Soundbite] Lee Ji-hoon (Student) : \"Two.\"\n"
                           "[Soundbite] (Resident) : \"Three.\"\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 3);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_INLINE, "Kim Min-su", "Professor", 4, 4, 4,
             "One.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_INLINE, "Lee Ji-hoon", "Student", 5, 5, 5,
             "Two.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 2), BL_FORM_ANON, NULL, "Resident", 6, 6, 6, "Three.");
}
END_TEST

/* ---- tag_line ---- */

START_TEST(tag_line_basic) {
    bl_doc *d = ut_doc(PRE "[Soundbite]\n"
                           "Kim Min-su (Professor): We must act now.\n"
                           "\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_TAG_LINE, "Kim Min-su", "Professor", 4, 5, 5,
             "We must act now.");
}
END_TEST

START_TEST(tag_line_after_blank_quoted) {
    bl_doc *d = ut_doc(PRE "[Soundbite]\n"
                           "\n"
                           "Kim Min-su (Head (Planning Office)) : \"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_TAG_LINE, "Kim Min-su", "Head (Planning Office)", 4, 6, 6,
             "We must act now.");
}
END_TEST

/* ---- colon ---- */

START_TEST(colon_basic) {
    bl_doc *d = ut_doc(PRE "Kim Min-su (Professor): \"We must act now.\"\n"
                           "\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_COLON, "Kim Min-su", "Professor", 4, 4, 4,
             "We must act now.");
}
END_TEST

START_TEST(colon_lookalike_sentence) {
    /* A sentence with parentheses but no "Name (Role):" shape. */
    bl_doc *d = ut_doc(PRE "prices rose (again) and then: they fell.\n"
                           "\n"
                           "The ministry (MOEF) said growth slowed.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_QUOTE) == 0, "no quotes expected:\n%s", ut_outline(d));
}
END_TEST

/* ---- anon ---- */

START_TEST(anon_tagged_with_quote) {
    bl_doc *d = ut_doc(PRE "[Soundbite] (Local Resident) : \"It was loud.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, "Local Resident", 4, 4, 4, "It was loud.");
}
END_TEST

START_TEST(anon_tagged_without_quote) {
    bl_doc *d = ut_doc(PRE "[Soundbite] (Local Resident)\n"
                           "Narration after the bite.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, "Local Resident", 4, 0, 4, NULL);
}
END_TEST

START_TEST(anon_tag_then_source_date) {
    bl_doc *d = ut_doc(PRE "[Soundbite]\n"
                           "(Yonhap News (2024.05.01)): The fire spread fast.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, "Yonhap News (2024.05.01)", 4, 5, 5,
             "The fire spread fast.");
}
END_TEST

START_TEST(anon_untagged) {
    bl_doc *d = ut_doc(PRE "(Local Resident): \"We heard a bang.\"\n"
                           "\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, "Local Resident", 4, 4, 4, "We heard a bang.");
}
END_TEST

/* ---- name_only ---- */

START_TEST(name_only_name_role) {
    /* The next line is never taken as its quote. */
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su (Professor)\n"
                           "\"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_NAME_ONLY, "Kim Min-su", "Professor", 4, 0, 4, NULL);
}
END_TEST

START_TEST(name_only_two_names_group) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su, Lee Ji-hoon(Residents)\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_NAME_ONLY, "Kim Min-su, Lee Ji-hoon", "Residents", 4, 0, 4,
             NULL);
}
END_TEST

START_TEST(name_only_description) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Protesters chanting in front of city hall\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_NAME_ONLY, "Protesters chanting in front of city hall", NULL,
             4, 0, 4, NULL);
}
END_TEST

/* ---- quote_only ---- */

START_TEST(quote_only_quoted) {
    bl_doc *d = ut_doc(PRE "[Soundbite] \"We will not give up.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_QUOTE_ONLY, NULL, NULL, 4, 4, 4, "We will not give up.");
}
END_TEST

START_TEST(quote_only_full_stop) {
    bl_doc *d = ut_doc(PRE "[Soundbite] We will not give up on this fight.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_QUOTE_ONLY, NULL, NULL, 4, 4, 4,
             "We will not give up on this fight.");
}
END_TEST

/* ---- bracket ---- */

START_TEST(bracket_single_line) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su/Professor, Seoul Nat'l Univ.: \"We must act now.\"]\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim Min-su", "Professor, Seoul Nat'l Univ.", 4, 4,
             4, "We must act now.");
}
END_TEST

START_TEST(bracket_two_slashes) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su/Head/Planning Office: \"We must act now.\"]\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim Min-su", "Head/Planning Office", 4, 4, 4,
             "We must act now.");
}
END_TEST

START_TEST(bracket_no_slash) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su: \xe2\x80\x9cWe must act now.\xe2\x80\x9d]\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_BRACKET, "Kim Min-su", NULL, 4, 4, 4, "We must act now.");
}
END_TEST

START_TEST(bracket_multiline) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su/Professor: \"First part of the quote.\n"
                           "Second part of the quote.\"]\n"
                           "\n"
                           "Narration.\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_str_eq(bl_form_name((bl_form)q->form), "bracket");
    ck_assert_pstr_eq(q->speaker, "Kim Min-su");
    ck_assert_pstr_eq(q->role, "Professor");
    ck_assert_int_eq(q->line, 4);
    ck_assert_int_eq(q->quote_line, 4);
    ck_assert_int_eq(q->end_line, 5);
    UT_QUOTE_SPAN(q, "First part of the quote.", "Second part of the quote.");
}
END_TEST

START_TEST(bracket_multiline_unclosed_stops_at_blank) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su/Professor: \"First part.\n"
                           "Second part.\n"
                           "\n"
                           "Narration that is not quoted.\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_int_eq(q->line, 4);
    ck_assert_int_eq(q->end_line, 5);
    ck_assert_ptr_null(strstr(q->quote, "Narration"));
}
END_TEST

START_TEST(bracket_not_a_tag) {
    /* A bracket pair inside a sentence is neither a tag nor a soundbite. */
    bl_doc *d = ut_doc(PRE "He said the rule \"[of the thing] matters\" to all.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 0);
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_BODY);
}
END_TEST

/* ---- radio ---- */

START_TEST(radio_quote_next_line) {
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "\n"
                       "[Sound bite: Kim Min-su - Professor (Korean)]\n"
                       "\"We must act now.\"\n"
                       "\n"
                       "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Professor (Korean)", 3, 4, 4,
             "We must act now.");
}
END_TEST

START_TEST(radio_quote_glued) {
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "[Sound bite: Kim Min-su - Professor (Korean)] \"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Professor (Korean)", 2, 2, 2,
             "We must act now.");
}
END_TEST

START_TEST(radio_from_description) {
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "[Sound bites from the opening ceremony (Seoul)]\n"
                       "Narration that follows.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "the opening ceremony (Seoul)", NULL, 2, 0, 2, NULL);
}
END_TEST

START_TEST(radio_next_line_not_quote) {
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "[Sound bite: Kim Min-su - Professor]\n"
                       "Narration that follows.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Professor", 2, 0, 2, NULL);
}
END_TEST

/* ---- levels ---- */

START_TEST(quote_level_outside_section) {
    /* Content of a story before its first section: the quote is level 2. */
    bl_doc *d = ut_doc("Narration before any section.\n"
                       "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                       "[LEAD]\n"
                       "[Soundbite] Lee Ji-hoon (Student) : \"No.\"\n");
    ck_assert_int_eq(ut_nth(d, BL_ITEM_QUOTE, 0)->level, 2);
    ck_assert_int_eq(ut_nth(d, BL_ITEM_QUOTE, 1)->level, 3);
}
END_TEST

/* ---- more edges ---- */

START_TEST(tag_line_without_role) {
    /* tag_line takes its parts "as inline": "Name : Quote" has no role. */
    bl_doc *d = ut_doc(PRE "[Soundbite]\n"
                           "Kim Min-su : \"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_TAG_LINE, "Kim Min-su", NULL, 4, 5, 5, "We must act now.");
}
END_TEST

START_TEST(name_with_circles) {
    bl_doc *d =
        ut_doc(PRE "[Soundbite] Kim \xe2\x97\x8b\xe2\x97\x8b (Resident) : \"It was loud.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim \xe2\x97\x8b\xe2\x97\x8b", "Resident", 4, 4, 4,
             "It was loud.");
}
END_TEST

START_TEST(slash_role_with_slash) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Head / Planning Office\n"
                           "We must act now.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "Kim Min-su", "Head / Planning Office", 4, 5, 5,
             "We must act now.");
}
END_TEST

START_TEST(slash_paragraph_stops_at_label_and_cue) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Professor\n"
                           "We must act now.\n"
                           "[Soundbite] Lee Ji-hoon (Student) : \"No.\"\n"
                           "Park Su-jin / Resident\n"
                           "It was loud.\n"
                           "Anchor: Back to the studio.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 3);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_SLASH, "Kim Min-su", "Professor", 4, 5, 5,
             "We must act now.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 2), BL_FORM_SLASH, "Park Su-jin", "Resident", 7, 8, 8,
             "It was loud.");
}
END_TEST

START_TEST(slash_dangling_has_no_quote) {
    bl_doc *d = ut_doc(PRE "Kim Min-su / Professor\n"
                           "\n"
                           "[LEAD]\n"
                           "Lead.\n");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_SLASH, "Kim Min-su", "Professor", 4, 0, 4, NULL);
}
END_TEST

START_TEST(bracket_multiline_stops_at_tag) {
    bl_doc *d = ut_doc(PRE "[Kim Min-su/Professor: \"First part.\n"
                           "[LEAD]\n"
                           "Lead text.\n");
    const bl_item *q = ut_nth(d, BL_ITEM_QUOTE, 0);
    ck_assert_int_eq(q->line, 4);
    ck_assert_int_eq(q->end_line, 4);
    ck_assert_pstr_eq(q->quote, "First part.");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
}
END_TEST

START_TEST(radio_blank_then_quote) {
    /* Only the very next line can be the quote. */
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "[Sound bite: Kim Min-su - Professor (Korean)]\n"
                       "\n"
                       "\"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Professor (Korean)", 2, 0, 2, NULL);
}
END_TEST

START_TEST(radio_curly_next_line) {
    bl_doc *d = ut_doc("Report: Narration of the reporter.\n"
                       "[Sound bite: Kim Min-su - Professor (Korean)]\n"
                       "\xe2\x80\x9cWe must act now.\xe2\x80\x9d\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su", "Professor (Korean)", 2, 3, 3,
             "We must act now.");
}
END_TEST

START_TEST(inline_no_spaces) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su(Professor):\"We must act now.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Professor", 4, 4, 4,
             "We must act now.");
}
END_TEST

START_TEST(inline_unquoted) {
    bl_doc *d = ut_doc(PRE "[Soundbite] Kim Min-su (Professor) : We must act now.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "Kim Min-su", "Professor", 4, 4, 4,
             "We must act now.");
}
END_TEST

START_TEST(colon_missing_paren) {
    bl_doc *d = ut_doc(PRE "Lee Ji-hoon (Title0: It was scary.\n"
                           "\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_COLON, "Lee Ji-hoon", "Title0", 4, 4, 4, "It was scary.");
}
END_TEST

START_TEST(radio_description_with_parens) {
    bl_doc *d = ut_doc("Report: Narration.\n"
                       "[Sound bite: Kim Min-su (News 9)]\n"
                       "\"Q one.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_RADIO, "Kim Min-su (News 9)", NULL, 2, 3, 3, "Q one.");
}
END_TEST

START_TEST(anon_nested_role) {
    bl_doc *d = ut_doc(PRE "[Soundbite] (Victim(VOICE MODIFIED)) : \"Q two.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_ANON, NULL, "Victim(VOICE MODIFIED)", 4, 4, 4, "Q two.");
}
END_TEST

START_TEST(tag_line_missing_paren) {
    bl_doc *d = ut_doc(PRE "[Soundbite]\n"
                           "Lee Ji-hoon (Title0: words here\n"
                           "Narration.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_TAG_LINE, "Lee Ji-hoon", "Title0", 4, 5, 5, "words here");
}
END_TEST

START_TEST(slash_curly_apostrophe_name_trailing_spaces) {
    bl_doc *d = ut_doc(PRE "O\xe2\x80\x99Neil Park / Reporter\n"
                           "\"Quote three.\n"
                           "and more.\"   \n"
                           "\n"
                           "Narration.\n");
    const bl_item *q = ut_one_quote(d);
    ck_assert_pstr_eq(q->speaker, "O\xe2\x80\x99Neil Park");
    ck_assert_int_eq(q->end_line, 6);
    UT_QUOTE_SPAN(q, "Quote three.", "and more.");
}
END_TEST

START_TEST(slash_name_too_long) {
    /* A Name is 1-6 words. */
    bl_doc *d = ut_doc(PRE "One Two Three Four Five Six Seven / Role\n"
                           "Not a quote.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_QUOTE) == 0, "no quotes expected:\n%s", ut_outline(d));
}
END_TEST

START_TEST(slash_limits) {
    /* A 6-word Name and a 15-word role are still an attribution. */
    bl_doc *d = ut_doc(PRE "One Two Three Four Five Six / a b c d e f g h i j k l m n o\n"
                           "Quote.\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_SLASH, "One Two Three Four Five Six",
             "a b c d e f g h i j k l m n o", 4, 5, 5, "Quote.");
}
END_TEST

START_TEST(inline_six_word_name) {
    bl_doc *d = ut_doc(PRE "[Soundbite] One Two Three Four Five Six (Role) : \"Q.\"\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_INLINE, "One Two Three Four Five Six", "Role", 4, 4, 4, "Q.");
}
END_TEST

Suite *forms_suite(void) {
    Suite *s = suite_create("forms");
    TCase *tc = ut_tcase("slash", 10);
    tcase_add_test(tc, slash_basic);
    tcase_add_test(tc, slash_multiline_paragraph);
    tcase_add_test(tc, slash_blank_before_quote);
    tcase_add_test(tc, slash_paragraph_stops_at_tag);
    tcase_add_test(tc, slash_curly_quote);
    tcase_add_test(tc, slash_no_blank_lines);
    tcase_add_test(tc, slash_honorific_name);
    tcase_add_test(tc, slash_lookalikes);
    suite_add_tcase(s, tc);
    tc = ut_tcase("inline", 10);
    tcase_add_test(tc, inline_with_role);
    tcase_add_test(tc, inline_without_role);
    tcase_add_test(tc, inline_nested_parens);
    tcase_add_test(tc, inline_missing_paren);
    tcase_add_test(tc, inline_colons_in_role_and_quote);
    tcase_add_test(tc, inline_curly_and_mixed_quotes);
    tcase_add_test(tc, inline_honorific);
    tcase_add_test(tc, inline_ellipsis_only);
    tcase_add_test(tc, inline_speaker_role_whitespace);
    tcase_add_test(tc, consecutive_soundbites_are_separate);
    suite_add_tcase(s, tc);
    tc = ut_tcase("tag_line_colon_anon", 10);
    tcase_add_test(tc, tag_line_basic);
    tcase_add_test(tc, tag_line_after_blank_quoted);
    tcase_add_test(tc, colon_basic);
    tcase_add_test(tc, colon_lookalike_sentence);
    tcase_add_test(tc, anon_tagged_with_quote);
    tcase_add_test(tc, anon_tagged_without_quote);
    tcase_add_test(tc, anon_tag_then_source_date);
    tcase_add_test(tc, anon_untagged);
    suite_add_tcase(s, tc);
    tc = ut_tcase("name_only_quote_only", 10);
    tcase_add_test(tc, name_only_name_role);
    tcase_add_test(tc, name_only_two_names_group);
    tcase_add_test(tc, name_only_description);
    tcase_add_test(tc, quote_only_quoted);
    tcase_add_test(tc, quote_only_full_stop);
    suite_add_tcase(s, tc);
    tc = ut_tcase("bracket_radio", 10);
    tcase_add_test(tc, bracket_single_line);
    tcase_add_test(tc, bracket_two_slashes);
    tcase_add_test(tc, bracket_no_slash);
    tcase_add_test(tc, bracket_multiline);
    tcase_add_test(tc, bracket_multiline_unclosed_stops_at_blank);
    tcase_add_test(tc, bracket_not_a_tag);
    tcase_add_test(tc, radio_quote_next_line);
    tcase_add_test(tc, radio_quote_glued);
    tcase_add_test(tc, radio_from_description);
    tcase_add_test(tc, radio_next_line_not_quote);
    tcase_add_test(tc, quote_level_outside_section);
    suite_add_tcase(s, tc);
    tc = ut_tcase("edges", 10);
    tcase_add_test(tc, tag_line_without_role);
    tcase_add_test(tc, name_with_circles);
    tcase_add_test(tc, slash_role_with_slash);
    tcase_add_test(tc, slash_paragraph_stops_at_label_and_cue);
    tcase_add_test(tc, slash_dangling_has_no_quote);
    tcase_add_test(tc, bracket_multiline_stops_at_tag);
    tcase_add_test(tc, radio_blank_then_quote);
    tcase_add_test(tc, radio_curly_next_line);
    tcase_add_test(tc, inline_no_spaces);
    tcase_add_test(tc, inline_unquoted);
    tcase_add_test(tc, colon_missing_paren);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more", 10);
    tcase_add_test(tc, radio_description_with_parens);
    tcase_add_test(tc, anon_nested_role);
    tcase_add_test(tc, tag_line_missing_paren);
    tcase_add_test(tc, slash_curly_apostrophe_name_trailing_spaces);
    tcase_add_test(tc, slash_name_too_long);
    suite_add_tcase(s, tc);
    tc = ut_tcase("limits", 10);
    tcase_add_test(tc, slash_limits);
    tcase_add_test(tc, inline_six_word_name);
    suite_add_tcase(s, tc);
    return s;
}
