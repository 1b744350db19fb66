/* bl_doc_replace + bl_doc_update against a fresh parse of the same lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

static const char *const BASE = " date 2025-06-11 News Today\n"                   /* 0 */
                                "\n"                                              /* 1 */
                                "[News Today] Lee Meets Xi\n"                     /* 2 */
                                "[LEAD]\n"                                        /* 3 */
                                "President Lee spoke with Xi.\n"                  /* 4 */
                                "\n"                                              /* 5 */
                                "[REPORT]\n"                                      /* 6 */
                                "Lee held a call.\n"                              /* 7 */
                                "\n"                                              /* 8 */
                                "Kang Yu-jung / Presidential Spokesperson\n"      /* 9 */
                                "Both leaders agreed to work together.\n"         /* 10 */
                                "\n"                                              /* 11 */
                                "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n" /* 12 */
                                "The call lasted thirty minutes.\n"               /* 13 */
                                "\n"                                              /* 14 */
                                "2. Exports Rebound\n"                            /* 15 */
                                "[LEAD]\n"                                        /* 16 */
                                "Exports rose.\n";                                /* 17 */

/* The doc's lines joined into a buffer that bl_doc_set_text splits back. */
static char *join(const bl_doc *d, size_t *len) {
    int32_t n = bl_doc_line_count(d);
    size_t total = 1;
    for (int32_t i = 0; i < n; i++) {
        size_t l;
        bl_doc_line(d, i, &l);
        total += l + 1;
    }
    char *buf = ut_keep(malloc(total));
    size_t o = 0;
    for (int32_t i = 0; i < n; i++) {
        size_t l;
        const char *s = bl_doc_line(d, i, &l);
        memcpy(buf + o, s, l);
        o += l;
        buf[o++] = '\n';
    }
    *len = o;
    return buf;
}

/* Every field of every diagnostic, as text (tracked). */
static const char *diag_text(bl_doc *d) {
    bl_diags *g = ut_lint(d);
    size_t cap = 64, o = 0;
    for (size_t i = 0; i < g->n; i++)
        cap += 64 + strlen(g->v[i].message) + (g->v[i].suggestion ? strlen(g->v[i].suggestion) : 0);
    char *out = ut_keep(malloc(cap));
    out[0] = '\0';
    for (size_t i = 0; i < g->n; i++) {
        const bl_diag *x = &g->v[i];
        o += (size_t)snprintf(out + o, cap - o, "%d:%u-%u %d %s %s [%s]\n", x->line, x->col,
                              x->end_col, x->severity, x->code, x->message,
                              x->suggestion ? x->suggestion : "-");
    }
    return out;
}

/* Asserts that d matches a fresh doc loaded from the same lines. */
static void same_as_fresh(bl_doc *d, const char *what) {
    size_t len;
    char *buf = join(d, &len);
    bl_doc *f = ut_doc_n(bl_doc_vocab(d), buf, len);
    ck_assert_int_eq(bl_doc_line_count(f), bl_doc_line_count(d));
    const char *a = ut_serialize(d), *b = ut_serialize(f);
    ck_assert_msg(strcmp(a, b) == 0, "%s: incremental\n%s\nfresh\n%s", what, a, b);
    a = diag_text(d);
    b = diag_text(f);
    ck_assert_msg(strcmp(a, b) == 0, "%s: lint incremental\n%s\nfresh\n%s", what, a, b);
}

static int edit(bl_doc *d, int32_t first, int32_t last, size_t n, const char *const *texts,
                bl_change *ch) {
    size_t lens[16];
    ck_assert_uint_le(n, 16);
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(texts[i]);
    int rc = bl_doc_replace(d, first, last, n, texts, lens);
    if (rc)
        return rc;
    ck_assert_int_eq(bl_doc_update(d, ch), BL_OK);
    return 0;
}

#define COVERS(ch, a, b)                                                                           \
    ck_assert_msg((ch).first <= (a) && (ch).last >= (b), "change [%d,%d) should cover [%d,%d)",    \
                  (ch).first, (ch).last, (a), (b))

START_TEST(insert_tag_line) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    const char *t[] = {"[REPORT]"};
    ck_assert_int_eq(edit(d, 5, 5, 1, t, &ch), 0);
    ck_assert_int_eq(bl_doc_line_count(d), 19);
    COVERS(ch, 5, 6);
    ck_assert_int_eq(ch.outline_changed, 1);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 4);
    same_as_fresh(d, "insert tag");
}
END_TEST

START_TEST(delete_lines) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    ck_assert_int_eq(edit(d, 5, 7, 0, NULL, &ch), 0);
    ck_assert_int_eq(bl_doc_line_count(d), 16);
    ck_assert_int_le(ch.first, 5);
    ck_assert_int_eq(ch.outline_changed, 1);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    same_as_fresh(d, "delete lines");
}
END_TEST

START_TEST(replace_line) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    const char *t[] = {"Kim Min-su / Professor"};
    ck_assert_int_eq(edit(d, 13, 14, 1, t, &ch), 0);
    COVERS(ch, 13, 14);
    same_as_fresh(d, "replace line");
    /* A body line replaced by another body line: same outline. */
    const char *u[] = {"Exports rose sharply."};
    ck_assert_int_eq(edit(d, 17, 18, 1, u, &ch), 0);
    COVERS(ch, 17, 18);
    ck_assert_int_eq(ch.outline_changed, 0);
    same_as_fresh(d, "replace body line");
}
END_TEST

START_TEST(replace_quote_text_changes_items) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    const char *t[] = {"Both leaders disagreed."};
    ck_assert_int_eq(edit(d, 10, 11, 1, t, &ch), 0);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_QUOTE, 0)->quote, "Both leaders disagreed.");
    ck_assert_msg(ch.outline_changed == 1, "the quote text of an item changed");
    same_as_fresh(d, "replace quote text");
}
END_TEST

START_TEST(insert_at_start_and_end) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    const char *t[] = {"facebook", ""};
    ck_assert_int_eq(edit(d, 0, 0, 2, t, &ch), 0);
    COVERS(ch, 0, 2);
    same_as_fresh(d, "insert at start");
    int32_t n = bl_doc_line_count(d);
    const char *u[] = {"", "EXPORTS FALL AGAIN", "[LEAD]", "Exports fell."};
    ck_assert_int_eq(edit(d, n, n, 4, u, &ch), 0);
    COVERS(ch, n, n + 4);
    ck_assert_int_eq(ch.outline_changed, 1);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), 3);
    same_as_fresh(d, "insert at end");
}
END_TEST

START_TEST(delete_everything) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    ck_assert_int_eq(edit(d, 0, -1, 0, NULL, &ch), 0);
    ck_assert_int_eq(bl_doc_line_count(d), 0);
    size_t n;
    bl_doc_items(d, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(bl_doc_meta(d)->date);
    ck_assert_ptr_null(bl_doc_meta(d)->program);
    ck_assert_int_eq(ch.outline_changed, 1);
    same_as_fresh(d, "delete everything");
    /* And back again. */
    const char *t[] = {"[LEAD]", "Text."};
    ck_assert_int_eq(edit(d, 0, 0, 2, t, &ch), 0);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    same_as_fresh(d, "refill");
}
END_TEST

START_TEST(burst_of_edits) {
    bl_doc *d = ut_doc(BASE);
    const char *a[] = {"[Reprot]"}, *b[] = {"Lee Ji-hoon / Student", "It is too late."};
    size_t la[] = {8}, lb[] = {21, 15};
    ck_assert_int_eq(bl_doc_replace(d, 6, 7, 1, a, la), BL_OK);
    ck_assert_int_eq(bl_doc_replace(d, 14, 14, 2, b, lb), BL_OK);
    ck_assert_int_eq(bl_doc_replace(d, 0, 2, 0, NULL, NULL), BL_OK);
    bl_change ch;
    ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
    /* Post-edit: [Reprot] on line 4, the slash pair on 12-13. */
    COVERS(ch, 0, 14);
    same_as_fresh(d, "burst");
}
END_TEST

START_TEST(no_edit_no_change) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
    /* Nothing differs from the previous update; the line range may be
     * conservative ("may have new fold levels") but stays in the doc. */
    ck_assert_int_eq(ch.outline_changed, 0);
    ck_assert_int_ge(ch.first, 0);
    ck_assert_int_le(ch.last, bl_doc_line_count(d));
}
END_TEST

/* The one bisection over items by line (doc.h), which the update and the
 * timing both use: the first item at or after a line, ties at the first. */
START_TEST(items_from_line) {
    bl_item v[4] = {{.line = 3}, {.line = 3}, {.line = 5}, {.line = 9}};
    ck_assert_uint_eq(bl_items_from_line(v, 4, 1), 0);
    ck_assert_uint_eq(bl_items_from_line(v, 4, 3), 0);
    ck_assert_uint_eq(bl_items_from_line(v, 4, 4), 2);
    ck_assert_uint_eq(bl_items_from_line(v, 4, 5), 2);
    ck_assert_uint_eq(bl_items_from_line(v, 4, 9), 3);
    ck_assert_uint_eq(bl_items_from_line(v, 4, 10), 4);
    ck_assert_uint_eq(bl_items_from_line(v, 0, 1), 0);
    ck_assert_uint_eq(bl_items_from_line(NULL, 0, 7), 0);
}
END_TEST

START_TEST(texts_not_nul_terminated) {
    bl_doc *d = ut_doc(BASE);
    const char *t[] = {"[REPORT]garbage", "Kim Min-su / ProfessorXYZ"};
    size_t lens[] = {8, 22};
    ck_assert_int_eq(bl_doc_replace(d, 5, 5, 2, t, lens), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    size_t len;
    const char *s = bl_doc_line(d, 5, &len);
    ck_assert_uint_eq(len, 8);
    ck_assert_int_eq(memcmp(s, "[REPORT]", 8), 0);
    ck_assert_ptr_nonnull(ut_at(d, BL_ITEM_QUOTE, 7));
    ck_assert_pstr_eq(ut_at(d, BL_ITEM_QUOTE, 7)->role, "Professor");
    same_as_fresh(d, "lens");
}
END_TEST

START_TEST(bad_ranges_leave_doc) {
    bl_doc *d = ut_doc(BASE);
    const char *before = ut_serialize(d);
    const char *t[] = {"x"};
    size_t l[] = {1};
    ck_assert_int_eq(bl_doc_replace(d, 5, 4, 1, t, l), BL_EINVAL);
    ck_assert_int_eq(bl_doc_replace(d, 0, 19, 1, t, l), BL_EINVAL);
    ck_assert_int_eq(bl_doc_replace(d, -2, 3, 1, t, l), BL_EINVAL);
    ck_assert_int_eq(bl_doc_replace(d, 0, 1, 1, NULL, l), BL_EINVAL);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_line_count(d), 18);
    ck_assert_str_eq(ut_serialize(d), before);
}
END_TEST

/* Per-line state that a bl_change must report: fold, kind and spans. */
static char **line_states(bl_doc *d) {
    int32_t n = bl_doc_line_count(d);
    char **v = ut_keep(calloc((size_t)n + 1, sizeof *v));
    for (int32_t i = 0; i < n; i++) {
        char buf[512];
        int o = snprintf(buf, sizeof buf, "%d/%d", bl_doc_fold_level(d, i),
                         (int)bl_doc_line_kind(d, i));
        size_t ns;
        const bl_span *sp = bl_doc_spans(d, i, i + 1, &ns);
        for (size_t k = 0; k < ns && o < 400; k++)
            o += snprintf(buf + o, sizeof buf - (size_t)o, " %u-%u:%d", sp[k].col, sp[k].end_col,
                          sp[k].group);
        v[i] = ut_keep(strdup(buf));
    }
    return v;
}

/* Lines outside the edit whose state changed must lie in [first, last). */
static void change_covers(char **before, int32_t nbefore, char **after, int32_t first, int32_t last,
                          int32_t k, const bl_change *ch, const char *what) {
    for (int32_t i = 0; i < nbefore; i++) {
        if (i >= first && i < last)
            continue;
        int32_t j = i < first ? i : i - (last - first) + k;
        if (strcmp(before[i], after[j]) != 0)
            ck_assert_msg(ch->first <= j && j < ch->last,
                          "%s: line %d changed (%s -> %s) outside change [%d,%d)", what, j,
                          before[i], after[j], ch->first, ch->last);
    }
    ck_assert_msg(k == 0 || (ch->first <= first && ch->last >= first + k),
                  "%s: change [%d,%d) misses the edited lines [%d,%d)", what, ch->first, ch->last,
                  first, first + k);
}

/* Many random edits from a pool of line shapes; compare after each. */
START_TEST(random_edits) {
    static const char *const pool[] = {
        "",
        "[LEAD]",
        "[REPORT]",
        "[Anchor Lead]",
        "[Pkg]",
        "[Reprot]",
        "Narration of the reporter.",
        "Kim Min-su / Professor",
        "Both leaders agreed to work together.",
        "\"An opening quote line",
        "and its closing line.\"",
        "[Soundbite]",
        "[Soundbite] Kim Min-su (Professor) : \"Yes.\"",
        "Lee Ji-hoon (Student): \"No.\"",
        "[Kim Min-su/Professor: \"First part.",
        "Second part.\"]",
        "[Sound bite: Park Su-jin - Resident (Korean)]",
        "EXPORTS REBOUND IN MAY",
        "2. Second Story Title",
        "Short Title Case Line",
        " date 2025-06-11 News Today",
        "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)",
        "facebook",
        "Anchor: The anchor speaks.",
    };
    const size_t np = sizeof pool / sizeof pool[0];
    bl_doc *d = ut_doc(BASE);
    unsigned long long x = 88172645463325252ull;
    for (int step = 0; step < 400; step++) {
        int32_t n = bl_doc_line_count(d);
        ut_edit e;
        ut_random_edit(&x, n, 4, 60, pool, np, &e);
        int32_t first = e.first, last = e.last;
        size_t k = e.k;
        char **before = line_states(d);
        ck_assert_int_eq(bl_doc_replace(d, first, last, k, e.txt, e.len), BL_OK);
        bl_change ch;
        ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
        ck_assert_int_ge(ch.first, 0);
        ck_assert_int_le(ch.last, bl_doc_line_count(d));
        char what[64];
        snprintf(what, sizeof what, "step %d: replace [%d,%d) by %zu", step, first, last, k);
        change_covers(before, n, line_states(d), first, last, (int32_t)k, &ch, what);
        if (step % 3 == 2)
            same_as_fresh(d, what);
    }
}
END_TEST

START_TEST(title_change_is_outline_change) {
    bl_doc *d = ut_doc(BASE);
    bl_change ch;
    const char *t[] = {"[News Today] Lee Meets Kishida"};
    ck_assert_int_eq(edit(d, 2, 3, 1, t, &ch), 0);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_STORY, 0)->title, "Lee Meets Kishida");
    ck_assert_int_eq(ch.outline_changed, 1);
    const char *u[] = {" date 2025-06-12 News Today"};
    ck_assert_int_eq(edit(d, 0, 1, 1, u, &ch), 0);
    ck_assert_pstr_eq(bl_doc_meta(d)->date, "2025-06-12");
    ck_assert_int_eq(ch.outline_changed, 1);
    const char *w[] = {"Kang Yu-jung / Spokesperson"};
    ck_assert_int_eq(edit(d, 9, 10, 1, w, &ch), 0);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_QUOTE, 0)->role, "Spokesperson");
    ck_assert_int_eq(ch.outline_changed, 1);
    same_as_fresh(d, "title, date, role");
}
END_TEST

START_TEST(edit_empty_docs) {
    /* A doc never loaded, and one loaded from "": edits of nothing. */
    bl_doc *d = ut_doc_empty(NULL);
    ck_assert_int_eq(bl_doc_replace(d, 0, 0, 0, NULL, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_replace(d, 0, -1, 0, NULL, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_line_count(d), 0);
    bl_doc *e = ut_doc_n(NULL, "", 0);
    ck_assert_int_eq(bl_doc_replace(e, 0, 0, 0, NULL, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_replace(e, 0, -1, 0, NULL, NULL), BL_OK);
    bl_change ch;
    ck_assert_int_eq(bl_doc_update(e, &ch), BL_OK);
    ck_assert_int_eq(ch.outline_changed, 0);
    const char *t[] = {"[LEAD]"};
    size_t l[] = {6};
    ck_assert_int_eq(bl_doc_replace(e, 0, 0, 1, t, l), BL_OK);
    ck_assert_int_eq(bl_doc_update(e, &ch), BL_OK);
    ck_assert_int_eq(ch.outline_changed, 1);
    ck_assert_uint_eq(ut_count(e, BL_ITEM_SECTION), 1);
    same_as_fresh(e, "empty then one line");
}
END_TEST

/* Bursts of edits from several seeds; compared with a fresh parse. */
START_TEST(random_bursts) {
    static const char *const pool[] = {
        "",
        "",
        "[LEAD]",
        "[REPORT]",
        "[Pkg]",
        "Narration of the reporter.",
        "Kim Min-su / Professor",
        "Both leaders agreed.",
        "\"An opening quote line",
        "and its closing line.\"",
        "[Soundbite]",
        "Lee Ji-hoon (Student): \"No.\"",
        "[Kim Min-su/Professor: \"First part.",
        "Second part.\"]",
        "[Sound bite: Park Su-jin - Resident (Korean)]",
        "\"Quoted line.\"",
        "EXPORTS REBOUND IN MAY",
        "\"EXPORTS REBOUND IN MAY\"",
        "Exports Rebound in May",
        "[News Today] Exports Rebound in May",
        "2. Second Story Title",
        " date 2025-06-11 News Today",
        "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)",
        "\xec\x88\x98\xec\xa0\x95 2025.06.12 (15:46)",
        "2025-07-03 15:21:00",
        "facebook",
        "Anchor: The anchor speaks.",
        "(Local Resident): \"Loud.\"",
        "[Soundbite] Park Su-jin (Resident)",
        "Heat Wave News Today \xec\x9e\x85\xeb\xa0\xa5 2025.07.03 (09:00)",
    };
    const unsigned np = sizeof pool / sizeof pool[0];
    for (unsigned long long seed = 1; seed <= 6; seed++) {
        unsigned long long x = 0x9E3779B97F4A7C15ull * seed + 1;
#define RND(n) (x ^= x << 13, x ^= x >> 7, x ^= x << 17, (unsigned)(x % (n)))
        bl_doc *d = ut_doc(seed % 2 ? BASE : "");
        for (int step = 0; step < 60; step++) {
            unsigned burst = 1 + RND(3);
            for (unsigned b = 0; b < burst; b++) {
                int32_t n = bl_doc_line_count(d);
                int32_t first = (int32_t)RND((unsigned)n + 1);
                int32_t last = first + (int32_t)RND(3);
                if (last > n)
                    last = n;
                size_t k = n > 80 ? 0 : RND(4);
                const char *t[4];
                size_t l[4];
                for (size_t i = 0; i < k; i++) {
                    t[i] = pool[RND(np)];
                    l[i] = strlen(t[i]);
                }
                ck_assert_int_eq(bl_doc_replace(d, first, last, k, t, l), BL_OK);
            }
            ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
            char what[64];
            snprintf(what, sizeof what, "seed %llu step %d", seed, step);
            same_as_fresh(d, what);
        }
#undef RND
    }
}
END_TEST

/* Replaces of many lines keep their texts in one block per replace (doc.c
 * slabs): whole-buffer loads, pastes, and partial edits of them must give
 * what a fresh parse gives, and freeing them line by line must not leak or
 * touch freed memory (the ASan run checks that). */
START_TEST(large_replaces) {
    bl_doc *d = ut_doc("");
    static const char *shapes[] = {"[LEAD]",
                                   "Narration of the day.",
                                   "",
                                   "[REPORT]",
                                   "Kang Yu-jung / Spokesperson",
                                   "\"We agreed.\"",
                                   "2. A Second Story",
                                   "[Soundbite] Lee Min (Mayor) : \"Yes.\""};
    enum { BIG = 300 };
    const char *t[BIG];
    size_t l[BIG];
    for (int round = 0; round < 6; round++) {
        for (int i = 0; i < BIG; i++) {
            t[i] = shapes[(i * 7 + round) % 8];
            l[i] = strlen(t[i]);
        }
        int32_t n = bl_doc_line_count(d);
        /* A big insert in the middle, then small edits inside it, then a
         * big replace that drops half of an earlier block. */
        ck_assert_int_eq(bl_doc_replace(d, n / 2, n / 2, BIG, t, l), BL_OK);
        ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
        same_as_fresh(d, "big insert");
        const char *one[] = {"[Pkg]"};
        size_t ol[] = {5};
        ck_assert_int_eq(bl_doc_replace(d, n / 2 + 3, n / 2 + 5, 1, one, ol), BL_OK);
        ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
        same_as_fresh(d, "small edit inside a big block");
        n = bl_doc_line_count(d);
        ck_assert_int_eq(bl_doc_replace(d, n / 4, n / 4 + BIG / 2, BIG / 2 + 70, t, l), BL_OK);
        ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
        same_as_fresh(d, "big replace across blocks");
    }
    ck_assert_int_eq(bl_doc_replace(d, 0, -1, 0, NULL, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_line_count(d), 0);
}
END_TEST

START_TEST(custom_vocab_edits) {
    bl_vocab *v = ut_vocab();
    static const char rc[] = "lead = <Anchor>\nlabel.report = Correspondent\n";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), NULL, 0), BL_OK);
    bl_doc *d = ut_doc_v(v, "Short Headline Here\n"
                            "\n"
                            "Narration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 0);
    bl_change ch;
    const char *t[] = {"<Anchor>"};
    ck_assert_int_eq(edit(d, 1, 1, 1, t, &ch), 0);
    ck_assert_int_eq(ch.outline_changed, 1);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_SECTION, 0)->tag, "<Anchor>");
    same_as_fresh(d, "custom lead tag");
    const char *u[] = {"Correspondent: The package."};
    ck_assert_int_eq(edit(d, 4, 4, 1, u, &ch), 0);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_SECTION, 1)->section, "report");
    same_as_fresh(d, "custom label");
}
END_TEST

Suite *incremental_suite(void) {
    Suite *s = suite_create("incremental");
    TCase *tc = ut_tcase("edits", 30);
    tcase_add_test(tc, insert_tag_line);
    tcase_add_test(tc, large_replaces);
    tcase_add_test(tc, delete_lines);
    tcase_add_test(tc, replace_line);
    tcase_add_test(tc, replace_quote_text_changes_items);
    tcase_add_test(tc, insert_at_start_and_end);
    tcase_add_test(tc, delete_everything);
    tcase_add_test(tc, burst_of_edits);
    tcase_add_test(tc, no_edit_no_change);
    tcase_add_test(tc, items_from_line);
    tcase_add_test(tc, texts_not_nul_terminated);
    tcase_add_test(tc, bad_ranges_leave_doc);
    tcase_add_test(tc, random_edits);
    suite_add_tcase(s, tc);
    tc = ut_tcase("outline_changed", 30);
    tcase_add_test(tc, title_change_is_outline_change);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more_edits", 60);
    tcase_add_test(tc, edit_empty_docs);
    tcase_add_test(tc, random_bursts);
    suite_add_tcase(s, tc);
    tc = ut_tcase("custom_vocab", 10);
    tcase_add_test(tc, custom_vocab_edits);
    suite_add_tcase(s, tc);
    return s;
}
