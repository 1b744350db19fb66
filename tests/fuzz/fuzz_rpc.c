/* libFuzzer harness: the frame scanner and the RPC dispatcher.
 *
 * The input is a byte stream as it would arrive on the helper's stdin,
 * delivered in chunks whose sizes come from the first byte. Checks:
 *   - every frame the scanner declares complete decodes with msgpack-c to
 *     exactly that length (scanner and decoder agree);
 *   - the scanner never declares a frame over the cap;
 *   - everything the dispatcher writes is a sequence of complete msgpack
 *     objects, each a valid RPC message array;
 *   - no crash, leak or undefined behaviour (ASan/UBSan/LSan). */
#include <msgpack.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "log.h"
#include "rpc.h"

static void check_output(const msgpack_sbuffer *out) {
    size_t off = 0;
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    while (off < out->size) {
        msgpack_unpack_return r = msgpack_unpack_next(&u, out->data, out->size, &off);
        if (r != MSGPACK_UNPACK_SUCCESS) {
            fprintf(stderr, "dispatcher wrote bad msgpack at %zu\n", off);
            abort();
        }
        const msgpack_object *o = &u.data;
        if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size < 3 || o->via.array.size > 4 ||
            o->via.array.ptr[0].type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
            fprintf(stderr, "dispatcher wrote a non-RPC message\n");
            abort();
        }
    }
    msgpack_unpacked_destroy(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) {
        return 0;
    }
    size_t chunk = (size_t)(data[0] % 16) + 1;
    if (data[0] >= 0xf0) {
        chunk = size; /* whole input at once */
    }
    data++;
    size--;
    bl_rpc *rpc = bl_rpc_new();
    if (rpc == NULL) {
        return 0;
    }
    bl_rpcpack_out out;
    bl_rpcpack_out_init(&out);
    bl_frame_scanner sc;
    bl_frame_init(&sc);
    size_t start = 0, avail = 0;
    while (avail < size) {
        avail = avail + chunk < size ? avail + chunk : size;
        for (;;) {
            size_t flen = 0;
            int r = bl_frame_scan(&sc, data + start, avail - start, &flen);
            if (r < 0) {
                goto done; /* the server stops here */
            }
            if (r == 0 && sc.skipping) {
                /* A frame too big: the server drops what was scanned. */
                uint64_t done = bl_frame_scanned(&sc);
                size_t d = done < avail - start ? (size_t)done : avail - start;
                bl_frame_discard(&sc, d);
                start += d;
            }
            if (r == 0) {
                break;
            }
            if (r == BL_FRAME_TOO_BIG) {
                bl_frame_head head;
                bl_frame_head_parse(data + start, avail - start, &head);
                bl_rpc_too_big(rpc, &head, sc.skipping, bl_frame_error(&sc), &out);
                continue;
            }
            if (r == BL_FRAME_SKIPPED) {
                if (start + flen > avail) {
                    abort();
                }
                start += flen;
                continue;
            }
            if (flen == 0 || flen > BL_FRAME_MAX_BYTES || start + flen > avail) {
                abort();
            }
            msgpack_unpacked u;
            msgpack_unpacked_init(&u);
            size_t off = 0;
            msgpack_unpack_return ur =
                msgpack_unpack_next(&u, (const char *)data + start, flen, &off);
            if (ur != MSGPACK_UNPACK_SUCCESS || off != flen) {
                fprintf(stderr, "scanner says %zu bytes, msgpack-c: %d at %zu\n", flen, (int)ur,
                        off);
                abort();
            }
            bl_rpc_handle(rpc, &u.data, &out);
            msgpack_unpacked_destroy(&u);
            start += flen;
        }
        bl_rpc_flush(rpc, &out); /* one burst per chunk */
        if (bl_rpc_pushing(rpc)) {
            /* one more piece of a big push, as server.c packs one per loop
             * turn: the next chunk's messages find the rest unpacked */
            bl_rpc_step(rpc, &out);
        }
    }
done:
    while (bl_rpc_pushing(rpc)) {
        bl_rpc_step(rpc, &out);
    }
    bl_rpc_flush(rpc, &out);
    check_output(&out.sb);
    bl_rpcpack_out_destroy(&out);
    bl_rpc_free(rpc);
    return 0;
}
