/* Fixes of lint findings (fix.h, issue 11): each safe and unsafe fix, its
 * edits applied to the text, the result linted again (idempotence), and
 * no fix for a finding whose line no longer shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fix.h"
#include "suites.h"

/* The byte offset of (line, col) in text (lines split at "\n"). */
static size_t offset_of(const char *text, int32_t line, uint32_t col) {
    size_t at = 0;
    for (int32_t i = 0; i < line; i++) {
        const char *nl = strchr(text + at, '\n');
        ck_assert_ptr_nonnull(nl);
        at = (size_t)(nl - text) + 1;
    }
    return at + col;
}

/* text with the edits of f applied, last first (tracked). */
static const char *apply(const char *text, const bl_fix *f) {
    char *cur = ut_keep(strdup(text));
    for (size_t k = f->n_edits; k-- > 0;) {
        const bl_edit *e = &f->edits[k];
        size_t a = offset_of(cur, e->line, e->col), b = offset_of(cur, e->end_line, e->end_col);
        ck_assert_uint_le(a, b);
        size_t n = strlen(cur), tn = e->len;
        char *next = ut_keep(malloc(n - (b - a) + tn + 1));
        memcpy(next, cur, a);
        memcpy(next + a, e->text, tn);
        memcpy(next + a + tn, cur + b, n - b + 1);
        cur = next;
    }
    return cur;
}

/* What the fixes of the first finding with code on 0-based line give:
 * "safe|title|text after" or "unsafe|...", fixes joined by "\n--\n",
 * "none" when there is none (tracked). */
static const char *fixes_of(const char *text, const char *code, int32_t line) {
    bl_doc *doc = ut_doc(text);
    bl_diags *d = ut_lint(doc);
    const bl_diag *g = NULL;
    for (size_t i = 0; i < d->n && !g; i++)
        if (strcmp(d->v[i].code, code) == 0 && d->v[i].line == line)
            g = &d->v[i];
    ck_assert_msg(g != NULL, "no %s on line %d: %s", code, (int)line, ut_diag_list(d));
    bl_fixes fx = {0};
    ck_assert_int_eq(bl_fix_for(doc, g, &fx), BL_OK);
    char *out = ut_keep(strdup(fx.n ? "" : "none"));
    for (size_t i = 0; i < fx.n; i++) {
        const char *after = apply(text, &fx.v[i]);
        size_t need = strlen(out) + strlen(fx.v[i].title) + strlen(after) + 16;
        char *next = ut_keep(malloc(need));
        snprintf(next, need, "%s%s%s|%s|%s", out, i ? "\n--\n" : "",
                 fx.v[i].safe ? "safe" : "unsafe", fx.v[i].title, after);
        out = next;
    }
    bl_fixes_free(&fx);
    return out;
}

/* Asserts the fix of code on line gives want, and that the text it gives
 * holds no finding of code on that line any more (the fix took). */
#define FIX(text, code, line, want)                                                                \
    do {                                                                                           \
        const char *got_ = fixes_of(text, code, line);                                             \
        ck_assert_str_eq(got_, want);                                                              \
        const char *after_ = strchr(strchr(got_, '|') + 1, '|') + 1;                               \
        ck_assert_uint_eq(ut_diag_count(ut_lint(ut_doc(after_)), code, line), 0);                  \
    } while (0)

START_TEST(test_case_and_spacing_are_safe) {
    FIX("[lead]\nHello there.\n", "unknown-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello there.\n");
    FIX("[ LEAD ]\nHello.\n", "malformed-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello.\n");
    FIX("[LEAD\nHello.\n", "malformed-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello.\n");
    FIX("LEAD]\nHello.\n", "malformed-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello.\n");
    /* the canonical spelling of a known tag */
    FIX("[Anchor lead]\nHello.\n", "unknown-tag", 0,
        "safe|Write [Anchor Lead]|[Anchor Lead]\nHello.\n");
}
END_TEST

START_TEST(test_trailing_whitespace_of_the_tag_line_goes_too) {
    FIX("[lead]   \nHello.\n", "unknown-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello.\n");
    FIX("[ LEAD ] \t\nHello.\n", "malformed-tag", 0, "safe|Write [LEAD]|[LEAD]\nHello.\n");
    /* a CR line end (a CRLF buffer read as unix) stays */
    FIX("[lead]  \r\nHello.\n", "unknown-tag", 0, "safe|Write [LEAD]|[LEAD]\r\nHello.\n");
}
END_TEST

START_TEST(test_soundbite_colon_and_bracket_are_safe) {
    FIX("[LEAD]\nText.\n[Soundbite]: Kim Min-su (Reporter) : \"Yes.\"\n", "malformed-tag", 2,
        "safe|Write [Soundbite]|[LEAD]\nText.\n[Soundbite] Kim Min-su (Reporter) : \"Yes.\"\n");
    FIX("[LEAD]\nText.\n[Soundbite Kim Min-su (Reporter) : \"Yes.\"\n", "malformed-tag", 2,
        "safe|Write [Soundbite] |[LEAD]\nText.\n[Soundbite] Kim Min-su (Reporter) : \"Yes.\"\n");
    FIX("[LEAD]\nText.\n[Soundbite]:Kim Min-su (Reporter) : \"Yes.\"\n", "malformed-tag", 2,
        "safe|Write [Soundbite] |[LEAD]\nText.\n[Soundbite] Kim Min-su (Reporter) : \"Yes.\"\n");
}
END_TEST

START_TEST(test_invisible_characters_are_deleted) {
    FIX("\xE2\x80\x8B[LEAD]\nText.\n", "invisible-char", 0,
        "safe|Delete the invisible U+200B before the tag|[LEAD]\nText.\n");
    /* all of them, and the trailing blanks of the tag line */
    FIX("\xE2\x80\x8B \xE2\x81\xA0[LEAD]  \nText.\n", "invisible-char", 0,
        "safe|Delete the invisible U+200B before the tag| [LEAD]\nText.\n");
}
END_TEST

START_TEST(test_typo_is_unsafe) {
    FIX("[LEAD]\nText.\n[REPROT]\nMore.\n", "unknown-tag", 2,
        "unsafe|Replace with the nearest tag [REPORT]|[LEAD]\nText.\n[REPORT]\nMore.\n");
    /* no suggestion, no fix */
    ck_assert_str_eq(fixes_of("[LEAD]\nText.\n[Weather Map]\nMore.\n", "unknown-tag", 2), "none");
}
END_TEST

START_TEST(test_chrome_line_deleted_unsafe) {
    FIX("[LEAD]\nText.\nfacebook\nMore.\n", "chrome", 2,
        "unsafe|Delete this line (web-page furniture)|[LEAD]\nText.\nMore.\n");
    /* the last line, without a final newline */
    const char *got = fixes_of("[LEAD]\nText.\nfacebook", "chrome", 2);
    ck_assert_str_eq(got, "unsafe|Delete this line (web-page furniture)|[LEAD]\nText.");
}
END_TEST

START_TEST(test_text_after_section_tag_moves_unsafe) {
    FIX("[LEAD] Hello there.  \nMore.\n", "tag-not-alone", 0,
        "unsafe|Move the text after [LEAD] to its own line|[LEAD]\nHello there.\nMore.\n");
}
END_TEST

START_TEST(test_no_fix_for_other_codes) {
    ck_assert_str_eq(fixes_of("[LEAD]\nText.\n[LEAD]\nMore.\n", "duplicate-section", 2), "none");
    ck_assert_str_eq(fixes_of("[REPORT]\nText.\n", "missing-lead", 0), "none");
}
END_TEST

/* A finding kept across an edit (the RPC helper moves them) whose line
 * changed gets no fix. */
START_TEST(test_stale_finding_gets_no_fix) {
    bl_doc *doc = ut_doc("[LEAD]\nText.\n[lead]\n");
    bl_diag d = {2, 0, 6, BL_SEV_ERROR, "unknown-tag", "unknown tag [lead]", "[LEAD]", 18};
    bl_fixes fx = {0};
    ck_assert_int_eq(bl_fix_for(doc, &d, &fx), BL_OK);
    ck_assert_uint_eq(fx.n, 1);
    bl_fixes_free(&fx);
    d.line = 1; /* "Text." shows no unknown tag */
    ck_assert_int_eq(bl_fix_for(doc, &d, &fx), BL_OK);
    ck_assert_uint_eq(fx.n, 0);
    d.line = 2, d.end_col = 4; /* other columns */
    ck_assert_int_eq(bl_fix_for(doc, &d, &fx), BL_OK);
    ck_assert_uint_eq(fx.n, 0);
    d.line = 99;
    ck_assert_int_eq(bl_fix_for(doc, &d, &fx), BL_OK);
    ck_assert_uint_eq(fx.n, 0);
    d.code = "chrome", d.line = 1, d.col = 0, d.end_col = 5; /* not chrome now */
    ck_assert_int_eq(bl_fix_for(doc, &d, &fx), BL_OK);
    ck_assert_uint_eq(fx.n, 0);
    ck_assert_int_eq(bl_fix_for(NULL, &d, &fx), BL_EINVAL);
}
END_TEST

/* Applying every safe fix leaves nothing to fix (a second run changes
 * nothing). */
START_TEST(test_safe_fixes_are_idempotent) {
    const char *text =
        "[lead]  \nText.\n\xE2\x80\x8B[ REPORT ]\nMore.\n[Soundbite]: Kim (Role) : \"x\"\n";
    for (int pass = 0; pass < 2; pass++) {
        bl_doc *doc = ut_doc(text);
        bl_diags *d = ut_lint(doc);
        bl_fixes fx = {0};
        for (size_t i = 0; i < d->n; i++)
            ck_assert_int_eq(bl_fix_for(doc, &d->v[i], &fx), BL_OK);
        size_t safe = 0;
        const bl_fix *first = NULL;
        for (size_t i = 0; i < fx.n; i++)
            if (fx.v[i].safe && !first)
                first = &fx.v[i], safe++;
            else
                safe += fx.v[i].safe;
        const char *next = first ? apply(text, first) : text;
        bl_fixes_free(&fx);
        if (pass == 1 || !first)
            break;
        /* Apply one at a time until none is left. */
        for (int guard = 0; guard < 8; guard++) {
            doc = ut_doc(next);
            d = ut_lint(doc);
            first = NULL;
            for (size_t i = 0; i < d->n && !first; i++) {
                ck_assert_int_eq(bl_fix_for(doc, &d->v[i], &fx), BL_OK);
                for (size_t k = 0; k < fx.n && !first; k++)
                    if (fx.v[k].safe)
                        next = apply(next, &fx.v[k]), first = &fx.v[k];
                bl_fixes_free(&fx);
            }
            if (!first)
                break;
        }
        ck_assert_str_eq(next, "[LEAD]\nText.\n[REPORT]\nMore.\n[Soundbite] Kim (Role) : \"x\"\n");
        text = next;
    }
}
END_TEST

START_TEST(test_overlap_and_letters) {
    bl_fix a = {NULL, 1, 1, {{0, 0, 0, 6, "", 0}}}, b = {NULL, 1, 1, {{0, 6, 0, 9, "", 0}}};
    ck_assert_int_eq(bl_fix_overlap(&a, &b), 0); /* touching */
    b.edits[0].col = 5;
    ck_assert_int_eq(bl_fix_overlap(&a, &b), 1);
    bl_fix del = {NULL, 0, 1, {{0, 0, 1, 0, "", 0}}}, next = {NULL, 1, 1, {{1, 0, 1, 3, "", 0}}};
    ck_assert_int_eq(bl_fix_overlap(&del, &next), 0);
    bl_fix i1 = {NULL, 1, 1, {{2, 3, 2, 3, "x", 1}}}, i2 = {NULL, 1, 1, {{2, 3, 2, 3, "y", 1}}};
    ck_assert_int_eq(bl_fix_overlap(&i1, &i2), 1);
    ck_assert_int_eq(bl_fix_same_letters("[ lead", 6, "[LEAD]"), 1);
    ck_assert_int_eq(bl_fix_same_letters("[REPROT]", 8, "[REPORT]"), 0);
    ck_assert_int_eq(bl_fix_same_letters("[LEADS]", 7, "[LEAD]"), 0);
}
END_TEST

/* bl_fix_choose(): text order, overlapping ones left for the next round,
 * touching ones both taken, the earlier candidate first among equals. */
START_TEST(test_choose_non_overlapping) {
    bl_fix f[6] = {
        {NULL, 1, 1, {{5, 0, 5, 6, "", 0}}},                      /* 0: line 5 */
        {NULL, 0, 1, {{2, 0, 3, 0, "", 0}}},                      /* 1: line 2 deleted */
        {NULL, 1, 1, {{3, 0, 3, 4, "", 0}}},                      /* 2: touches 1 */
        {NULL, 1, 1, {{5, 3, 5, 9, "", 0}}},                      /* 3: overlaps 0 */
        {NULL, 1, 2, {{7, 0, 7, 3, "", 0}, {7, 8, 7, 9, "", 0}}}, /* 4 */
        {NULL, 1, 1, {{7, 4, 7, 5, "", 0}}},                      /* 5: inside 4's span */
    };
    size_t cand[6] = {0, 1, 2, 3, 4, 5}, out[6], n = 99;
    ck_assert_int_eq(bl_fix_choose(f, cand, 6, out, &n), BL_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(out[0], 1);
    ck_assert_uint_eq(out[1], 2);
    ck_assert_uint_eq(out[2], 0);
    ck_assert_uint_eq(out[3], 4);
    size_t swapped[2] = {3, 0}; /* equal standing: the earlier candidate */
    f[3].edits[0].col = 0;
    ck_assert_int_eq(bl_fix_choose(f, swapped, 2, out, &n), BL_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(out[0], 3);
    ck_assert_int_eq(bl_fix_choose(f, cand, 0, out, &n), BL_OK);
    ck_assert_uint_eq(n, 0);
}
END_TEST

/* Every allocation of bl_fix_for() failing in turn: BL_ENOMEM and out
 * unchanged, never a half-made fix (ASan with CK_FORK=no: no leak). */
START_TEST(test_out_of_memory_leaves_out_unchanged) {
    const char *text = "[LEAD] Text after.\n\xE2\x80\x8B[lead]  \nfacebook\n[REPROT]\nMore.\n";
    bl_doc *doc = ut_doc(text);
    bl_diags *d = ut_lint(doc);
    size_t want = 0;
    bl_fixes fx = {0};
    for (size_t i = 0; i < d->n; i++)
        ck_assert_int_eq(bl_fix_for(doc, &d->v[i], &fx), BL_OK);
    want = fx.n;
    bl_fixes_free(&fx);
    ck_assert_uint_ge(want, 5);
    int failed_some = 0;
    for (long k = 0; k < 64; k++) {
        bl_alloc_fail_after(k);
        size_t got = 0;
        int oom = 0;
        for (size_t i = 0; i < d->n; i++) {
            size_t before = fx.n;
            int rc = bl_fix_for(doc, &d->v[i], &fx);
            if (rc == BL_ENOMEM) {
                ck_assert_uint_eq(fx.n, before);
                oom = 1;
            } else {
                ck_assert_int_eq(rc, BL_OK);
            }
        }
        got = fx.n;
        bl_alloc_fail_after(-1);
        failed_some |= oom;
        ck_assert(oom || got == want);
        for (size_t i = 0; i < fx.n; i++)
            ck_assert_ptr_nonnull(fx.v[i].title);
        bl_fixes_free(&fx);
    }
    ck_assert(failed_some);
}
END_TEST

Suite *fix_suite(void) {
    Suite *s = suite_create("fix");
    TCase *tc = ut_tcase("fix", 10);
    tcase_add_test(tc, test_case_and_spacing_are_safe);
    tcase_add_test(tc, test_trailing_whitespace_of_the_tag_line_goes_too);
    tcase_add_test(tc, test_soundbite_colon_and_bracket_are_safe);
    tcase_add_test(tc, test_invisible_characters_are_deleted);
    tcase_add_test(tc, test_typo_is_unsafe);
    tcase_add_test(tc, test_chrome_line_deleted_unsafe);
    tcase_add_test(tc, test_text_after_section_tag_moves_unsafe);
    tcase_add_test(tc, test_no_fix_for_other_codes);
    tcase_add_test(tc, test_stale_finding_gets_no_fix);
    tcase_add_test(tc, test_safe_fixes_are_idempotent);
    tcase_add_test(tc, test_overlap_and_letters);
    tcase_add_test(tc, test_choose_non_overlapping);
    tcase_add_test(tc, test_out_of_memory_leaves_out_unchanged);
    suite_add_tcase(s, tc);
    return s;
}
