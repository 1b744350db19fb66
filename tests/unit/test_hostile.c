/* Hostile input through bl_doc_set_text: no crash, sane results. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* Structural invariants every parse must keep, whatever the input. */
static void invariants(bl_doc *d) {
    size_t n;
    const bl_item *v = bl_doc_items(d, &n);
    int32_t lines = bl_doc_line_count(d);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_ge(v[i].line, 1);
        ck_assert_int_le(v[i].line, v[i].end_line);
        ck_assert_int_le(v[i].end_line, lines);
        if (i > 0)
            ck_assert_int_le(v[i - 1].line, v[i].line);
        if (v[i].kind == BL_ITEM_QUOTE) {
            ck_assert_uint_lt(v[i].form, BL_FORM_COUNT);
            if (v[i].quote_line)
                ck_assert(v[i].quote_line >= v[i].line && v[i].quote_line <= v[i].end_line);
        } else {
            ck_assert_int_eq(v[i].level, v[i].kind == BL_ITEM_STORY ? 1 : 2);
        }
        /* A story has a title or none (NULL), never an empty one. */
        if (v[i].kind == BL_ITEM_STORY)
            ck_assert_msg(!v[i].title || v[i].title[0], "empty title on story at line %d",
                          v[i].line);
    }
    for (int32_t i = 0; i < lines; i++) {
        int f = bl_doc_fold_level(d, i);
        ck_assert(f >= 0 && f <= 3);
    }
    size_t ns;
    const bl_span *sp = bl_doc_spans(d, 0, -1, &ns);
    for (size_t i = 0; i < ns; i++) {
        size_t len;
        bl_doc_line(d, sp[i].line, &len);
        ck_assert_uint_lt(sp[i].col, sp[i].end_col);
        ck_assert_uint_le(sp[i].end_col, len);
    }
    bl_diags *g = ut_lint(d);
    for (size_t i = 0; i < g->n; i++) {
        size_t len;
        bl_doc_line(d, g->v[i].line, &len);
        ck_assert_int_lt(g->v[i].line, lines);
        ck_assert_uint_le(g->v[i].end_col, len);
    }
}

START_TEST(empty_input) {
    bl_doc *d = ut_doc_n(NULL, "", 0);
    ck_assert_int_eq(bl_doc_line_count(d), 0);
    size_t n;
    bl_doc_items(d, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(bl_doc_meta(d)->date);
    ck_assert_ptr_null(bl_doc_meta(d)->posted);
    bl_doc_spans(d, 0, -1, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(ut_lint(d)->n, 0);
    bl_doc *e = ut_doc_n(NULL, NULL, 0);
    ck_assert_int_eq(bl_doc_line_count(e), 0);
    bl_doc *f = ut_doc("\n");
    ck_assert_int_eq(bl_doc_line_count(f), 1);
    invariants(f);
}
END_TEST

START_TEST(no_trailing_newline) {
    bl_doc *d = ut_doc("[LEAD]\nLead text.\n\n[REPORT]\nKim Min-su / Professor\nWe must act.");
    ck_assert_int_eq(bl_doc_line_count(d), 6);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_int_eq(ut_nth(d, BL_ITEM_SECTION, 1)->end_line, 6);
    ck_assert_pstr_eq(ut_one_quote(d)->quote, "We must act.");
    invariants(d);
}
END_TEST

static const char *const LF = " date 2025-06-11 News Today\n"
                              "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46)\n"
                              "\n"
                              "[News Today] Lee Meets Xi\n"
                              "[LEAD]\n"
                              "President Lee spoke with Xi.\n"
                              "\n"
                              "[REPORT]\n"
                              "Kang Yu-jung / Presidential Spokesperson\n"
                              "Both leaders agreed.\n"
                              "\n"
                              "[Soundbite] Kim Min-su (Professor) : \"Yes.\"\n"
                              "[Soundbite] Park Su-jin\n"
                              "[Lee Ji-hoon/Student: \"No.\"]\n"
                              "Choi Dong-hyun (Engineer): It works\n"
                              "\n"
                              "EXPORTS REBOUND\n"
                              "Exports rose.\n";

static char *to_crlf(const char *s) {
    size_t n = strlen(s), o = 0;
    char *out = ut_keep(malloc(2 * n + 1));
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            out[o++] = '\r';
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

START_TEST(crlf_line_ends) {
    bl_doc *d = ut_doc(to_crlf(LF));
    bl_doc *l = ut_doc(LF);
    size_t n;
    const bl_item *v = bl_doc_items(d, &n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!ut_has_byte(v[i].title, '\r'), "title with CR: %s", v[i].title);
        ck_assert_msg(!ut_has_byte(v[i].tag, '\r'), "tag with CR");
        ck_assert_msg(!ut_has_byte(v[i].speaker, '\r'), "speaker with CR");
        ck_assert_msg(!ut_has_byte(v[i].role, '\r'), "role with CR");
        ck_assert_msg(!ut_has_byte(v[i].quote, '\r'), "quote with CR: %s", v[i].quote);
    }
    const bl_meta *m = bl_doc_meta(d);
    ck_assert_msg(!ut_has_byte(m->program, '\r'), "program with CR");
    ck_assert_pstr_eq(m->posted, "2025-06-11T15:46");
    /* The same outline as with LF line ends. */
    ck_assert_str_eq(ut_outline(d), ut_outline(l));
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_STORY, 0)->title, "Lee Meets Xi");
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_STORY, 1)->title, "EXPORTS REBOUND");
    invariants(d);
}
END_TEST

START_TEST(nul_bytes) {
    static const char buf[] = "[LEAD]\nLead\0text.\n[RE\0PORT]\nKim Min-su / Prof\0essor\n"
                              "We must\0 act.\n\0\n[Soundbite] Kim\0 (X) : \"\0\"\n";
    bl_doc *d = ut_doc_n(NULL, buf, sizeof buf - 1);
    ck_assert_int_eq(bl_doc_line_count(d), 7);
    size_t len;
    bl_doc_line(d, 1, &len);
    ck_assert_uint_eq(len, 10);
    ck_assert_int_eq(ut_nth(d, BL_ITEM_SECTION, 0)->line, 1);
    invariants(d);
}
END_TEST

START_TEST(invalid_utf8) {
    static const char buf[] = "\xff\xfe\xfd\n"
                              "[LEAD]\n"
                              "Text \xc3\x28 with \xa0\xa1 bad bytes \xe2\x82\n"
                              "\xec\x9e\n"
                              "Kim Min-su / \xf0\x28\x8c\xbc\n"
                              "\xe2\x80\x9cQuote \xed\xa0\x80 here\xe2\x80\n"
                              "[Soundbite] \xc0\xaf (\xe2\x80) : \xe2\x80\x9c\n"
                              "\xe2\x80\x9c\n"
                              "\xec\x9e\x85\xeb\xa0\xa5 2025.06.11 (15:46) \xec\x88\x98\xec\n";
    bl_doc *d = ut_doc_n(NULL, buf, sizeof buf - 1);
    ck_assert_int_eq(bl_doc_line_count(d), 9);
    ck_assert_uint_ge(ut_count(d, BL_ITEM_SECTION), 1);
    invariants(d);
}
END_TEST

START_TEST(one_megabyte_line) {
    size_t n = 1u << 20;
    char *buf = ut_keep(malloc(n + 64));
    size_t o = 0;
    memcpy(buf, "[LEAD]\n", 7);
    o = 7;
    static const char chunk[] = "Kim (Role / \"x\" [a] : ";
    while (o + sizeof chunk < n) {
        memcpy(buf + o, chunk, sizeof chunk - 1);
        o += sizeof chunk - 1;
    }
    while (o < n)
        buf[o++] = 'a';
    bl_doc *d = ut_doc_n(NULL, buf, o);
    ck_assert_int_eq(bl_doc_line_count(d), 2);
    invariants(d);
    /* A 1 MB line of one word, and one of nested parentheses. */
    memset(buf, 'A', n);
    bl_doc *e = ut_doc_n(NULL, buf, n);
    ck_assert_int_eq(bl_doc_line_count(e), 1);
    invariants(e);
    buf[0] = '[';
    memset(buf + 1, '(', n - 1);
    bl_doc *f = ut_doc_n(NULL, buf, n);
    invariants(f);
}
END_TEST

START_TEST(many_lines) {
    static const char block[] = "[LEAD]\n"
                                "Lead text.\n"
                                "\n"
                                "[REPORT]\n"
                                "Kim Min-su / Professor\n"
                                "We must act.\n"
                                "[Soundbite] Lee Ji-hoon (Student) : \"No.\"\n"
                                "Narration.\n"
                                "\n";
    const int32_t per = 10, blocks = 20000;
    size_t bl = sizeof block - 1, o = 0;
    char *buf = ut_keep(malloc((bl + 32) * (size_t)blocks));
    for (int32_t i = 0; i < blocks; i++) {
        o += (size_t)sprintf(buf + o, "%d. Story Title\n", (int)i + 1);
        memcpy(buf + o, block, bl);
        o += bl;
    }
    bl_doc *d = ut_doc_n(NULL, buf, o);
    ck_assert_int_eq(bl_doc_line_count(d), per * blocks);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_STORY), (size_t)blocks);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2 * (size_t)blocks);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 2 * (size_t)blocks);
    const bl_item *last = ut_nth(d, BL_ITEM_STORY, (size_t)blocks - 1);
    ck_assert_int_eq(last->line, per * (blocks - 1) + 1);
    ck_assert_int_eq(last->end_line, per * blocks - 1);
    invariants(d);
    /* An edit in the middle of it. */
    const char *t[] = {"[Reprot]"};
    size_t l[] = {8};
    ck_assert_int_eq(bl_doc_replace(d, 100004, 100005, 1, t, l), BL_OK);
    bl_change ch;
    ck_assert_int_eq(bl_doc_update(d, &ch), BL_OK);
    ck_assert_int_le(ch.first, 100004);
    ck_assert_int_ge(ch.last, 100005);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2 * (size_t)blocks - 1);
}
END_TEST

START_TEST(take_text) {
    bl_doc *d = ut_doc_empty(NULL);
    char *buf = malloc(16);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, "[LEAD]\nText.\n", 13);
    ck_assert_int_eq(bl_doc_take_text(d, buf, 13), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 1);
    /* Reloading replaces the lines. */
    ck_assert_int_eq(bl_doc_set_text(d, "Anchor: a\nReport: b\n", 20), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_int_eq(bl_doc_line_count(d), 2);
}
END_TEST

START_TEST(null_arguments) {
    ck_assert_int_eq(bl_doc_set_text(NULL, "x", 1), BL_EINVAL);
    ck_assert_int_eq(bl_doc_update(NULL, NULL), BL_EINVAL);
    bl_doc *d = ut_doc_empty(NULL);
    ck_assert_int_eq(bl_doc_set_text(d, NULL, 5), BL_EINVAL);
    ck_assert_int_eq(bl_doc_line_count(NULL), 0);
    ck_assert_int_eq(bl_doc_fold_level(NULL, 0), 0);
    ck_assert_ptr_null(bl_doc_line(d, 0, NULL));
    bl_doc_free(NULL);
    bl_vocab_free(NULL);
    ck_assert_ptr_nonnull(bl_strerror(BL_ENOMEM));
    ck_assert_ptr_nonnull(bl_strerror(12345));
}
END_TEST

/* The messages the CLI and the helper print for each code: every code has
 * its own, none is the unknown code's, and a code from nowhere gets that. */
START_TEST(error_messages) {
    static const int codes[] = {BL_OK, BL_ENOMEM, BL_EINVAL, BL_ETOOBIG, BL_EIO};
    const char *unknown = bl_strerror(12345);
    ck_assert_str_eq(unknown, "unknown error");
    ck_assert_str_eq(bl_strerror(INT_MIN), unknown);
    ck_assert_str_eq(bl_strerror(BL_EIO - 1), unknown);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *msg = bl_strerror(codes[i]);
        ck_assert_msg(msg != NULL && msg[0] != '\0', "code %d has a message", codes[i]);
        ck_assert_msg(strcmp(msg, unknown) != 0, "code %d: \"%s\" is the unknown code's", codes[i],
                      msg);
        for (size_t j = 0; j < i; j++) {
            ck_assert_msg(strcmp(msg, bl_strerror(codes[j])) != 0, "codes %d and %d share \"%s\"",
                          codes[i], codes[j], msg);
        }
    }
    ck_assert_str_eq(bl_strerror(BL_ENOMEM), "out of memory");
    ck_assert_str_eq(bl_strerror(BL_ETOOBIG), "input over a size limit");
}
END_TEST

START_TEST(odd_one_liners) {
    static const char *const lines[] = {
        "[",
        "]",
        "[]",
        "[ ]",
        "(",
        ")",
        ":",
        "\"",
        "\xe2\x80\x9c",
        "[LEAD]",
        "[Soundbite] (",
        "[Soundbite] :",
        "[Soundbite] \"",
        "[Soundbite] (:",
        "[:\"",
        "[Sound bite:",
        "[Sound bites from ",
        "A /",
        "/ B",
        "(: x",
        "(x(: \"",
        "date ",
        " date 2025-",
        "\xec\x9e\x85\xeb\xa0\xa5",
        "\xec\x9e\x85\xeb\xa0\xa5 2025.",
        "1.",
        "1. ",
        "Anchor:",
        "[Soundbite]",
        "\xe2\x80\x9c\xe2\x80\x9d",
        "[a/b: \"",
        "\t",
        "\r",
        "\f\v",
    };
    size_t nl = sizeof lines / sizeof lines[0];
    /* Each alone, and all of them in one document, in both orders. */
    char *all = ut_keep(malloc(64 * nl * 2)), *rev = ut_keep(malloc(64 * nl * 2));
    size_t o = 0, r = 0;
    for (size_t i = 0; i < nl; i++) {
        bl_doc *d = ut_doc(lines[i]);
        size_t ni;
        const bl_item *v = bl_doc_items(d, &ni);
        for (size_t k = 0; k < ni; k++)
            ck_assert_msg(v[k].kind != BL_ITEM_STORY || !v[k].title || v[k].title[0],
                          "empty title for the one-line document '%s'", lines[i]);
        invariants(d);
        size_t l = strlen(lines[i]), m = strlen(lines[nl - 1 - i]);
        memcpy(all + o, lines[i], l);
        o += l;
        all[o++] = '\n';
        memcpy(rev + r, lines[nl - 1 - i], m);
        r += m;
        rev[r++] = '\n';
    }
    bl_doc *a = ut_doc_n(NULL, all, o), *b = ut_doc_n(NULL, rev, r);
    invariants(a);
    invariants(b);
}
END_TEST

START_TEST(crlf_same_lint) {
    bl_doc *d = ut_doc(to_crlf(LF));
    bl_doc *l = ut_doc(LF);
    ck_assert_str_eq(ut_diag_list(ut_lint(d)), ut_diag_list(ut_lint(l)));
    size_t n;
    const bl_span *sp = bl_doc_spans(d, 0, -1, &n);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = bl_doc_line(d, sp[i].line, &len);
        ck_assert_msg(s[sp[i].end_col - 1] != '\r', "span on line %d ends in CR", sp[i].line);
    }
}
END_TEST

START_TEST(line_cap) {
    /* One line over BL_MAX_LINES: refused, the buffer freed, doc usable. */
    bl_doc *d = ut_doc("[LEAD]\nText.\n");
    size_t n = (size_t)BL_MAX_LINES + 1;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    memset(buf, '\n', n);
    ck_assert_int_eq(bl_doc_take_text(d, buf, n), BL_ETOOBIG);
    ck_assert_int_eq(bl_doc_set_text(d, "[REPORT]\nText.\n", 15), BL_OK);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_line_count(d), 2);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_SECTION, 0)->tag, "[REPORT]");
    const char *t[] = {"x"};
    size_t l[] = {1};
    ck_assert_int_eq(bl_doc_replace(d, 0, 0, n, t, l), BL_ETOOBIG);
    ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_line_count(d), 2);
}
END_TEST

Suite *hostile_suite(void) {
    Suite *s = suite_create("hostile");
    TCase *tc = ut_tcase("small", 10);
    tcase_add_test(tc, empty_input);
    tcase_add_test(tc, no_trailing_newline);
    tcase_add_test(tc, crlf_line_ends);
    tcase_add_test(tc, nul_bytes);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, take_text);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, error_messages);
    suite_add_tcase(s, tc);
    tc = ut_tcase("large", 120);
    tcase_add_test(tc, one_megabyte_line);
    tcase_add_test(tc, many_lines);
    suite_add_tcase(s, tc);
    tc = ut_tcase("odd", 10);
    tcase_add_test(tc, odd_one_liners);
    tcase_add_test(tc, crlf_same_lint);
    suite_add_tcase(s, tc);
    tc = ut_tcase("caps", 120);
    tcase_add_test(tc, line_cap);
    suite_add_tcase(s, tc);
    return s;
}
