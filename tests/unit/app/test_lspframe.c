/* The language server's pure parts: the message framer (core/lsp/
 * lspframe.h) at every split point of the input, its resynchronisation
 * and skipping; LSP columns (lsppos.h) on Hangul, astral and invalid
 * bytes; a document's client lines against the model's (lspdoc.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appsuites.h"
#include "lspdoc.h"
#include "lspframe.h"
#include "lsppos.h"

/* Feeds data[0, len) in pieces of `step` bytes; records the events as
 * "M<body>" / "B" / "T<len>" in out. */
static void run(bl_lspframe *f, const char *data, size_t len, size_t step, char *out, size_t cap) {
    out[0] = '\0';
    for (size_t off = 0; off < len;) {
        size_t n = len - off < step ? len - off : step, used = 0;
        while (used < n) {
            size_t u;
            bl_lspframe_event ev;
            ck_assert_int_eq(bl_lspframe_feed(f, data + off + used, n - used, &u, &ev), 0);
            used += u;
            char one[256] = "";
            if (ev.kind == BL_LSPFRAME_MESSAGE) {
                snprintf(one, sizeof one, "M%s|", ev.body);
                free(ev.body);
            } else if (ev.kind == BL_LSPFRAME_BAD_HEADER) {
                snprintf(one, sizeof one, "B|");
            } else if (ev.kind == BL_LSPFRAME_TOO_BIG) {
                snprintf(one, sizeof one, "T%llu|", (unsigned long long)ev.len);
            }
            strncat(out, one, cap - strlen(out) - 1);
        }
        off += n;
    }
}

START_TEST(test_frame_every_split) {
    /* After a bad header the body's end is unknown: bytes are dropped up
     * to the next "Content-Length:", which may itself be bad. */
    static const char in[] = "Content-Length: 2\r\n\r\n{}"
                             "\r\ncontent-length: 3\r\nContent-Type: x\r\n\r\n[1]"
                             "no colon\r\n\r\n"
                             "Content-Length: x\r\n\r\n{\"junk\"}"
                             "Content-Length: 40\r\n\r\n0123456789012345678901234567890123456789"
                             "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}"
                             "Content-Length: 0\r\n\r\n"
                             "Content-Length: 5\r\n\r\nhello";
    const char *want = "M{}|M[1]|B|B|T40|B|M|Mhello|";
    for (size_t step = 1; step <= sizeof in; step++) {
        bl_lspframe f;
        bl_lspframe_init(&f, 16);
        char out[512];
        run(&f, in, sizeof in - 1, step, out, sizeof out);
        ck_assert_msg(strcmp(out, want) == 0, "step %zu: %s", step, out);
        ck_assert_uint_eq(bl_lspframe_pending(&f), 0);
        bl_lspframe_free(&f);
    }
}
END_TEST

START_TEST(test_frame_header_cap) {
    bl_lspframe f;
    bl_lspframe_init(&f, 0);
    size_t n = BL_LSPFRAME_MAX_HEADER + 100;
    char *big = malloc(n + 64);
    memset(big, 'a', n);
    memcpy(big, "X-Pad: ", 7);
    strcpy(big + n, "\r\n\r\nContent-Length: 2\r\n\r\n{}");
    char out[256];
    run(&f, big, strlen(big), 4096, out, sizeof out);
    ck_assert_str_eq(out, "B|M{}|");
    ck_assert_uint_le(bl_lspframe_pending(&f), BL_LSPFRAME_MAX_HEADER);
    bl_lspframe_free(&f);
    free(big);
}
END_TEST

START_TEST(test_pos_utf16) {
    /* "가😀a": 가 is 3 bytes / 1 unit, 😀 4 bytes / 2 units. */
    const char *s = "\xEA\xB0\x80\xF0\x9F\x98\x80"
                    "a";
    size_t len = strlen(s);
    ck_assert_uint_eq(bl_lsppos_from_byte(BL_LSPPOS_UTF16, s, len, 3), 1);
    ck_assert_uint_eq(bl_lsppos_from_byte(BL_LSPPOS_UTF16, s, len, 7), 3);
    ck_assert_uint_eq(bl_lsppos_from_byte(BL_LSPPOS_UTF16, s, len, 8), 4);
    ck_assert_uint_eq(bl_lsppos_from_byte(BL_LSPPOS_UTF8, s, len, 7), 7);
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF16, s, len, 1), 3);
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF16, s, len, 2), 3); /* inside the pair */
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF16, s, len, 3), 7);
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF16, s, len, 99), len);
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF16, s, len, -1), 0);
    ck_assert_uint_eq(bl_lsppos_to_byte(BL_LSPPOS_UTF8, s, len, 99), len);
    /* An invalid byte is one unit. */
    ck_assert_uint_eq(bl_lsppos_units(BL_LSPPOS_UTF16,
                                      "\xFF"
                                      "b",
                                      0, 2),
                      2);
}
END_TEST

/* The client's lines of d, joined with "\n". */
static char *text_of(const bl_lspdoc *d) {
    size_t cap = 1, n = 0;
    for (int32_t i = 0; i < bl_lspdoc_lines(d); i++) {
        size_t len;
        bl_lspdoc_line(d, i, &len);
        cap += len + 1;
    }
    char *t = malloc(cap);
    for (int32_t i = 0; i < bl_lspdoc_lines(d); i++) {
        size_t len;
        const char *s = bl_lspdoc_line(d, i, &len);
        if (i > 0)
            t[n++] = '\n';
        memcpy(t + n, s, len);
        n += len;
    }
    t[n] = '\0';
    return t;
}

START_TEST(test_doc_final_newline) {
    bl_lspdoc *d;
    ck_assert_int_eq(bl_lspdoc_new("file:///x", 1, "a\nb\n", 4, NULL, 0, &d), 0);
    ck_assert_int_eq(bl_doc_line_count(d->doc), 2); /* as the CLI reads it */
    ck_assert_int_eq(bl_lspdoc_lines(d), 3);
    /* Type on the empty last line, then delete the final newline. */
    ck_assert_int_eq(bl_lspdoc_edit(d, BL_LSPPOS_UTF16, 2, 0, 2, 0, "c", 1), 0);
    ck_assert_int_eq(bl_doc_line_count(d->doc), 3);
    char *t = text_of(d);
    ck_assert_str_eq(t, "a\nb\nc");
    free(t);
    ck_assert_int_eq(bl_lspdoc_edit(d, BL_LSPPOS_UTF16, 1, 1, 2, 1, "\n", 1), 0);
    ck_assert_int_eq(bl_doc_line_count(d->doc), 2);
    ck_assert_int_eq(bl_lspdoc_lines(d), 3);
    /* A range past the end clamps to the end; an end before its start is refused. */
    ck_assert_int_eq(bl_lspdoc_edit(d, BL_LSPPOS_UTF16, 0, 1, 99, 0, "", 0), 0);
    t = text_of(d);
    ck_assert_str_eq(t, "a");
    free(t);
    ck_assert_int_eq(bl_lspdoc_edit(d, BL_LSPPOS_UTF16, 0, 1, 0, 0, "x", 1), BL_EINVAL);
    ck_assert_int_eq(bl_lspdoc_set_text(d, "", 0), 0);
    ck_assert_int_eq(bl_doc_line_count(d->doc), 0);
    ck_assert_int_eq(bl_lspdoc_lines(d), 1);
    bl_lspdoc_free(d);
}
END_TEST

START_TEST(test_doc_uri_path) {
    char *p = bl_lspdoc_uri_path("file:///tmp/a%20b/%EA%B0%80.bulletin");
    ck_assert_str_eq(p, "/tmp/a b/\xEA\xB0\x80.bulletin");
    free(p);
    ck_assert_ptr_null(bl_lspdoc_uri_path("untitled:Untitled-1"));
    ck_assert_ptr_null(bl_lspdoc_uri_path("file:///a%00b"));
    ck_assert_ptr_null(bl_lspdoc_uri_path("file://host/a"));
}
END_TEST

Suite *lspframe_suite(void) {
    Suite *s = suite_create("lspframe");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_frame_every_split);
    tcase_add_test(tc, test_frame_header_cap);
    tcase_add_test(tc, test_pos_utf16);
    tcase_add_test(tc, test_doc_final_newline);
    tcase_add_test(tc, test_doc_uri_path);
    suite_add_tcase(s, tc);
    return s;
}
