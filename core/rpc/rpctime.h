/* rpctime: a buffer's read times for the pushes (issue 10; PROTOCOL.md
 * "Timing"). The helper computes, Lua shows: each push carries `total`
 * and, in `times`, the seconds of the outline items whose time changed
 * since the last push, as one range of item indexes.
 *
 * Ownership: a bl_rpctime owns its bl_timing; it borrows doc and vocab
 * for each call. */
#pragma once

#include <msgpack.h>
#include <stddef.h>

#include "doc.h"
#include "timing.h"

typedef struct bl_rpctime bl_rpctime;

/* A new timing with vocab's timing.* settings; NULL on OOM. */
bl_rpctime *bl_rpctime_new(const bl_vocab *vocab);
void bl_rpctime_free(bl_rpctime *t);
/* New settings (a new vocabulary): the next update recounts, the next
 * push sends every item's time. */
void bl_rpctime_reset(bl_rpctime *t, const bl_vocab *vocab);
/* After bl_doc_update(doc, ch): updates the times and the range to push.
 * Returns 0 or BL_ENOMEM (the next update recounts). */
int bl_rpctime_update(bl_rpctime *t, const bl_doc *doc, const bl_change *ch);
/* Packs three map entries: `total` (seconds), `target` (seconds, nil
 * without one) and `times` ([first, [s, ...]]: the seconds of items first,
 * first + 1, ... (0-based), or nil when none changed) for a push. */
void bl_rpctime_pack(const bl_rpctime *t, msgpack_packer *pk);
/* The next push sends every item's time (bulletin_refresh). */
void bl_rpctime_mark_all(bl_rpctime *t);
/* 1 when a push should carry the timing keys: times to send, or a total
 * or target other than the last pushed (a push that changed nothing
 * derived stays {buf, tick, n}). */
int bl_rpctime_pending(const bl_rpctime *t);
/* The timing keys went out: nothing is pending. */
void bl_rpctime_pushed(bl_rpctime *t);
/* The underlying timing (borrowed). */
const bl_timing *bl_rpctime_timing(const bl_rpctime *t);
