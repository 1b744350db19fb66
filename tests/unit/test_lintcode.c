/* lintcode.h: the one table of lint codes. Its entries are well formed and
 * unique (one severity per code), its lookups agree, and the lint passes
 * emit its codes with its severities, every one of them
 * (tests/cli/test_format_doc.py holds it against doc/FORMAT.md and finds
 * codes spelled outside it). */
#include <string.h>

#include "error.h"
#include "lintcode.h"
#include "suites.h"

/* Is s a code's spelling: lowercase words joined by single hyphens? */
static int well_spelled(const char *s) {
    if (s == NULL || *s < 'a' || *s > 'z')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s == '-' && s[1] >= 'a' && s[1] <= 'z')))
            return 0;
    return 1;
}

START_TEST(table_is_well_formed) {
    size_t n = bl_lintcode_count();
    ck_assert_uint_eq(n, BL_LINTCODE_COUNT);
    ck_assert_uint_ge(n, 17);
    for (size_t i = 0; i < n; i++) {
        const bl_lintcode *c = bl_lintcode_at(i);
        ck_assert_ptr_nonnull(c);
        ck_assert_msg(well_spelled(c->name), "code %zu is spelled '%s'", i, c->name);
        ck_assert_msg(c->severity == BL_SEV_ERROR || c->severity == BL_SEV_WARNING ||
                          c->severity == BL_SEV_INFO,
                      "%s: severity %d", c->name, (int)c->severity);
        ck_assert_ptr_nonnull(c->description);
        ck_assert_uint_gt(strlen(c->description), 0);
        ck_assert_msg(strchr(c->description, '\n') == NULL, "%s: a description of one line",
                      c->name);
        /* each code once, so with exactly one severity */
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(bl_lintcode_at(j)->name, c->name) != 0, "%s listed at %zu and %zu",
                          c->name, j, i);
        ck_assert_int_eq(bl_lintcode_index(c->name), (int)i);
        ck_assert_ptr_eq(bl_lintcode_find(c->name), c);
    }
    ck_assert_ptr_null(bl_lintcode_at(n));
    ck_assert_ptr_null(bl_lintcode_at((size_t)-1));
    ck_assert_int_eq(bl_lintcode_index(NULL), BL_EINVAL);
    ck_assert_int_eq(bl_lintcode_index("no-such-code"), BL_EINVAL);
    ck_assert_int_eq(bl_lintcode_index("Unknown-Tag"), BL_EINVAL);
    ck_assert_int_eq(bl_lintcode_index("unknown-tag "), BL_EINVAL);
    ck_assert_int_eq(bl_lintcode_index(""), BL_EINVAL);
    ck_assert_ptr_null(bl_lintcode_find(NULL));
    ck_assert_ptr_null(bl_lintcode_find("unknown"));
}
END_TEST

/* Documents that, together, make the lint passes report every code. */
static const char *const FIXTURES[] = {
    "[LEAD]\nLead text.\n[Reprot]\nText.\n",
    "[LEAD\nText.\n",
    "[LEAD]\nText.\n[Pkg]\nText.\n",
    "[REPORT]\nText.\n",
    "[LEAD]\nA.\n[REPORT]\nB.\n[LEAD]\nC.\n",
    "[LEAD]\nA.\n[REPORT]\nB.\n[REPORT]\nC.\n",
    "[LEAD]\nA.\n[REPORT]\n[REPORT]\n",
    "[LEAD] The anchor speaks on the tag line.\n[REPORT]\nText.\n",
    "[REPORT]\nNarration.\nKim Min-su / Professor\n",
    "[REPORT]\n[Soundbite] Kim Min-su (Professor) : \"We must act now.\nNarration.\n",
    "[REPORT]\nNarration.\n[Soundbite] Lee Ji-hoon (Title0: \"It was scary.\"\n",
    "[REPORT]\nKim Min-su / Professor\nWe must act now.\n\n"
    "[Soundbite] Kim Min-su (Minister) : \"Later.\"\n",
    "[LEAD]\nLead text.\nfacebook\n",
    " date 2025-02-30 News Today\n[LEAD]\nText.\n",
    "[LEAD]\nText.\n\xE2\x80\x8B[REPORT]\nNarration.\n",
    "[REPORT]\nNarration of the reporter goes here.\n\n"
    "Kang Yu-jung . Presidential Spokesperson\nBoth leaders agreed to work together.\n",
};

/* Asserts that every finding of d is a code of the table with its
 * severity; marks the codes seen. (A pass that spelled a code itself would
 * pass here when the linker merges equal strings: test_format_doc.py finds
 * such literals in the sources.) */
static void check_findings(const bl_diags *d, int *seen) {
    for (size_t k = 0; k < d->n; k++) {
        const bl_diag *g = &d->v[k];
        const bl_lintcode *c = bl_lintcode_find(g->code);
        ck_assert_msg(c != NULL, "a pass reports '%s', which is not in lintcode.c", g->code);
        ck_assert_msg(g->severity == (uint8_t)c->severity, "%s reported as %s, the table says %s",
                      g->code, bl_severity_name((bl_severity)g->severity),
                      bl_severity_name(c->severity));
        seen[bl_lintcode_index(g->code)] = 1;
    }
}

START_TEST(passes_emit_the_table) {
    int seen[BL_LINTCODE_COUNT] = {0};
    for (size_t i = 0; i < sizeof FIXTURES / sizeof FIXTURES[0]; i++)
        check_findings(ut_lint(ut_doc(FIXTURES[i])), seen);
    /* over-time (timelint.c) needs a target */
    bl_vocab *v = ut_rc_vocab("timing.target = 0:05\ntiming.story_target = 0:04\n"
                              "timing.wpm = 60\n");
    check_findings(ut_lint(ut_doc_v(v, "Storm\n\n[LEAD]\nOne two three four five six.\n")), seen);
    for (size_t i = 0; i < BL_LINTCODE_COUNT; i++)
        ck_assert_msg(seen[i], "no fixture reports %s: add one to FIXTURES",
                      bl_lintcode_at(i)->name);
}
END_TEST

Suite *lintcode_suite(void) {
    Suite *s = suite_create("lintcode");
    TCase *tc = ut_tcase("table", 10);
    tcase_add_test(tc, table_is_well_formed);
    tcase_add_test(tc, passes_emit_the_table);
    suite_add_tcase(s, tc);
    return s;
}
