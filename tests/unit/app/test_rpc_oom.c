/* Out of memory in the RPC helper (alloc.h): an attach / lines / flush /
 * edit / lint / outline cycle runs once for every allocation it makes
 * through the core's allocator, that one failing. Every call returns 0 or
 * BL_ENOMEM, a failed output says so in the output object (rpcpack.h: no
 * process-wide flag) and is dropped as the server drops it, output that
 * did not fail is whole msgpack-RPC messages, and nothing leaks (ASan). */
#include <msgpack.h>
#include <string.h>

#include "alloc.h"
#include "appsuites.h"
#include "rpc.h"
#include "rpcbuf.h"

static const char *const LINES[] = {
    " date 2025-06-11 News Today",
    "",
    "[News Today] Lee and Xi Hold First Phone Call",
    "",
    "[LEAD]",
    "President Lee spoke with President Xi yesterday.",
    "",
    "Kang Yu-jung / Presidential Spokesperson",
    "Both leaders agreed to work together.",
    "",
    "2. Heat Wave Grips the Capital",
    "[Soundbite] Park Byung-kwang (Institute) : \"Though brief.\"",
};
enum { NLINES = sizeof LINES / sizeof LINES[0] };

static void pack_str(msgpack_packer *pk, const char *s) {
    msgpack_pack_str(pk, strlen(s));
    msgpack_pack_str_body(pk, s, strlen(s));
}

/* Message k of the cycle into sb; 0 when there is none. */
static int message(int k, msgpack_sbuffer *sb) {
    msgpack_packer pk;
    msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
    switch (k) {
    case 0: /* [0, 1, "bulletin_attach", [1]] */
        msgpack_pack_array(&pk, 4);
        msgpack_pack_int(&pk, 0);
        msgpack_pack_int(&pk, 1);
        pack_str(&pk, "bulletin_attach");
        msgpack_pack_array(&pk, 1);
        msgpack_pack_int(&pk, 1);
        return 1;
    case 1: /* the whole buffer */
    case 2: /* a one-line edit */
        msgpack_pack_array(&pk, 3);
        msgpack_pack_int(&pk, 2);
        pack_str(&pk, "nvim_buf_lines_event");
        msgpack_pack_array(&pk, 6);
        msgpack_pack_int(&pk, 1);
        msgpack_pack_int(&pk, 5 + k);
        msgpack_pack_int(&pk, k == 1 ? 0 : 2);
        msgpack_pack_int(&pk, k == 1 ? -1 : 3);
        if (k == 1) {
            msgpack_pack_array(&pk, NLINES);
            for (int i = 0; i < NLINES; i++)
                pack_str(&pk, LINES[i]);
        } else {
            msgpack_pack_array(&pk, 1);
            pack_str(&pk, "[News Today] Lee and Xi Talk Again");
        }
        msgpack_pack_false(&pk);
        return 1;
    case 3: /* [0, 2, "bulletin_lint", [1]], [0, 3, "bulletin_outline", [1]] */
    case 4:
        msgpack_pack_array(&pk, 4);
        msgpack_pack_int(&pk, 0);
        msgpack_pack_int(&pk, k - 1);
        pack_str(&pk, k == 3 ? "bulletin_lint" : "bulletin_outline");
        msgpack_pack_array(&pk, 1);
        msgpack_pack_int(&pk, 1);
        return 1;
    default:
        return 0;
    }
}

/* Output that did not fail is whole messages: arrays of 3 or 4. Returns
 * how many. */
static size_t whole_messages(const msgpack_sbuffer *sb) {
    size_t off = 0, n = 0;
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    while (off < sb->size) {
        msgpack_unpack_return r = msgpack_unpack_next(&u, sb->data, sb->size, &off);
        ck_assert_int_eq(r, MSGPACK_UNPACK_SUCCESS);
        ck_assert_int_eq(u.data.type, MSGPACK_OBJECT_ARRAY);
        ck_assert(u.data.via.array.size == 3 || u.data.via.array.size == 4);
        n++;
    }
    msgpack_unpacked_destroy(&u);
    return n;
}

/* One cycle: each message handled, a flush after each. Returns the first
 * error (BL_ENOMEM), after which the server would stop; *sent: the
 * messages of output that did not fail. */
static int cycle(bl_rpc *rpc, size_t *sent) {
    bl_rpcpack_out out;
    bl_rpcpack_out_init(&out);
    int rc = 0;
    for (int k = 0; rc == 0; k++) {
        msgpack_sbuffer in;
        msgpack_sbuffer_init(&in);
        if (!message(k, &in)) {
            msgpack_sbuffer_destroy(&in);
            break;
        }
        msgpack_unpacked u;
        msgpack_unpacked_init(&u);
        size_t off = 0;
        ck_assert_int_eq(msgpack_unpack_next(&u, in.data, in.size, &off), MSGPACK_UNPACK_SUCCESS);
        rc = bl_rpc_handle(rpc, &u.data, &out);
        ck_assert_msg(rc == 0 || rc == BL_ENOMEM, "bl_rpc_handle returned %d", rc);
        ck_assert_int_eq(rc, out.failed);
        msgpack_unpacked_destroy(&u);
        msgpack_sbuffer_destroy(&in);
        if (rc == 0) {
            rc = bl_rpc_flush(rpc, &out);
            ck_assert_msg(rc == 0 || rc == BL_ENOMEM, "bl_rpc_flush returned %d", rc);
            ck_assert_int_eq(rc, out.failed);
        }
        if (rc == 0) {
            *sent += whole_messages(&out.sb);
            bl_rpcpack_out_clear(&out); /* handed to libuv */
        }
    }
    bl_rpcpack_out_destroy(&out);
    return rc;
}

START_TEST(every_allocation_fails_cleanly) {
    bl_rpc *ref = bl_rpc_new();
    ck_assert_ptr_nonnull(ref);
    size_t want = 0;
    ck_assert_int_eq(cycle(ref, &want), 0);
    bl_rpc_free(ref);
    /* attach request + answer, nvim_buf_attach, pushes, lint, outline */
    ck_assert_uint_ge(want, 5);
    long runs = 0, failed_runs = 0;
    for (long k = 0; k < 100000; k++) {
        bl_alloc_fail_after(k);
        bl_rpc *rpc = bl_rpc_new();
        size_t sent = 0;
        int rc = rpc ? cycle(rpc, &sent) : BL_ENOMEM;
        bl_rpc_free(rpc);
        long injected = bl_alloc_failures();
        bl_alloc_fail_after(-1);
        runs++;
        if (injected == 0) {
            ck_assert_int_eq(rc, 0);
            ck_assert_uint_eq(sent, want);
            break;
        }
        failed_runs += rc != 0;
    }
    ck_assert_int_eq(bl_alloc_failures(), 0);
    ck_assert_msg(runs > 10, "only %ld allocations in the cycle", runs);
    ck_assert_msg(failed_runs > 0, "no run reported BL_ENOMEM");
}
END_TEST

/* The output object keeps its failure: later appends are dropped, clear
 * forgets it. */
START_TEST(output_keeps_its_failure) {
    bl_rpcpack_out out;
    bl_rpcpack_out_init(&out);
    ck_assert_int_eq(bl_rpcpack_out_write(&out, "ab", 2), 0);
    bl_alloc_fail_after(0);
    ck_assert_int_eq(bl_rpcpack_out_write(&out, "x", 300000), BL_ENOMEM);
    bl_alloc_fail_after(-1);
    ck_assert_int_eq(out.failed, BL_ENOMEM);
    ck_assert_int_eq(bl_rpcpack_out_write(&out, "cd", 2), BL_ENOMEM);
    ck_assert_uint_eq(out.sb.size, 2);
    ck_assert_int_eq(bl_rpc_pack_fatal(&out, "bulletin: test"), BL_ENOMEM);
    bl_rpcpack_out_clear(&out);
    ck_assert_int_eq(out.failed, 0);
    ck_assert_int_eq(bl_rpc_pack_fatal(&out, "bulletin: test"), 0);
    ck_assert_uint_eq(whole_messages(&out.sb), 1);
    bl_rpcpack_out_destroy(&out);
}
END_TEST

/* {key = spellings}: the vocab map of bulletin_config, unpacked into u. */
static void vocab_map(msgpack_unpacked *u, msgpack_sbuffer *sb, int good) {
    msgpack_packer pk;
    msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 1);
    pack_str(&pk, "lead");
    if (good) {
        msgpack_pack_array(&pk, 1);
        pack_str(&pk, "INTRO");
    } else {
        msgpack_pack_int(&pk, 7); /* not an array of strings */
    }
    size_t off = 0;
    ck_assert_int_eq(msgpack_unpack_next(u, sb->data, sb->size, &off), MSGPACK_UNPACK_SUCCESS);
}

/* Bad input and no memory are told apart (error.h codes, not -1). */
START_TEST(parse_vocab_codes) {
    for (int good = 0; good < 2; good++) {
        msgpack_sbuffer sb;
        msgpack_sbuffer_init(&sb);
        msgpack_unpacked u;
        msgpack_unpacked_init(&u);
        vocab_map(&u, &sb, good);
        char err[256] = "";
        bl_rpcbuf_entry *v = NULL;
        size_t n = 0;
        bl_alloc_fail_after(good ? 0 : -1);
        int rc = bl_rpcbuf_parse_vocab(&u.data, "bulletin_config", err, sizeof err, &v, &n);
        bl_alloc_fail_after(-1);
        ck_assert_int_eq(rc, good ? BL_ENOMEM : BL_EINVAL);
        ck_assert_msg(strstr(err, good ? "out of memory" : "vocab") != NULL, "%s", err);
        ck_assert_int_eq(bl_rpcbuf_parse_vocab(&u.data, "bulletin_config", err, sizeof err, &v, &n),
                         good ? 0 : BL_EINVAL);
        bl_rpcbuf_entries_free(v, n);
        msgpack_unpacked_destroy(&u);
        msgpack_sbuffer_destroy(&sb);
    }
}
END_TEST

Suite *rpc_oom_suite(void) {
    Suite *s = suite_create("rpc_oom");
    TCase *tc = ut_tcase("rpc_oom", 300);
    tcase_add_test(tc, output_keeps_its_failure);
    tcase_add_test(tc, parse_vocab_codes);
    tcase_add_test(tc, every_allocation_fails_cleanly);
    suite_add_tcase(s, tc);
    return s;
}
