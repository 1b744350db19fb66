/* §5: highlight spans and their groups. */
#include <stdio.h>
#include <string.h>

#include "suites.h"

static const char *const DOC = " date 2025-06-11 News Today\n"                           /* 0 */
                               "[News Today] Lee Meets Xi\n"                             /* 1 */
                               "[LEAD]\n"                                                /* 2 */
                               "Lead text.\n"                                            /* 3 */
                               "[Reprot]\n"                                              /* 4 */
                               "Kang Yu-jung / Presidential Spokesperson\n"              /* 5 */
                               "Both leaders agreed.\n"                                  /* 6 */
                               "[Soundbite] Kim Min-su (Professor) : \"We must act.\"\n" /* 7 */
                               "facebook\n"                                              /* 8 */
                               "Report: The package.\n"                                  /* 9 */
                               "[Lee Ji-hoon/Student: \"No.\"]\n";                       /* 10 */

/* Is there a span of group on line with exactly [a, b)? */
static int exact(const bl_span *v, size_t n, int32_t line, uint32_t a, uint32_t b, bl_hl_group g) {
    for (size_t i = 0; i < n; i++)
        if (v[i].line == line && v[i].group == g && v[i].col == a && v[i].end_col == b)
            return 1;
    return 0;
}

/* Is there a span of group on line covering [a, b)? */
static int covers(const bl_span *v, size_t n, int32_t line, uint32_t a, uint32_t b, bl_hl_group g) {
    for (size_t i = 0; i < n; i++)
        if (v[i].line == line && v[i].group == g && v[i].col <= a && v[i].end_col >= b)
            return 1;
    return 0;
}

static size_t on_line(const bl_span *v, size_t n, int32_t line, int group) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += v[i].line == line && (group < 0 || v[i].group == group);
    return c;
}

static const char *dump(const bl_span *v, size_t n) {
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 64 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%d:%u-%u:%s ", v[i].line, v[i].col,
                              v[i].end_col, bl_hl_group_name((bl_hl_group)v[i].group));
    return buf;
}

#define EXACT(l, a, b, g)                                                                          \
    ck_assert_msg(exact(v, n, l, a, b, g), "no %s [%d,%d) on line %d: %s", bl_hl_group_name(g), a, \
                  b, l, dump(v, n))
#define COVERS(l, a, b, g)                                                                         \
    ck_assert_msg(covers(v, n, l, a, b, g), "no %s over [%d,%d) on line %d: %s",                   \
                  bl_hl_group_name(g), a, b, l, dump(v, n))

START_TEST(groups_of_spans) {
    bl_doc *d = ut_doc(DOC);
    size_t n;
    const bl_span *v = bl_doc_spans(d, 0, -1, &n);
    ck_assert_ptr_nonnull(v);
    COVERS(0, 1, 27, BL_HL_META);
    COVERS(1, 13, 25, BL_HL_TITLE);
    ck_assert_msg(!covers(v, n, 1, 0, 12, BL_HL_TITLE), "[News Today] is not title text: %s",
                  dump(v, n));
    EXACT(2, 0, 6, BL_HL_TAG);
    ck_assert_uint_eq(on_line(v, n, 3, -1), 0);
    EXACT(4, 0, 8, BL_HL_UNKNOWN_TAG);
    ck_assert_uint_eq(on_line(v, n, 4, BL_HL_TAG), 0);
    EXACT(5, 0, 12, BL_HL_SPEAKER);
    EXACT(5, 15, 40, BL_HL_ROLE);
    COVERS(6, 0, 20, BL_HL_QUOTE);
    EXACT(7, 0, 11, BL_HL_CUE);
    EXACT(7, 12, 22, BL_HL_SPEAKER);
    EXACT(7, 24, 33, BL_HL_ROLE);
    EXACT(7, 38, 50, BL_HL_QUOTE);
    ck_assert_uint_eq(on_line(v, n, 7, BL_HL_TAG), 0);
    EXACT(8, 0, 8, BL_HL_CHROME);
    COVERS(9, 0, 6, BL_HL_TAG);
    EXACT(10, 1, 12, BL_HL_SPEAKER);
    EXACT(10, 13, 20, BL_HL_ROLE);
    EXACT(10, 23, 26, BL_HL_QUOTE);
    /* In line order, each within its line. */
    for (size_t i = 0; i < n; i++) {
        size_t len;
        bl_doc_line(d, v[i].line, &len);
        ck_assert_uint_lt(v[i].col, v[i].end_col);
        ck_assert_uint_le(v[i].end_col, len);
        ck_assert_uint_lt(v[i].group, BL_HL_COUNT);
        if (i > 0)
            ck_assert_int_le(v[i - 1].line, v[i].line);
    }
}
END_TEST

START_TEST(span_range) {
    bl_doc *d = ut_doc(DOC);
    size_t n;
    const bl_span *v = bl_doc_spans(d, 5, 6, &n);
    ck_assert_uint_eq(n, 2);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(v[i].line, 5);
    v = bl_doc_spans(d, 3, 4, &n);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(group_names) {
    static const char *const want[BL_HL_COUNT] = {
        "bulletinTag",    "bulletinCue",     "bulletinUnknownTag", "bulletinTitle", "bulletinMeta",
        "bulletinChrome", "bulletinSpeaker", "bulletinRole",       "bulletinQuote"};
    for (int g = 0; g < BL_HL_COUNT; g++)
        ck_assert_str_eq(bl_hl_group_name((bl_hl_group)g), want[g]);
    static const char *const forms[BL_FORM_COUNT] = {"slash",      "inline",  "tag_line",
                                                     "colon",      "anon",    "name_only",
                                                     "quote_only", "bracket", "radio"};
    for (int f = 0; f < BL_FORM_COUNT; f++)
        ck_assert_str_eq(bl_form_name((bl_form)f), forms[f]);
}
END_TEST

START_TEST(spans_of_other_forms) {
    bl_doc *d = ut_doc("[REPORT]\n"                                    /* 0 */
                       "[Soundbite]\n"                                 /* 1 */
                       "Kim Min-su (Professor): We must act.\n"        /* 2 */
                       "[Sound bite: Lee Ji-hoon - Student]\n"         /* 3 */
                       "\"No.\"\n"                                     /* 4 */
                       "(Local Resident): \"Loud.\"\n"                 /* 5 */
                       "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n" /* 6 */
                       "[Pkg]\n");                                     /* 7 */
    size_t n;
    const bl_span *v = bl_doc_spans(d, 0, -1, &n);
    EXACT(0, 0, 8, BL_HL_TAG);
    EXACT(1, 0, 11, BL_HL_CUE);
    EXACT(2, 0, 10, BL_HL_SPEAKER);
    EXACT(2, 12, 21, BL_HL_ROLE);
    EXACT(2, 24, 36, BL_HL_QUOTE);
    COVERS(3, 0, 12, BL_HL_CUE);
    COVERS(4, 1, 4, BL_HL_QUOTE);
    EXACT(5, 1, 15, BL_HL_ROLE);
    EXACT(5, 19, 24, BL_HL_QUOTE);
    ck_assert_uint_eq(on_line(v, n, 5, BL_HL_SPEAKER), 0);
    COVERS(6, 0, 25, BL_HL_META);
    EXACT(7, 0, 5, BL_HL_TAG);
    v = bl_doc_spans(d, 5, 2, &n);
    ck_assert_uint_eq(n, 0);
}
END_TEST

Suite *highlight_suite(void) {
    Suite *s = suite_create("highlight");
    TCase *tc = ut_tcase("spans", 10);
    tcase_add_test(tc, groups_of_spans);
    tcase_add_test(tc, span_range);
    tcase_add_test(tc, group_names);
    suite_add_tcase(s, tc);
    tc = ut_tcase("forms", 10);
    tcase_add_test(tc, spans_of_other_forms);
    suite_add_tcase(s, tc);
    return s;
}
