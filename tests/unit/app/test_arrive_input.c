/* §7.1-7.2 of the format in the CLI's reading (cli/input.c): a leading
 * BOM is dropped, "\r\n" and a lone "\r" end lines as "\n" does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "appsuites.h"
#include "input.h"

/* Writes data[0, n) to a new temporary file and reads it back through
 * bl_input_read_lines(), checking its line count; the result is
 * tracked. */
static char *read_back(const char *data, size_t n, size_t *len) {
    char path[] = "/tmp/bulletin-arrive-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
    char *buf = NULL;
    int64_t lines = -2;
    int rc = bl_input_read_lines(path, BL_INPUT_MAX, &buf, len, &lines, NULL, 0);
    unlink(path);
    ck_assert_int_eq(rc, 0);
    ut_keep(buf);
    /* The scan's line count is the normalized text's, as the doc counts
     * lines: its "\n"s, and a last line without one. */
    int64_t want = 0;
    for (size_t i = 0; i < *len; i++)
        want += buf[i] == '\n';
    want += *len > 0 && buf[*len - 1] != '\n';
    ck_assert_int_eq(lines, want);
    return buf;
}

#define READS_AS(in, want)                                                                         \
    do {                                                                                           \
        size_t len_;                                                                               \
        char *got_ = read_back(in, sizeof in - 1, &len_);                                          \
        ck_assert_uint_eq(len_, sizeof want - 1);                                                  \
        ck_assert_int_eq(memcmp(got_, want, len_), 0);                                             \
        ck_assert_int_eq(got_[len_], '\0');                                                        \
    } while (0)

START_TEST(bom_dropped) {
    READS_AS("\xef\xbb\xbf date 2025-06-11\n[LEAD]\n", " date 2025-06-11\n[LEAD]\n");
    READS_AS("\xef\xbb\xbf", "");
    /* Only at the start of the file: an inner U+FEFF is the model's. */
    READS_AS("a\n\xef\xbb\xbf[LEAD]\n", "a\n\xef\xbb\xbf[LEAD]\n");
}
END_TEST

START_TEST(line_ends) {
    READS_AS("[LEAD]\r\nText.\r\n", "[LEAD]\nText.\n");
    READS_AS("[LEAD]\rText.\r\rMore.", "[LEAD]\nText.\n\nMore.");
    READS_AS("a\r\r\nb\n\rc\r", "a\n\nb\n\nc\n");
    READS_AS("\xef\xbb\xbf[LEAD]\r\n", "[LEAD]\n");
}
END_TEST

START_TEST(crlf_across_read_chunks) {
    /* A "\r\n" split between two reads of 1 MiB is one line end. */
    size_t n = ((size_t)1 << 20) + 8;
    char *in = ut_keep(malloc(n));
    memset(in, 'x', n);
    in[((size_t)1 << 20) - 1] = '\r';
    in[(size_t)1 << 20] = '\n';
    size_t len;
    char *got = read_back(in, n, &len);
    ck_assert_uint_eq(len, n - 1);
    ck_assert_int_eq(got[((size_t)1 << 20) - 1], '\n');
    ck_assert_int_eq(got[(size_t)1 << 20], 'x');
}
END_TEST

Suite *arrive_input_suite(void) {
    Suite *s = suite_create("arrive_input");
    TCase *tc = ut_tcase("cli_input", 20);
    tcase_add_test(tc, bom_dropped);
    tcase_add_test(tc, line_ends);
    tcase_add_test(tc, crlf_across_read_chunks);
    suite_add_tcase(s, tc);
    return s;
}
