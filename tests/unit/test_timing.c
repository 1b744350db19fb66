/* timing: counting, notation, and the incremental update against a fresh
 * count after random edits (issue 10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "timelint.h"
#include "timing.h"

static void count(const char *s, uint32_t *w, uint32_t *syl) {
    bl_timing_count(s, 0, strlen(s), w, syl);
}

START_TEST(words_and_syllables) {
    uint32_t w, s;
    count("", &w, &s);
    ck_assert_uint_eq(w, 0);
    count("President Lee Jae-myung spoke.", &w, &s);
    ck_assert_uint_eq(w, 4);
    ck_assert_uint_eq(s, 0);
    /* a run without a letter or digit is no word */
    count("He - said \xe2\x80\x94 \"yes\" ... 11", &w, &s);
    ck_assert_uint_eq(w, 4);
    /* §7 whitespace: NBSP, ideographic space, tab; ZWSP separates too */
    count("one\xc2\xa0two\xe3\x80\x80three\tfour\xe2\x80\x8b"
          "five",
          &w, &s);
    ck_assert_uint_eq(w, 5);
    /* 서울에서 = 4 syllables, no word; KBS뉴스 = 1 word + 2 syllables */
    count("\xec\x84\x9c\xec\x9a\xb8\xec\x97\x90\xec\x84\x9c", &w, &s);
    ck_assert_uint_eq(w, 0);
    ck_assert_uint_eq(s, 4);
    count("KBS\xeb\x89\xb4\xec\x8a\xa4", &w, &s);
    ck_assert_uint_eq(w, 1);
    ck_assert_uint_eq(s, 2);
    /* Hangul jamo are not syllables but are letters; é is a letter */
    count("\xe3\x84\xb1 caf\xc3\xa9", &w, &s);
    ck_assert_uint_eq(w, 2);
    ck_assert_uint_eq(s, 0);
    /* invalid UTF-8 alone is no word */
    count("\xff\xfe", &w, &s);
    ck_assert_uint_eq(w, 0);
    /* a range counts its own bytes only, a word cut at either end counting
     * as a word (the ASCII run stops at b, never reading past it) */
    const char *t = "xx one, two. three";
    bl_timing_count(t, 3, 11, &w, &s); /* "one, two" */
    ck_assert_uint_eq(w, 2);
    bl_timing_count(t, 4, 9, &w, &s); /* "ne, t" */
    ck_assert_uint_eq(w, 2);
    bl_timing_count(t, 5, 7, &w, &s); /* "e," */
    ck_assert_uint_eq(w, 1);
    bl_timing_count(t, 6, 8, &w, &s); /* ", " */
    ck_assert_uint_eq(w, 0);
    /* ASCII after a multibyte character, and one between two words */
    count("caf\xc3\xa9 au lait", &w, &s);
    ck_assert_uint_eq(w, 3);
    count("a\xc2\xa0"
          "b",
          &w, &s);
    ck_assert_uint_eq(w, 2);
}
END_TEST

START_TEST(notation) {
    int64_t ms;
    size_t at;
    ck_assert_int_eq(bl_timing_parse("1:45", 4, &ms), BL_OK);
    ck_assert_int_eq(ms, 105000);
    ck_assert_int_eq(bl_timing_parse("0:00", 4, &ms), BL_OK);
    ck_assert_int_eq(ms, 0);
    ck_assert_int_eq(bl_timing_parse("9999:59", 7, &ms), BL_OK);
    ck_assert_int_eq(ms, BL_TIMING_MAX_MS);
    ck_assert_int_eq(bl_timing_parse("1:60", 4, &ms), BL_EINVAL);
    ck_assert_int_eq(bl_timing_parse("1:5", 3, &ms), BL_EINVAL);
    ck_assert_int_eq(bl_timing_parse("10000:00", 8, &ms), BL_EINVAL);
    ck_assert_int_eq(bl_timing_parse(":30", 3, &ms), BL_EINVAL);
    ck_assert_int_eq(bl_timing_parse("-1:30", 5, &ms), BL_EINVAL);
    const char *s = "[REPORT] (1:45)  ";
    ck_assert_int_eq(bl_timing_declared(s, 8, strlen(s), &ms, &at), 1);
    ck_assert_int_eq(ms, 105000);
    ck_assert_uint_eq(at, 9);
    s = "Kim / Role (Seoul)";
    ck_assert_int_eq(bl_timing_declared(s, 0, strlen(s), &ms, &at), 0);
    s = "(0:12)"; /* the '(' must be inside [a, b) */
    ck_assert_int_eq(bl_timing_declared(s, 1, strlen(s), &ms, &at), 0);
    char buf[24];
    bl_timing_format(98500, buf, sizeof buf);
    ck_assert_str_eq(buf, "1:39");
    bl_timing_format(98499, buf, sizeof buf);
    ck_assert_str_eq(buf, "1:38");
    bl_timing_format(-6000, buf, sizeof buf);
    ck_assert_str_eq(buf, "-0:06");
    bl_timing_format(3600000, buf, sizeof buf);
    ck_assert_str_eq(buf, "60:00");
}
END_TEST

/* A section's own narration, its soundbite at 160 wpm, the story sum. */
START_TEST(aggregates) {
    bl_doc *d = ut_doc("Storm Hits Coast\n"
                       "\n"
                       "[LEAD]\n"
                       "One two three four five six.\n" /* 6 words: 2000 ms */
                       "\n"
                       "[REPORT]\n"
                       "Seven eight nine.\n" /* 3 words: 1000 ms */
                       "\n"
                       "Kim Min-ji / Worker\n"
                       "A b c d e f g h.\n"); /* 8 words at 160: 3000 ms */
    bl_timing *t = bl_timing_new(NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(bl_timing_update(t, d, NULL), BL_OK);
    ck_assert_uint_eq(bl_timing_count_items(t), 4);
    ck_assert_int_eq(bl_timing_item_at(t, 0)->ms, 6000);
    ck_assert_int_eq(bl_timing_item_at(t, 1)->ms, 2000);
    ck_assert_int_eq(bl_timing_item_at(t, 2)->ms, 4000);
    ck_assert_int_eq(bl_timing_item_at(t, 3)->ms, 3000);
    ck_assert_uint_eq(bl_timing_item_at(t, 2)->words, 11);
    ck_assert_int_eq(bl_timing_total(t), 6000);
    ck_assert_ptr_null(bl_timing_item_at(t, 4));
    /* rates: 60 wpm narration, 120 soundbite */
    bl_timing_opts o;
    bl_timing_opts_default(&o);
    o.wpm = 60;
    o.sb_wpm = 120;
    bl_timing_set_opts(t, &o);
    ck_assert_int_eq(bl_timing_update(t, d, NULL), BL_OK);
    ck_assert_int_eq(bl_timing_total(t), (6 + 3) * 1000 + 4000);
    bl_timing_free(t);
}
END_TEST

static void same_as_fresh(bl_timing *t, bl_doc *d, const int64_t *prev, size_t prev_n) {
    bl_timing *f = bl_timing_new(NULL);
    ck_assert_int_eq(bl_timing_update(f, d, NULL), BL_OK);
    size_t n = bl_timing_count_items(f);
    ck_assert_uint_eq(bl_timing_count_items(t), n);
    for (size_t i = 0; i < n; i++) {
        const bl_timing_item *a = bl_timing_item_at(t, i), *b = bl_timing_item_at(f, i);
        if (a->ms != b->ms && getenv("TIMING_DEBUG")) {
            size_t un;
            const bl_item *it = bl_doc_items(d, &un);
            for (int32_t l = 0; l < bl_doc_line_count(d); l++) {
                size_t ll;
                const char *tx = bl_doc_line(d, l, &ll);
                fprintf(stderr, "%3d k%d %.*s\n", l + 1, bl_doc_line_kind(d, l), (int)ll, tx);
            }
            for (size_t q = 0; q < un; q++)
                fprintf(stderr, "item %zu kind %d lvl %d %d-%d ql %d ms %lld/%lld\n", q, it[q].kind,
                        it[q].level, it[q].line, it[q].end_line, it[q].quote_line,
                        (long long)bl_timing_item_at(t, q)->ms,
                        (long long)bl_timing_item_at(f, q)->ms);
        }
        ck_assert_msg(a->ms == b->ms, "item %zu of %zu: %lld, fresh %lld", i, n, (long long)a->ms,
                      (long long)b->ms);
        ck_assert_uint_eq(a->words, b->words);
        ck_assert_uint_eq(a->syllables, b->syllables);
        ck_assert_int_eq(a->declared, b->declared);
    }
    ck_assert_int_eq(bl_timing_total(t), bl_timing_total(f));
    /* what changed is listed (unless all are to be taken) */
    size_t nc;
    int all;
    const size_t *ch = bl_timing_changed(t, &nc, &all);
    if (!all && prev_n == n)
        for (size_t i = 0; i < n; i++)
            if (prev[i] != bl_timing_item_at(t, i)->ms) {
                int listed = 0;
                for (size_t k = 0; k < nc; k++)
                    listed |= ch[k] == i;
                ck_assert_msg(listed, "item %zu changed but is not listed", i);
            }
    /* a window of whole stories gives the same numbers */
    size_t un = 0;
    const bl_item *items = bl_doc_items(d, &un);
    for (size_t i = 0; i < un; i++) {
        if (items[i].kind != BL_ITEM_STORY)
            continue;
        size_t j = i + 1;
        while (j < un && items[j].line <= items[i].end_line)
            j++;
        ck_assert_int_eq(bl_timing_window(f, d, i, j - i), BL_OK);
        for (size_t k = i; k < j; k++)
            ck_assert_int_eq(bl_timing_item_at(f, k - i)->ms, bl_timing_item_at(t, k)->ms);
    }
    bl_timing_free(f);
}

START_TEST(random_edits) {
    static const char *const pool[] = {
        "",
        "[LEAD]",
        "[REPORT]",
        "[REPORT] (1:45)",
        "Narration of the reporter.",
        "More narration, with 11 words of text here and there too.",
        "Kim Min-su / Professor",
        "Kim Min-su / Professor (0:12)",
        "Both leaders agreed to work together.",
        "\"An opening quote line",
        "and its closing line.\"",
        "[Soundbite]",
        "[Soundbite] Kim Min-su (Professor) : \"Yes.\"",
        "Lee Ji-hoon (Student): \"No.\"",
        "[Kim Min-su/Professor: \"First part.",
        "Second part.\"]",
        "EXPORTS REBOUND IN MAY",
        "2. Second Story Title",
        " date 2025-06-11 News Today",
        "\xec\x84\x9c\xec\x9a\xb8 \xeb\x82\xa0\xec\x94\xa8 KBS",
        "Anchor: The anchor speaks.",
    };
    const size_t np = sizeof pool / sizeof pool[0];
    bl_doc *d = ut_doc("Storm Hits Coast\n\n[LEAD]\nOne two three.\n\n[REPORT]\nFour five.\n\n"
                       "Kim / Worker\nA quote.\n\n2. Bridge Reopens\n\n[LEAD]\nSix seven.\n");
    bl_timing *t = bl_timing_new(NULL);
    ck_assert_int_eq(bl_timing_update(t, d, NULL), BL_OK);
    unsigned long long x =
        getenv("TIMING_SEED") ? strtoull(getenv("TIMING_SEED"), NULL, 0) : 0x9E3779B97F4A7C15ull;
    int64_t *prev = NULL;
    size_t prev_n = 0;
    for (int step = 0; step < (getenv("TIMING_SEED") ? 3000 : 600); step++) {
        ut_edit e;
        ut_random_edit(&x, bl_doc_line_count(d), 3, 80, pool, np, &e);
        int32_t first = e.first, last = e.last;
        size_t k = e.k;
        free(prev);
        prev_n = bl_timing_count_items(t);
        prev = malloc((prev_n + 1) * sizeof *prev);
        for (size_t i = 0; i < prev_n; i++)
            prev[i] = bl_timing_item_at(t, i)->ms;
        ck_assert_int_eq(bl_doc_replace(d, first, last, k, e.txt, e.len), BL_OK);
        bl_change ch;
        ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
        if (getenv("TIMING_DEBUG"))
            fprintf(stderr, "step %d: replace %d-%d by %zu; change %d-%d items %zu -%zu +%zu\n",
                    step, first, last, k, ch.first, ch.last, ch.item_first, ch.item_removed,
                    ch.item_added);
        ck_assert_int_eq(bl_timing_update(t, d, &ch), BL_OK);
        same_as_fresh(t, d, prev, prev_n);
    }
    free(prev);
    bl_timing_free(t);
}
END_TEST

/* Typing in one line of a big document recounts only around it. */
START_TEST(edit_in_text_changes_one_section) {
    bl_doc *d = ut_doc("A Title\n\n[LEAD]\nOne two three.\n\n[REPORT]\nFour five six.\n\n"
                       "2. Other Story\n\n[LEAD]\nSeven.\n");
    bl_timing *t = bl_timing_new(NULL);
    ck_assert_int_eq(bl_timing_update(t, d, NULL), BL_OK);
    const char *line = "Four five six seven eight nine.";
    size_t len = strlen(line);
    ck_assert_int_eq(bl_doc_replace(d, 6, 7, 1, &line, &len), BL_OK);
    bl_change ch;
    ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
    ck_assert_int_eq(bl_timing_update(t, d, &ch), BL_OK);
    size_t nc;
    int all;
    const size_t *c = bl_timing_changed(t, &nc, &all);
    ck_assert_int_eq(all, 0);
    /* the report (item 2) and its story (item 0) changed, nothing else */
    ck_assert_uint_eq(nc, 2);
    ck_assert_uint_eq(c[0] + c[1], 2);
    ck_assert_int_eq(bl_timing_item_at(t, 2)->ms, 2000);
    bl_timing_free(t);
}
END_TEST

START_TEST(rc_keys_and_lint) {
    bl_vocab *v = ut_vocab();
    char err[256];
    const char *rc = "timing.target = 0:05\ntiming.story_target = 0:04\ntiming.wpm = 60\n";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    bl_timing_opts o;
    bl_timing_opts_from_vocab(v, &o);
    ck_assert_uint_eq(o.wpm, 60);
    ck_assert_uint_eq(o.sb_wpm, BL_TIMING_SB_WPM);
    ck_assert_int_eq(o.target_ms, 5000);
    ck_assert_int_eq(o.story_target_ms, 4000);
    /* 6 words at 60 wpm: 6 s, over both targets */
    bl_doc *d = ut_doc_v(v, "Storm\n\n[LEAD]\nOne two three four five six.\n");
    bl_diags *g = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(g, "over-time", 0), 2);
    /* bad values are refused with the line */
    const char *bad[] = {"timing.wpm = 0\n", "timing.wpm = 10001\n", "timing.target = 1:5\n",
                         "timing.hangul_spm = -3\n", "timing.bogus = 1\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bl_vocab *w = ut_vocab();
        ck_assert_int_lt(bl_vocab_load_text(w, bad[i], strlen(bad[i]), err, sizeof err), 0);
    }
    /* none turns a target off */
    bl_vocab *w = ut_vocab();
    const char *off = "timing.target = 0:05\ntiming.target = none\n";
    ck_assert_int_eq(bl_vocab_load_text(w, off, strlen(off), err, sizeof err), BL_OK);
    bl_timing_opts_from_vocab(w, &o);
    ck_assert_int_lt(o.target_ms, 0);
}
END_TEST

Suite *timing_suite(void) {
    Suite *s = suite_create("timing");
    TCase *tc = ut_tcase("timing", 60);
    tcase_add_test(tc, words_and_syllables);
    tcase_add_test(tc, notation);
    tcase_add_test(tc, aggregates);
    tcase_add_test(tc, random_edits);
    tcase_add_test(tc, edit_in_text_changes_one_section);
    tcase_add_test(tc, rc_keys_and_lint);
    suite_add_tcase(s, tc);
    return s;
}
