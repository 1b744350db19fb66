/* The bounded "did you mean" search of lint (issue 13 item 1): the same
 * suggestions as bl_vocab_nearest() within its caps, and a bounded amount
 * of work whatever the vocabulary. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* A deterministic generator (xorshift), so a failure can be replayed. */
static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static bl_lint_near *near_of(const bl_vocab *v) {
    bl_lint_near *nr = NULL;
    ck_assert_int_eq(bl_lint_near_new(v, &nr), BL_OK);
    ck_assert_ptr_nonnull(nr);
    return nr;
}

/* Asserts bl_lint_nearest(s) == bl_vocab_nearest(s) (the same entry). */
#define SAME(nr, v, s, len)                                                                        \
    do {                                                                                           \
        bl_lint_near_stats st_;                                                                    \
        const char *got_ = bl_lint_nearest(nr, s, len, &st_);                                      \
        const char *want_ = bl_vocab_nearest(v, s, len);                                           \
        ck_assert_msg(got_ == want_, "'%.*s': got %s, bl_vocab_nearest says %s", (int)(len), s,    \
                      got_ ? got_ : "none", want_ ? want_ : "none");                               \
    } while (0)

/* One to three random edits (substitute, insert, delete, swap neighbours,
 * change case) of t into out; returns the length. */
static size_t typo(const char *t, char *out, size_t cap) {
    size_t n = strlen(t);
    if (n >= cap - 8)
        n = cap - 8;
    memcpy(out, t, n);
    for (unsigned k = 1 + rnd(3); k > 0; k--) {
        size_t i = n ? rnd((unsigned)n) : 0;
        switch (rnd(5)) {
        case 0:
            if (n)
                out[i] = (char)('a' + rnd(26));
            break;
        case 1:
            if (n < cap - 2) {
                memmove(out + i + 1, out + i, n - i);
                out[i] = (char)('A' + rnd(26));
                n++;
            }
            break;
        case 2:
            if (n > 1) {
                memmove(out + i, out + i + 1, n - i - 1);
                n--;
            }
            break;
        case 3:
            if (i + 1 < n) {
                char c = out[i];
                out[i] = out[i + 1];
                out[i + 1] = c;
            }
            break;
        default:
            if (out[i] >= 'a' && out[i] <= 'z')
                out[i] = (char)(out[i] - 32);
            break;
        }
    }
    out[n] = '\0';
    return n;
}

/* The built-in tags: fixed typos with the answers the search always gave,
 * and case, spacing and bracket variants. */
START_TEST(builtin_typos) {
    bl_vocab *v = ut_vocab();
    bl_lint_near *nr = near_of(v);
    static const struct {
        const char *typo, *want;
    } cases[] = {
        {"[Reprot]", "[REPORT]"},
        {"[LEDA]", "[LEAD]"},
        {"[lead]", "[LEAD]"},
        {"[ LEAD ]", "[LEAD]"},
        {"[LEAD", "[LEAD]"},
        {"[Anchr Lead]", "[Anchor Lead]"},
        {"[Anchor Laed]", "[Anchor Lead]"},
        {"[Sondbite]", "[Soundbite]"},
        {"[Sound bite]", "[Soundbite]"},
        {"[News Tody]", "[News Today]"},
        {"[Pgk]", "[Pkg]"},
        {"[Nwes]", "[News]"},
        {"[xyzzy quux]", NULL},
        {"[]", NULL},
        {"[Anchorr]", "[Anchor]"},
        {"[REPROT]", "[REPORT]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i].typo);
        const char *got = bl_lint_nearest(nr, cases[i].typo, len, NULL);
        ck_assert_msg(got == bl_vocab_nearest(v, cases[i].typo, len), "%s: not as before",
                      cases[i].typo);
        ck_assert_pstr_eq(got, cases[i].want);
    }
    /* Random typos of every built-in tag, and random words. */
    char buf[96];
    for (int k = 0; k < 3000; k++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, rnd((unsigned)bl_vocab_count(v)));
        size_t n = typo(e->spelling, buf, sizeof buf);
        SAME(nr, v, buf, n);
    }
    bl_lint_near_free(nr);
}
END_TEST

/* Vocabularies of up to 60 custom tags of every length up to 70 (past the
 * 64 the search compares): the same answers as the full search. */
START_TEST(custom_vocabularies_same) {
    char tag[96], buf[128];
    for (int round = 0; round < 40; round++) {
        bl_vocab *v = ut_vocab();
        size_t ntags = rnd(61);
        for (size_t t = 0; t < ntags; t++) {
            static const unsigned lens[] = {1, 2, 3, 5, 8, 12, 16, 20, 30, 40, 63, 64, 65, 70};
            unsigned len = lens[rnd(sizeof lens / sizeof lens[0])];
            tag[0] = '[';
            for (unsigned i = 1; i <= len; i++)
                tag[i] = rnd(7) == 0 ? ' ' : (char)((rnd(2) ? 'a' : 'A') + rnd(26));
            tag[len + 1] = ']';
            tag[len + 2] = '\0';
            bl_vocab_add(v, tag, BL_ROLE_REPORT, 0, NULL); /* a duplicate is fine */
        }
        bl_lint_near *nr = near_of(v);
        for (int k = 0; k < 300; k++) {
            const bl_vocab_entry *e = bl_vocab_entry_at(v, rnd((unsigned)bl_vocab_count(v)));
            size_t n = typo(e->spelling, buf, sizeof buf);
            SAME(nr, v, buf, n);
            bl_lint_near_stats st;
            bl_lint_nearest(nr, buf, n, &st);
            /* The caps never bound here: the answer is the exact one. */
            ck_assert_uint_lt(st.candidates, BL_LINT_NEAR_MAX_CANDIDATES);
        }
        bl_lint_near_free(nr);
    }
}
END_TEST

/* The hostile vocabulary: 4,085 distinct tags of 64 bytes between
 * the brackets, and unknown tags of the same length (no length filter
 * helps). Every search compares at most BL_LINT_NEAR_MAX_CANDIDATES tags
 * and computes at most BL_LINT_NEAR_MAX_COLUMNS (+ one tag's 64) columns;
 * the full search compared all 4,085 (4,085 x 64 columns). */
START_TEST(hostile_vocabulary_bounded) {
    bl_vocab *v = ut_vocab();
    char tag[72], buf[96];
    size_t added = 0;
    while (bl_vocab_count(v) < BL_VOCAB_MAX_ENTRIES) {
        tag[0] = '[';
        for (int i = 1; i <= 64; i++)
            tag[i] = i % 16 == 0 ? ' ' : (char)('a' + rnd(26));
        tag[65] = ']';
        tag[66] = '\0';
        ck_assert_int_eq(bl_vocab_add(v, tag, BL_ROLE_REPORT, 0, NULL), BL_OK);
        added++;
    }
    ck_assert_uint_eq(added, 4085);
    bl_lint_near *nr = near_of(v);
    size_t most_cand = 0, most_cols = 0;
    for (int k = 0; k < 500; k++) {
        size_t n;
        if (k % 2) {
            /* one typo away from a configured tag */
            const bl_vocab_entry *e = bl_vocab_entry_at(v, 11 + rnd(4085));
            n = typo(e->spelling, buf, sizeof buf);
        } else {
            buf[0] = '[';
            for (int i = 1; i <= 64; i++)
                buf[i] = i % 16 == 0 ? ' ' : (char)('a' + rnd(26));
            buf[65] = ']';
            n = 66;
        }
        bl_lint_near_stats st;
        const char *got = bl_lint_nearest(nr, buf, n, &st);
        ck_assert_uint_le(st.candidates, BL_LINT_NEAR_MAX_CANDIDATES);
        ck_assert_uint_le(st.columns, BL_LINT_NEAR_MAX_COLUMNS + 64);
        most_cand = st.candidates > most_cand ? st.candidates : most_cand;
        most_cols = st.columns > most_cols ? st.columns : most_cols;
        /* What it suggests is a bracketed tag of the vocabulary, within
         * the distance limit of the full search (or nothing). */
        if (got) {
            ck_assert_int_eq(got[0], '[');
            const char *full = bl_vocab_nearest(v, buf, n);
            ck_assert_ptr_nonnull(full);
        }
    }
    /* The bound was reached (the test would not notice a search that
     * compares everything otherwise). */
    ck_assert_uint_ge(most_cols, BL_LINT_NEAR_MAX_COLUMNS);
    ck_assert_uint_gt(most_cand, 0);
    bl_lint_near_free(nr);
}
END_TEST

/* Lint under the hostile vocabulary still reports every unknown tag and
 * suggests a tag the search found for a one-typo line. */
START_TEST(lint_with_hostile_vocabulary) {
    bl_vocab *v = ut_vocab();
    char tag[72];
    for (int t = 0; t < 4085; t++) {
        tag[0] = '[';
        for (int i = 1; i <= 64; i++)
            tag[i] = i % 16 == 0 ? ' ' : (char)('a' + rnd(26));
        tag[65] = ']';
        tag[66] = '\0';
        ck_assert_int_eq(bl_vocab_add(v, tag, BL_ROLE_REPORT, 0, NULL), BL_OK);
    }
    bl_doc *doc =
        ut_doc_v(v, "[News Today] 2024-03-05\n"
                    "\n"
                    "[Reprot] text\n"
                    "[qwertyuiopasdfgh jklzxcvbnmqwert yuiopasdfghjklz xcvbnmqwertyuio] x\n");
    bl_diags *d = ut_lint(doc);
    ck_assert_uint_eq(ut_diag_count(d, "unknown-tag", -1), 2);
    const bl_diag *g = ut_diag(d, "unknown-tag");
    ck_assert_int_eq(g->line, 2);
    ck_assert_pstr_eq(g->suggestion, "[REPORT]");
}
END_TEST

Suite *near_suite(void) {
    Suite *s = suite_create("near");
    TCase *tc = ut_tcase("near", 60);
    tcase_add_test(tc, builtin_typos);
    tcase_add_test(tc, custom_vocabularies_same);
    tcase_add_test(tc, hostile_vocabulary_bounded);
    tcase_add_test(tc, lint_with_hostile_vocabulary);
    suite_add_tcase(s, tc);
    return s;
}
