/* §6: the fourteen lint rules, each firing once and not on a look-alike. */
#include <string.h>

#include "suites.h"

#define IN "\xec\x9e\x85\xeb\xa0\xa5"  /* 입력 */
#define MOD "\xec\x88\x98\xec\xa0\x95" /* 수정 */

/* Asserts one diagnostic with code on 0-based line, with severity. */
#define FIRES(d, CODE, LINE, SEV)                                                                  \
    do {                                                                                           \
        ck_assert_msg(ut_diag_count(d, CODE, LINE) >= 1, "%s expected on line %d, got %s", CODE,   \
                      LINE, ut_diag_list(d));                                                      \
        for (size_t k_ = 0; k_ < (d)->n; k_++)                                                     \
            if (strcmp((d)->v[k_].code, CODE) == 0 && (d)->v[k_].line == (LINE))                   \
                ck_assert_str_eq(bl_severity_name((bl_severity)(d)->v[k_].severity),               \
                                 bl_severity_name(SEV));                                           \
    } while (0)

#define QUIET(d, CODE)                                                                             \
    ck_assert_msg(ut_diag_count(d, CODE, -1) == 0, "%s not expected, got %s", CODE, ut_diag_list(d))

/* Every diagnostic: sorted by line, columns within the line, a message. */
static void sane(bl_doc *doc, const bl_diags *d) {
    for (size_t i = 0; i < d->n; i++) {
        const bl_diag *g = &d->v[i];
        ck_assert_int_ge(g->line, 0);
        ck_assert_int_lt(g->line, bl_doc_line_count(doc));
        size_t len;
        bl_doc_line(doc, g->line, &len);
        ck_assert_uint_le(g->col, g->end_col);
        ck_assert_uint_le(g->end_col, len);
        ck_assert_ptr_nonnull(g->code);
        ck_assert_ptr_nonnull(g->message);
        ck_assert_uint_gt(strlen(g->message), 0);
        ck_assert_uint_lt(g->severity, 3);
        if (i > 0)
            ck_assert_int_le(d->v[i - 1].line, g->line);
    }
}

static bl_diags *lint_of(const char *text) {
    bl_doc *doc = ut_doc(text);
    bl_diags *d = ut_lint(doc);
    sane(doc, d);
    return d;
}

/* ---- unknown-tag ---- */

START_TEST(unknown_tag_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "\n"
                          "[Reprot]\n"
                          "Report text.\n"
                          "[lead]\n"
                          "More.\n");
    FIRES(d, "unknown-tag", 3, BL_SEV_ERROR);
    FIRES(d, "unknown-tag", 5, BL_SEV_ERROR);
    const bl_diag *g = ut_diag(d, "unknown-tag");
    ck_assert_pstr_eq(g->suggestion, "[REPORT]");
    ck_assert_uint_eq(g->col, 0);
    ck_assert_uint_eq(g->end_col, 8);
    for (size_t k = 0; k < d->n; k++)
        if (strcmp(d->v[k].code, "unknown-tag") == 0 && d->v[k].line == 5)
            ck_assert_pstr_eq(d->v[k].suggestion, "[LEAD]");
}
END_TEST

START_TEST(unknown_tag_quiet) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "He said the rule \"[of the thing] matters\" to all.\n"
                          "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                          "[Kim Min-su/Professor: \"We must act.\"]\n"
                          "[Sound bite: Lee Ji-hoon - Student (Korean)]\n"
                          "\"No.\"\n"
                          "[REPORT]\n"
                          "Text.\n");
    QUIET(d, "unknown-tag");
}
END_TEST

/* ---- malformed-tag ---- */

START_TEST(malformed_tag_fires) {
    bl_diags *d = lint_of("[LEAD\n"
                          "Lead text.\n"
                          "REPORT]\n"
                          "Report text.\n"
                          "[ LEAD ]\n"
                          "Text.\n");
    FIRES(d, "malformed-tag", 0, BL_SEV_ERROR);
    FIRES(d, "malformed-tag", 2, BL_SEV_ERROR);
    FIRES(d, "malformed-tag", 4, BL_SEV_ERROR);
}
END_TEST

START_TEST(malformed_tag_quiet) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "The [LEAD] tag is mentioned in prose.\n"
                          "[REPORT]\n"
                          "Leaders met [today] in Seoul.\n");
    QUIET(d, "malformed-tag");
}
END_TEST

/* ---- mixed-dialect ---- */

START_TEST(mixed_dialect_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "[Pkg]\n"
                          "Report text.\n");
    FIRES(d, "mixed-dialect", 2, BL_SEV_WARNING);
}
END_TEST

START_TEST(mixed_dialect_quiet) {
    bl_diags *d = lint_of("[News Today] A Title Here\n"
                          "[Anchor Lead]\n"
                          "Lead text.\n"
                          "[Pkg]\n"
                          "Report text.\n"
                          "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                          "\n"
                          "2. Second Title\n"
                          "[Anchor Lead]\n"
                          "Lead text.\n"
                          "[Pkg]\n"
                          "Report.\n");
    QUIET(d, "mixed-dialect");
}
END_TEST

/* ---- missing-lead ---- */

START_TEST(missing_lead_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "\n"
                          "2. Second Story\n"
                          "[REPORT]\n"
                          "Report text.\n");
    FIRES(d, "missing-lead", 4, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "missing-lead", -1), 1);
}
END_TEST

START_TEST(missing_lead_quiet) {
    /* Lead first; and a story with no sections at all. */
    bl_diags *d = lint_of("Intro narration.\n"
                          "[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "Report text.\n"
                          "\n"
                          "2. Second Story\n"
                          "Only narration here.\n");
    QUIET(d, "missing-lead");
}
END_TEST

/* ---- section-order ---- */

START_TEST(section_order_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "Report text.\n"
                          "[LEAD]\n"
                          "Another lead.\n");
    FIRES(d, "section-order", 4, BL_SEV_WARNING);
}
END_TEST

START_TEST(section_order_quiet) {
    /* A lead after a report of another story. */
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "Report text.\n"
                          "\n"
                          "2. Second Story\n"
                          "[LEAD]\n"
                          "Lead text.\n");
    QUIET(d, "section-order");
}
END_TEST

/* ---- duplicate-section ---- */

START_TEST(duplicate_section_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "Report text.\n"
                          "[REPORT]\n"
                          "More report text.\n");
    FIRES(d, "duplicate-section", 4, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "duplicate-section", -1), 1);
}
END_TEST

START_TEST(duplicate_section_quiet) {
    /* Two leads, but in two stories; a report between two leads. */
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "\n"
                          "2. Second Story\n"
                          "[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "Report.\n"
                          "[LEAD]\n"
                          "Lead.\n");
    QUIET(d, "duplicate-section");
}
END_TEST

/* ---- empty-section ---- */

START_TEST(empty_section_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "\n"
                          "[REPORT]\n"
                          "Report text.\n"
                          "[REPORT]\n");
    FIRES(d, "empty-section", 0, BL_SEV_WARNING);
    FIRES(d, "empty-section", 4, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "empty-section", 2), 0);
}
END_TEST

START_TEST(empty_section_quiet) {
    bl_diags *d = lint_of("Anchor: The anchor speaks on the label line.\n"
                          "Report:\n"
                          "\n"
                          "The report after a blank line.\n"
                          "[LEAD]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n");
    QUIET(d, "empty-section");
}
END_TEST

/* ---- tag-not-alone ---- */

START_TEST(tag_not_alone_fires) {
    bl_diags *d = lint_of("[LEAD] The anchor speaks on the tag line.\n"
                          "[REPORT]\n"
                          "Report text.\n");
    FIRES(d, "tag-not-alone", 0, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "tag-not-alone", -1), 1);
}
END_TEST

START_TEST(tag_not_alone_quiet) {
    bl_diags *d = lint_of("[News Today] A Title Here\n"
                          "[LEAD]   \n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                          "Anchor: Label lines carry text.\n");
    QUIET(d, "tag-not-alone");
}
END_TEST

/* ---- dangling-attribution ---- */

START_TEST(dangling_attribution_fires) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Narration.\n"
                          "\n"
                          "Kim Min-su / Professor\n"
                          "\n"
                          "[LEAD]\n"
                          "Lead text.\n");
    FIRES(d, "dangling-attribution", 3, BL_SEV_WARNING);
}
END_TEST

START_TEST(dangling_attribution_at_eof) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Narration.\n"
                          "Kim Min-su / Professor\n");
    FIRES(d, "dangling-attribution", 2, BL_SEV_WARNING);
}
END_TEST

START_TEST(dangling_attribution_quiet) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Narration.\n"
                          "\n"
                          "Kim Min-su / Professor\n"
                          "\n"
                          "We must act now.\n");
    QUIET(d, "dangling-attribution");
}
END_TEST

/* ---- unbalanced-quote ---- */

START_TEST(unbalanced_quote_fires) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"We must act now.\n"
                          "Narration.\n"
                          "\n"
                          "Lee Ji-hoon / Student\n"
                          "\"It is too late, he said.\n");
    FIRES(d, "unbalanced-quote", 1, BL_SEV_WARNING);
    FIRES(d, "unbalanced-quote", 5, BL_SEV_WARNING);
}
END_TEST

START_TEST(unbalanced_quote_quiet) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"We must act now.\"\n"
                          "[Soundbite] Lee Ji-hoon (Student) : \xe2\x80\x9cIt\xe2\x80\x99s too "
                          "late.\xe2\x80\x9d\n"
                          "\n"
                          "Park Su-jin / Resident\n"
                          "\"The first line of the quote,\n"
                          "and its second line.\"\n"
                          "\n"
                          "Choi Dong-hyun / Engineer\n"
                          "It works, he said.\n");
    QUIET(d, "unbalanced-quote");
}
END_TEST

/* ---- unbalanced-paren ---- */

START_TEST(unbalanced_paren_fires) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Narration.\n"
                          "[Soundbite] Lee Ji-hoon (Title0: \"It was scary.\"\n");
    FIRES(d, "unbalanced-paren", 2, BL_SEV_WARNING);
}
END_TEST

START_TEST(unbalanced_paren_quiet) {
    bl_diags *d =
        lint_of("[REPORT]\n"
                "[Soundbite] Lee Ji-hoon (Victim(VOICE MODIFIED)) : \"It was scary (really).\"\n"
                "Kim Min-su (Professor): \"Yes (or no).\"\n");
    QUIET(d, "unbalanced-paren");
}
END_TEST

/* ---- speaker-role-mismatch ---- */

START_TEST(speaker_role_mismatch_fires) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Kim Min-su / Professor\n"
                          "We must act now.\n"
                          "\n"
                          "[Soundbite] Kim Min-su (Minister) : \"Later.\"\n");
    FIRES(d, "speaker-role-mismatch", 4, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "speaker-role-mismatch", -1), 1);
}
END_TEST

START_TEST(speaker_role_mismatch_quiet) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Kim Min-su / Professor\n"
                          "We must act now.\n"
                          "\n"
                          "[Soundbite] Kim Min-su (Professor) : \"Later.\"\n"
                          "[Soundbite] Kim Min-su : \"Even later.\"\n"
                          "[Soundbite] Lee Ji-hoon (Minister) : \"No.\"\n");
    QUIET(d, "speaker-role-mismatch");
}
END_TEST

/* ---- chrome ---- */

START_TEST(chrome_fires) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "facebook\n"
                          "\xeb\x8c\x93\xea\xb8\x80 0\n");
    FIRES(d, "chrome", 2, BL_SEV_INFO);
    FIRES(d, "chrome", 3, BL_SEV_INFO);
}
END_TEST

START_TEST(chrome_quiet) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Facebook posts rose at the TOP of the hour.\n");
    QUIET(d, "chrome");
}
END_TEST

/* ---- timestamp ---- */

START_TEST(timestamp_impossible) {
    bl_diags *d =
        lint_of(" date 2025-02-30 News Today\n" IN " 2025.13.01 (15:46)\n[LEAD]\nText.\n");
    FIRES(d, "timestamp", 0, BL_SEV_WARNING);
    FIRES(d, "timestamp", 1, BL_SEV_WARNING);
}
END_TEST

START_TEST(timestamp_bad_time) {
    bl_diags *d = lint_of(IN " 2025.06.11 (25:61)\n[LEAD]\nText.\n");
    FIRES(d, "timestamp", 0, BL_SEV_WARNING);
}
END_TEST

START_TEST(timestamp_updated_before_posted) {
    bl_diags *d = lint_of(IN " 2025.06.11 (15:46) " MOD " 2025.06.11 (15:00)\n[LEAD]\nText.\n");
    FIRES(d, "timestamp", 0, BL_SEV_WARNING);
}
END_TEST

START_TEST(timestamp_updated_before_posted_next_line) {
    bl_diags *d = lint_of(IN " 2025.06.11 (15:46)\n" MOD " 2025.06.10 (16:00)\n[LEAD]\nText.\n");
    ck_assert_msg(ut_diag_count(d, "timestamp", 0) + ut_diag_count(d, "timestamp", 1) >= 1,
                  "timestamp expected on line 0 or 1, got %s", ut_diag_list(d));
}
END_TEST

START_TEST(timestamp_quiet) {
    bl_diags *d = lint_of(" date 2024-02-29 News Today\n" IN " 2024.02.29 (23:59) " MOD
                          " 2024.03.01 (00:00)\n"
                          "2024-02-29 12:00:59\n"
                          "[LEAD]\nText.\n");
    QUIET(d, "timestamp");
}
END_TEST

/* ---- a clean document ---- */

START_TEST(clean_document) {
    bl_diags *d = lint_of(" date 2025-06-11 News Today\n"
                          "\n" IN " 2025.06.11 (15:46)\n"
                          "\n"
                          "[LEAD]\n"
                          "President Lee spoke with Xi.\n"
                          "\n"
                          "[REPORT]\n"
                          "Lee held a call.\n"
                          "\n"
                          "Kang Yu-jung / Presidential Spokesperson\n"
                          "Both leaders agreed to work together.\n"
                          "\n"
                          "The call lasted thirty minutes.\n");
    ck_assert_msg(d->n == 0, "no diagnostics expected, got %s", ut_diag_list(d));
}
END_TEST

START_TEST(severity_names) {
    ck_assert_str_eq(bl_severity_name(BL_SEV_ERROR), "error");
    ck_assert_str_eq(bl_severity_name(BL_SEV_WARNING), "warning");
    ck_assert_str_eq(bl_severity_name(BL_SEV_INFO), "info");
}
END_TEST

START_TEST(lint_appends_and_frees) {
    bl_doc *doc = ut_doc("[Reprot]\nfacebook\n");
    bl_diags *d = ut_lint(doc);
    size_t n = d->n;
    ck_assert_uint_ge(n, 2);
    ck_assert_int_eq(bl_lint_run(doc, d), BL_OK);
    ck_assert_uint_eq(d->n, 2 * n);
    bl_diags_free(d);
    ck_assert_uint_eq(d->n, 0);
    ck_assert_ptr_null(d->v);
    bl_diags_free(NULL);
}
END_TEST

START_TEST(malformed_tag_suggestions) {
    bl_diags *d = lint_of("[LEAD\n"
                          "Lead text.\n"
                          "[ REPORT ]\n"
                          "Report text.\n");
    for (size_t k = 0; k < d->n; k++)
        if (strcmp(d->v[k].code, "malformed-tag") == 0)
            ck_assert_pstr_eq(d->v[k].suggestion, d->v[k].line == 0 ? "[LEAD]" : "[REPORT]");
    ck_assert_uint_eq(ut_diag_count(d, "malformed-tag", -1), 2);
}
END_TEST

START_TEST(unknown_tag_five_words_quiet) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "[Photo by the press pool] and some words\n");
    QUIET(d, "unknown-tag");
}
END_TEST

START_TEST(mixed_dialect_label) {
    bl_diags *d = lint_of("Anchor: The anchor.\n"
                          "[Pkg]\n"
                          "The package.\n");
    FIRES(d, "mixed-dialect", 1, BL_SEV_WARNING);
}
END_TEST

START_TEST(empty_section_before_story) {
    /* A lead tag whose next line starts another story. */
    bl_diags *d = lint_of("[LEAD]\n"
                          "Lead text.\n"
                          "[REPORT]\n"
                          "\n"
                          "EXPORTS REBOUND IN MAY\n"
                          "[LEAD]\n"
                          "Text.\n");
    FIRES(d, "empty-section", 2, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "empty-section", -1), 1);
}
END_TEST

START_TEST(timestamp_more) {
    bl_diags *d = lint_of(IN " 2023.02.29 (10:00)\n" IN " 2025-07-03 15:21:60\n"
                             "[LEAD]\nText.\n");
    FIRES(d, "timestamp", 0, BL_SEV_WARNING);
    FIRES(d, "timestamp", 1, BL_SEV_WARNING);
}
END_TEST

START_TEST(timestamp_equal_quiet) {
    bl_diags *d = lint_of(IN " 2025.06.11 (15:46) " MOD " 2025.06.11 (15:46)\n[LEAD]\nText.\n");
    QUIET(d, "timestamp");
}
END_TEST

START_TEST(section_rules_with_labels_and_news9) {
    bl_diags *d = lint_of("[Anchor]\n"
                          "Text.\n"
                          "[REPORT] More text.\n"
                          "[pkg]\n"
                          "\n"
                          "2. Next Story\n"
                          "Report: text\n");
    FIRES(d, "mixed-dialect", 2, BL_SEV_WARNING);
    FIRES(d, "tag-not-alone", 2, BL_SEV_WARNING);
    FIRES(d, "unknown-tag", 3, BL_SEV_ERROR);
    FIRES(d, "missing-lead", 6, BL_SEV_WARNING);
    QUIET(d, "empty-section");
    for (size_t k = 0; k < d->n; k++)
        if (strcmp(d->v[k].code, "unknown-tag") == 0)
            ck_assert_pstr_eq(d->v[k].suggestion, "[Pkg]");
}
END_TEST

START_TEST(chrome_more) {
    bl_diags *d = lint_of("TOP\n"
                          "Home > News > Politics\n"
                          "[LEAD]\n"
                          "Text.\n");
    FIRES(d, "chrome", 0, BL_SEV_INFO);
    FIRES(d, "chrome", 1, BL_SEV_INFO);
    ck_assert_uint_eq(ut_diag_count(d, "chrome", -1), 2);
}
END_TEST

START_TEST(inner_quotes_balanced) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"He said \"no\" to me.\"\n"
                          "[Kim Min-su/Professor: \"First part.\n"
                          "Second part.\"]\n");
    QUIET(d, "unbalanced-quote");
    QUIET(d, "speaker-role-mismatch");
}
END_TEST

START_TEST(unbalanced_paren_tag_line_and_colon) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "[Soundbite]\n"
                          "Lee Ji-hoon (Title0: words here\n"
                          "Narration.\n"
                          "\n"
                          "Park Su-jin (Resident: It was loud.\n");
    FIRES(d, "unbalanced-paren", 2, BL_SEV_WARNING);
    FIRES(d, "unbalanced-paren", 5, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "unbalanced-paren", -1), 2);
}
END_TEST

START_TEST(date_line_tag) {
    /* A tag after the date header is alone on its line; empty when the
     * next section follows at once. */
    bl_diags *d = lint_of(" date 2025-06-11 [Anchor Lead]\n"
                          "[Pkg]\n"
                          "Report.\n");
    QUIET(d, "tag-not-alone");
    FIRES(d, "empty-section", 0, BL_SEV_WARNING);
}
END_TEST

START_TEST(speaker_role_mismatch_across_stories) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "[Soundbite] Kim Min-su (Professor) : \"One.\"\n"
                          "\n"
                          "EXPORTS REBOUND IN MAY\n"
                          "[LEAD]\n"
                          "[Soundbite] Kim Min-su (Minister) : \"Two.\"\n");
    FIRES(d, "speaker-role-mismatch", 5, BL_SEV_WARNING);
}
END_TEST

START_TEST(dangling_before_another_attribution) {
    bl_diags *d = lint_of("[REPORT]\n"
                          "Kim Min-su / Professor\n"
                          "Lee Ji-hoon / Student\n"
                          "It is too late.\n");
    FIRES(d, "dangling-attribution", 1, BL_SEV_WARNING);
    ck_assert_uint_eq(ut_diag_count(d, "dangling-attribution", -1), 1);
}
END_TEST

START_TEST(unknown_tag_with_text_and_case) {
    bl_diags *d = lint_of("[LEAD]\n"
                          "Text.\n"
                          "[Reprot] The report begins here.\n"
                          "[Lead]\n"
                          "Text.\n");
    FIRES(d, "unknown-tag", 2, BL_SEV_ERROR);
    FIRES(d, "unknown-tag", 3, BL_SEV_ERROR);
    for (size_t k = 0; k < d->n; k++)
        if (strcmp(d->v[k].code, "unknown-tag") == 0)
            ck_assert_pstr_eq(d->v[k].suggestion, d->v[k].line == 2 ? "[REPORT]" : "[LEAD]");
}
END_TEST

Suite *lint_suite(void) {
    Suite *s = suite_create("lint");
    TCase *tc = ut_tcase("tags", 10);
    tcase_add_test(tc, unknown_tag_fires);
    tcase_add_test(tc, unknown_tag_quiet);
    tcase_add_test(tc, malformed_tag_fires);
    tcase_add_test(tc, malformed_tag_quiet);
    tcase_add_test(tc, mixed_dialect_fires);
    tcase_add_test(tc, mixed_dialect_quiet);
    tcase_add_test(tc, tag_not_alone_fires);
    tcase_add_test(tc, tag_not_alone_quiet);
    suite_add_tcase(s, tc);
    tc = ut_tcase("sections", 10);
    tcase_add_test(tc, missing_lead_fires);
    tcase_add_test(tc, missing_lead_quiet);
    tcase_add_test(tc, section_order_fires);
    tcase_add_test(tc, section_order_quiet);
    tcase_add_test(tc, duplicate_section_fires);
    tcase_add_test(tc, duplicate_section_quiet);
    tcase_add_test(tc, empty_section_fires);
    tcase_add_test(tc, empty_section_quiet);
    suite_add_tcase(s, tc);
    tc = ut_tcase("quotes", 10);
    tcase_add_test(tc, dangling_attribution_fires);
    tcase_add_test(tc, dangling_attribution_at_eof);
    tcase_add_test(tc, dangling_attribution_quiet);
    tcase_add_test(tc, unbalanced_quote_fires);
    tcase_add_test(tc, unbalanced_quote_quiet);
    tcase_add_test(tc, unbalanced_paren_fires);
    tcase_add_test(tc, unbalanced_paren_quiet);
    tcase_add_test(tc, speaker_role_mismatch_fires);
    tcase_add_test(tc, speaker_role_mismatch_quiet);
    suite_add_tcase(s, tc);
    tc = ut_tcase("page", 10);
    tcase_add_test(tc, chrome_fires);
    tcase_add_test(tc, chrome_quiet);
    tcase_add_test(tc, timestamp_impossible);
    tcase_add_test(tc, timestamp_bad_time);
    tcase_add_test(tc, timestamp_updated_before_posted);
    tcase_add_test(tc, timestamp_updated_before_posted_next_line);
    tcase_add_test(tc, timestamp_quiet);
    tcase_add_test(tc, clean_document);
    tcase_add_test(tc, severity_names);
    tcase_add_test(tc, lint_appends_and_frees);
    suite_add_tcase(s, tc);
    tc = ut_tcase("edges", 10);
    tcase_add_test(tc, malformed_tag_suggestions);
    tcase_add_test(tc, unknown_tag_five_words_quiet);
    tcase_add_test(tc, mixed_dialect_label);
    tcase_add_test(tc, empty_section_before_story);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more", 10);
    tcase_add_test(tc, timestamp_more);
    tcase_add_test(tc, timestamp_equal_quiet);
    tcase_add_test(tc, section_rules_with_labels_and_news9);
    tcase_add_test(tc, chrome_more);
    tcase_add_test(tc, inner_quotes_balanced);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more2", 10);
    tcase_add_test(tc, unbalanced_paren_tag_line_and_colon);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more3", 10);
    tcase_add_test(tc, date_line_tag);
    tcase_add_test(tc, speaker_role_mismatch_across_stories);
    tcase_add_test(tc, dangling_before_another_attribution);
    tcase_add_test(tc, unknown_tag_with_text_and_case);
    suite_add_tcase(s, tc);
    return s;
}
