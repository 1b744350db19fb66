/* The RPC helper's frame scanner (core/rpc/frame.h): too-big frames are
 * skipped and streamed through, frames within the cap fit the decoding
 * budget, malformed input stays fatal; frame heads name the method and
 * buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "appsuites.h"
#include "frame.h"

/* [2, "nvim_buf_lines_event", [EXT0(7), 1, 0, -1, array32 of n, ...]] */
static size_t lines_head(uint8_t *p, uint32_t n) {
    size_t k = 0;
    p[k++] = 0x93;
    p[k++] = 0x02;
    p[k++] = 0xb4;
    memcpy(p + k, "nvim_buf_lines_event", 20);
    k += 20;
    p[k++] = 0x96;
    p[k++] = 0xd4; /* fixext 1, type 0, payload 7 */
    p[k++] = 0x00;
    p[k++] = 0x07;
    p[k++] = 0x01;
    p[k++] = 0x00;
    p[k++] = 0xff; /* -1 */
    p[k++] = 0xdd;
    p[k++] = (uint8_t)(n >> 24);
    p[k++] = (uint8_t)(n >> 16);
    p[k++] = (uint8_t)(n >> 8);
    p[k++] = (uint8_t)n;
    return k;
}

START_TEST(frame_too_big_is_skipped) {
    uint8_t head[64];
    size_t hl = lines_head(head, BL_RPC_MAX_LINES + 1);
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen = 0;
    ck_assert_int_eq(bl_frame_scan(&sc, head, hl, &flen), BL_FRAME_TOO_BIG);
    ck_assert_ptr_nonnull(strstr(bl_frame_error(&sc), "elements"));
    bl_frame_head h;
    bl_frame_head_parse(head, hl, &h);
    ck_assert_int_eq(h.type, 2);
    ck_assert_uint_eq(h.method_len, 20);
    ck_assert(memcmp(h.method, "nvim_buf_lines_event", 20) == 0);
    ck_assert_int_eq(h.has_buf, 1);
    ck_assert_int_eq(h.buf, 7);
    ck_assert_uint_eq(bl_frame_min_len(&sc), 0); /* nothing reserved */
    /* The caller drops the scanned bytes; the lines then stream through. */
    bl_frame_discard(&sc, hl);
    static uint8_t empties[4096];
    memset(empties, 0xa0, sizeof empties);
    uint32_t left = BL_RPC_MAX_LINES + 1;
    while (left > 0) {
        uint32_t k = left < sizeof empties ? left : (uint32_t)sizeof empties;
        ck_assert_int_eq(bl_frame_scan(&sc, empties, k, &flen), 0);
        bl_frame_discard(&sc, k);
        left -= k;
    }
    uint8_t tail[2] = {0xc2, 0x93}; /* false, then the next frame's first byte */
    ck_assert_int_eq(bl_frame_scan(&sc, tail, 2, &flen), BL_FRAME_SKIPPED);
    ck_assert_uint_eq(flen, 1);
    uint8_t next[4] = {0x93, 0x02, 0xa0, 0x90};
    ck_assert_int_eq(bl_frame_scan(&sc, next, 4, &flen), 1); /* back to normal */
    ck_assert_uint_eq(flen, 4);
}
END_TEST

START_TEST(frame_within_the_cap_fits_the_budget) {
    /* A lines event of exactly the cap of empty lines decodes. */
    uint8_t head[64];
    size_t hl = lines_head(head, BL_RPC_MAX_LINES);
    size_t total = hl + BL_RPC_MAX_LINES + 1;
    uint8_t *f = ut_keep(malloc(total));
    memcpy(f, head, hl);
    memset(f + hl, 0xa0, BL_RPC_MAX_LINES);
    f[total - 1] = 0xc2;
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen = 0;
    ck_assert_int_eq(bl_frame_scan(&sc, f, total, &flen), 1);
    ck_assert_uint_eq(flen, total);
}
END_TEST

START_TEST(frame_malformed_stays_fatal) {
    uint8_t bad[3] = {0x92, 0x00, 0xc1};
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t flen;
    ck_assert_int_eq(bl_frame_scan(&sc, bad, 3, &flen), BL_EINVAL);
}
END_TEST

Suite *frame_suite(void) {
    Suite *s = suite_create("frame");
    TCase *tc = ut_tcase("core", 30);
    tcase_add_test(tc, frame_too_big_is_skipped);
    tcase_add_test(tc, frame_within_the_cap_fits_the_budget);
    tcase_add_test(tc, frame_malformed_stays_fatal);
    suite_add_tcase(s, tc);
    return s;
}
