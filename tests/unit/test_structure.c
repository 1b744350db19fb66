/* §2, §5: sections, their extents, and fold levels. */
#include "suites.h"

#define SECTION(d, k) ut_nth(d, BL_ITEM_SECTION, k)

static void check_section(const bl_item *it, const char *tag, const char *section, int line,
                          int end_line) {
    ck_assert_int_eq(it->kind, BL_ITEM_SECTION);
    ck_assert_int_eq(it->level, 2);
    ck_assert_pstr_eq(it->tag, tag);
    ck_assert_pstr_eq(it->section, section);
    ck_assert_int_eq(it->line, line);
    ck_assert_int_eq(it->end_line, end_line);
}

START_TEST(family_news_today) {
    bl_doc *d = ut_doc("[LEAD]\n"
                       "Lead text.\n"
                       "\n"
                       "[REPORT]\n"
                       "Report text.\n"
                       "More report text.\n"
                       "\n"
                       "\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 1, 2);
    check_section(SECTION(d, 1), "[REPORT]", "report", 4, 6);
    ck_assert_int_eq(ut_nth(d, BL_ITEM_STORY, 0)->line, 1);
    ck_assert_int_eq(ut_nth(d, BL_ITEM_STORY, 0)->end_line, 6);
}
END_TEST

START_TEST(family_anchor_lead_pkg) {
    bl_doc *d = ut_doc("  [Anchor Lead]\n"
                       "Lead text.\n"
                       "[Pkg]\n"
                       "Report text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    check_section(SECTION(d, 0), "[Anchor Lead]", "lead", 1, 2);
    check_section(SECTION(d, 1), "[Pkg]", "report", 3, 4);
}
END_TEST

START_TEST(family_news9) {
    bl_doc *d = ut_doc("[Anchor]\n"
                       "Lead text.\n"
                       "\n"
                       "[Report]\n"
                       "Report text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    check_section(SECTION(d, 0), "[Anchor]", "lead", 1, 2);
    check_section(SECTION(d, 1), "[Report]", "report", 4, 5);
}
END_TEST

START_TEST(labels) {
    bl_doc *d = ut_doc("Anchor: The anchor introduces the story.\n"
                       "More of the introduction.\n"
                       " \n"
                       "Report:\n"
                       "The reporter's package.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    check_section(SECTION(d, 0), "Anchor:", "lead", 1, 2);
    check_section(SECTION(d, 1), "Report:", "report", 4, 5);
    ck_assert_int_eq(bl_doc_line_kind(d, 0), BL_LINE_LABEL);
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_LABEL);
}
END_TEST

START_TEST(label_lookalikes) {
    /* Not at line start, or not followed by a colon. */
    bl_doc *d = ut_doc("[LEAD]\n"
                       "The Anchor: a word in a sentence.\n"
                       "Reporter: a different word.\n"
                       "Anchor lead in prose.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 1, 4);
}
END_TEST

START_TEST(tag_on_date_line) {
    bl_doc *d = ut_doc(" date 2025-06-11 [Anchor Lead]\n"
                       "Lead text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    check_section(SECTION(d, 0), "[Anchor Lead]", "lead", 1, 2);
    ck_assert_pstr_eq(bl_doc_meta(d)->date, "2025-06-11");
}
END_TEST

START_TEST(soundbite_tag_opens_no_section) {
    bl_doc *d = ut_doc("[LEAD]\n"
                       "Lead text.\n"
                       "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                       "Narration after.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 1, 4);
    ck_assert_int_eq(bl_doc_line_kind(d, 2), BL_LINE_TAG);
}
END_TEST

START_TEST(unknown_tag_opens_no_section) {
    bl_doc *d = ut_doc("[LEAD]\n"
                       "Lead text.\n"
                       "\n"
                       "[Reprot]\n"
                       "Report text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 1, 5);
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_TAG);
}
END_TEST

START_TEST(lowercase_tag_opens_no_section) {
    /* Matching is exact by default. */
    bl_doc *d = ut_doc("[LEAD]\n"
                       "Lead text.\n"
                       "[report]\n"
                       "Report text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
}
END_TEST

START_TEST(story_content_before_first_section) {
    bl_doc *d = ut_doc("[News Today] First Title\n"
                       "Intro narration.\n"
                       "\n"
                       "[LEAD]\n"
                       "Lead text.\n"
                       "\n"
                       "2. Second Title\n"
                       "Second intro.\n"
                       "[REPORT]\n"
                       "Report.\n"
                       "\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 2);
    const bl_item *s1 = ut_nth(d, BL_ITEM_STORY, 0), *s2 = ut_nth(d, BL_ITEM_STORY, 1);
    ck_assert_int_eq(s1->line, 1);
    ck_assert_int_eq(s1->end_line, 5);
    ck_assert_int_eq(s2->line, 7);
    ck_assert_int_eq(s2->end_line, 10);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 4, 5);
    check_section(SECTION(d, 1), "[REPORT]", "report", 9, 10);
    /* Items are in document order. */
    size_t n;
    const bl_item *v = bl_doc_items(d, &n);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(v[0].kind, BL_ITEM_STORY);
    ck_assert_int_eq(v[1].kind, BL_ITEM_SECTION);
    ck_assert_int_eq(v[2].kind, BL_ITEM_STORY);
    ck_assert_int_eq(v[3].kind, BL_ITEM_SECTION);
    for (size_t i = 1; i < n; i++)
        ck_assert_int_le(v[i - 1].line, v[i].line);
}
END_TEST

START_TEST(line_kinds) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n"                                   /* 0 */
                       "\n"                                                              /* 1 */
                       "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n"                   /* 2 */
                       "\xeb\x8f\x99\xec\x98\x81\xec\x83\x81 \xea\xb3\xa0\xec\xa0\x95\n" /* 3 */
                       "[News Today] Lee Meets Xi\n"                                     /* 4 */
                       "[LEAD]\n"                                                        /* 5 */
                       "Lead text.\n"                                                    /* 6 */
                       "Kang Yu-jung / Presidential Spokesperson\n"                      /* 7 */
                       "Both leaders agreed.\n"                                          /* 8 */
                       "[Kim Min-su/Professor: \"Yes.\"]\n"                              /* 9 */
                       "Report: text\n"                                                  /* 10 */
                       "   \t \n");                                                      /* 11 */
    static const bl_line_kind want[] = {BL_LINE_META,        BL_LINE_BLANK,       BL_LINE_META,
                                        BL_LINE_CHROME,      BL_LINE_TITLE,       BL_LINE_TAG,
                                        BL_LINE_BODY,        BL_LINE_ATTRIBUTION, BL_LINE_QUOTE,
                                        BL_LINE_ATTRIBUTION, BL_LINE_LABEL,       BL_LINE_BLANK};
    ck_assert_int_eq(bl_doc_line_count(d), 12);
    for (int i = 0; i < 12; i++)
        ck_assert_msg(bl_doc_line_kind(d, i) == want[i], "line %d: kind %d, want %d", i,
                      (int)bl_doc_line_kind(d, i), (int)want[i]);
}
END_TEST

START_TEST(chrome_lines) {
    bl_doc *d =
        ut_doc("\xec\x9d\xbd\xec\x96\xb4\xec\xa3\xbc\xea\xb8\xb0 \xea\xb8\xb0\xeb\x8a\xa5"
               "\xec\x9d\x80\n"               /* 읽어주기 기능은 */
               "facebook\n"                   /* 1 */
               "twitter\n"                    /* 2 */
               "TOP\n"                        /* 3 */
               "Home > News > Politics\n"     /* 4 */
               "\xeb\x8c\x93\xea\xb8\x80 0\n" /* 댓글 0 */
               "[LEAD]\n"
               "Lead text.\n"
               "\xe2\x96\xa0 \xec\xa0\x9c\xeb\xb3\xb4\xed\x95\x98\xea\xb8\xb0\n" /* ■ 제보하기 */
               "Top officials met on Facebook.\n");
    for (int i = 0; i < 6; i++)
        ck_assert_msg(bl_doc_line_kind(d, i) == BL_LINE_CHROME, "line %d: kind %d", i,
                      (int)bl_doc_line_kind(d, i));
    ck_assert_int_eq(bl_doc_line_kind(d, 8), BL_LINE_CHROME);
    ck_assert_int_eq(bl_doc_line_kind(d, 9), BL_LINE_BODY);
    /* The first story starts after the chrome. */
    ck_assert_int_eq(ut_nth(d, BL_ITEM_STORY, 0)->line, 7);
}
END_TEST

/* ---- fold levels ---- */

START_TEST(fold_levels) {
    bl_doc *d = ut_doc(" date 2025-06-11 News Today\n"                   /* 0: 0 */
                       "\n"                                              /* 1: 0 */
                       "[News Today] Lee Meets Xi\n"                     /* 2: 1 */
                       "Intro.\n"                                        /* 3: 1 */
                       "[LEAD]\n"                                        /* 4: 2 */
                       "Lead text.\n"                                    /* 5: 2 */
                       "\n"                                              /* 6: 1 */
                       "[REPORT]\n"                                      /* 7: 2 */
                       "Narration.\n"                                    /* 8: 2 */
                       "Kang Yu-jung / Presidential Spokesperson\n"      /* 9: 3 */
                       "Both leaders agreed.\n"                          /* 10: 3 */
                       "\n"                                              /* 11: 2 */
                       "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n" /* 12: 2 */
                       "Narration.\n"                                    /* 13: 2 */
                       "\n"                                              /* 14: 2? */
                       "2. Second Story\n"                               /* 15: 1 */
                       "Text.\n");                                       /* 16: 1 */
    static const int want[] = {0, 0, 1, 1, 2, 2, 1, 2, 2, 3, 3, 2, 2, 2, -1, 1, 1};
    ck_assert_int_eq(bl_doc_line_count(d), 17);
    for (int i = 0; i < 17; i++) {
        if (want[i] < 0)
            continue;
        ck_assert_msg(bl_doc_fold_level(d, i) == want[i], "line %d: fold %d, want %d", i,
                      bl_doc_fold_level(d, i), want[i]);
    }
    /* Line 14 lies after the section and story end: at most the story's. */
    ck_assert_int_le(bl_doc_fold_level(d, 14), 1);
    ck_assert_int_eq(bl_doc_fold_level(d, -1), 0);
    ck_assert_int_eq(bl_doc_fold_level(d, 17), 0);
}
END_TEST

START_TEST(fold_bracket_multiline) {
    bl_doc *d = ut_doc("[REPORT]\n"
                       "[Kim Min-su/Professor: \"First part.\n"
                       "Second part.\"]\n"
                       "Narration.\n");
    ck_assert_int_eq(bl_doc_fold_level(d, 0), 2);
    ck_assert_int_eq(bl_doc_fold_level(d, 1), 3);
    ck_assert_int_eq(bl_doc_fold_level(d, 2), 3);
    ck_assert_int_eq(bl_doc_fold_level(d, 3), 2);
}
END_TEST

START_TEST(fold_two_line_soundbites) {
    bl_doc *d = ut_doc("[REPORT]\n"                                     /* 0 */
                       "[Soundbite]\n"                                  /* 1 */
                       "Kim Min-su (Professor): We must act.\n"         /* 2 */
                       "Narration.\n"                                   /* 3 */
                       "[Sound bite: Lee Ji-hoon - Student (Korean)]\n" /* 4 */
                       "\"No.\"\n"                                      /* 5 */
                       "Narration.\n"                                   /* 6 */
                       "[Soundbite] Park Su-jin (Resident)\n"           /* 7 */
                       "Narration.\n");                                 /* 8 */
    static const int want[] = {2, 3, 3, 2, 3, 3, 2, 2, 2};
    for (int i = 0; i < 9; i++)
        ck_assert_msg(bl_doc_fold_level(d, i) == want[i], "line %d: fold %d, want %d", i,
                      bl_doc_fold_level(d, i), want[i]);
}
END_TEST

START_TEST(section_tags_after_whitespace) {
    bl_doc *d = ut_doc("\t[LEAD]\n"
                       "Lead.\n"
                       "   [REPORT]   \n"
                       "Report.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    check_section(SECTION(d, 0), "[LEAD]", "lead", 1, 2);
    check_section(SECTION(d, 1), "[REPORT]", "report", 3, 4);
}
END_TEST

START_TEST(five_word_bracket_is_body) {
    /* Over four words: not tag-shaped, so not a tag line. */
    bl_doc *d = ut_doc("[LEAD]\n"
                       "[Photo by the press pool] and some words\n");
    ck_assert_int_eq(bl_doc_line_kind(d, 1), BL_LINE_BODY);
}
END_TEST

START_TEST(line_kinds_of_soundbites) {
    bl_doc *d = ut_doc("[REPORT]\n"                                 /* 0 tag */
                       "[Sound bite: Kim Min-su - Professor]\n"     /* 1 tag */
                       "\"We must act.\"\n"                         /* 2 quote */
                       "[Lee Ji-hoon/Student: \"First part.\n"      /* 3 attribution */
                       "Second part.\"]\n"                          /* 4 quote */
                       "[Soundbite]\n"                              /* 5 tag */
                       "Park Su-jin (Resident): It was loud.\n"     /* 6 attribution */
                       "Choi Dong-hyun (Engineer): \"It works.\"\n" /* 7 attribution */
                       "Kang Yu-jung / Spokesperson\n"              /* 8 attribution */
                       "\"Both agreed.\n"                           /* 9 quote */
                       "They will meet.\"\n"                        /* 10 quote */
                       "\n"                                         /* 11 blank */
                       "Narration.\n");                             /* 12 body */
    static const bl_line_kind want[] = {
        BL_LINE_TAG,   BL_LINE_TAG,         BL_LINE_QUOTE,       BL_LINE_ATTRIBUTION, BL_LINE_QUOTE,
        BL_LINE_TAG,   BL_LINE_ATTRIBUTION, BL_LINE_ATTRIBUTION, BL_LINE_ATTRIBUTION, BL_LINE_QUOTE,
        BL_LINE_QUOTE, BL_LINE_BLANK,       BL_LINE_BODY};
    for (int i = 0; i < 13; i++)
        ck_assert_msg(bl_doc_line_kind(d, i) == want[i], "line %d: kind %d, want %d", i,
                      (int)bl_doc_line_kind(d, i), (int)want[i]);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 5);
}
END_TEST

Suite *structure_suite(void) {
    Suite *s = suite_create("structure");
    TCase *tc = ut_tcase("sections", 10);
    tcase_add_test(tc, family_news_today);
    tcase_add_test(tc, family_anchor_lead_pkg);
    tcase_add_test(tc, family_news9);
    tcase_add_test(tc, labels);
    tcase_add_test(tc, label_lookalikes);
    tcase_add_test(tc, tag_on_date_line);
    tcase_add_test(tc, soundbite_tag_opens_no_section);
    tcase_add_test(tc, unknown_tag_opens_no_section);
    tcase_add_test(tc, lowercase_tag_opens_no_section);
    tcase_add_test(tc, story_content_before_first_section);
    suite_add_tcase(s, tc);
    tc = ut_tcase("line_kinds", 10);
    tcase_add_test(tc, line_kinds);
    tcase_add_test(tc, chrome_lines);
    suite_add_tcase(s, tc);
    tc = ut_tcase("folds", 10);
    tcase_add_test(tc, fold_levels);
    tcase_add_test(tc, fold_bracket_multiline);
    suite_add_tcase(s, tc);
    tc = ut_tcase("edges", 10);
    tcase_add_test(tc, fold_two_line_soundbites);
    tcase_add_test(tc, section_tags_after_whitespace);
    tcase_add_test(tc, five_word_bracket_is_body);
    suite_add_tcase(s, tc);
    tc = ut_tcase("kinds_of_soundbites", 10);
    tcase_add_test(tc, line_kinds_of_soundbites);
    suite_add_tcase(s, tc);
    return s;
}
