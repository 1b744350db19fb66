#include "timelint.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "lintcode.h"
#include "vec.h"

static int add(bl_diags *out, const bl_doc *doc, int32_t line, const char *msg) {
    if (bl_vec_grow(out->v, out->cap, out->n + 1, SIZE_MAX / sizeof *out->v) != BL_OK)
        return BL_ENOMEM;
    char *m = bl_strdup(msg);
    if (m == NULL)
        return BL_ENOMEM;
    size_t len = 0;
    (void)bl_doc_line(doc, line, &len);
    const bl_lineinfo *li = bl_doc_line_info(doc, line);
    bl_diag *d = &out->v[out->n++];
    memset(d, 0, sizeof *d);
    d->line = line;
    d->col = li ? li->start : 0;
    d->end_col = li ? li->end : (uint32_t)len;
    const bl_lintcode *c = bl_lintcode_at(BL_LINTCODE_OVER_TIME);
    d->severity = (uint8_t)c->severity;
    d->code = c->name;
    d->message = m;
    d->bare_len = (uint32_t)strlen(m);
    return BL_OK;
}

int bl_timelint_run(const bl_doc *doc, const bl_timing_opts *opts, bl_diags *out) {
    bl_timing_opts o;
    if (opts != NULL)
        o = *opts;
    else
        bl_timing_opts_from_vocab(bl_doc_vocab(doc), &o);
    if ((o.target_ms < 0 && o.story_target_ms < 0) || bl_doc_line_count(doc) == 0)
        return BL_OK;
    bl_timing *t = bl_timing_new(&o);
    if (t == NULL || bl_timing_update(t, doc, NULL) != BL_OK) {
        bl_timing_free(t);
        return BL_ENOMEM;
    }
    char a[24], b[24], c[24], msg[160];
    int rc = BL_OK;
    int64_t total = bl_timing_total(t);
    if (o.target_ms >= 0 && total > o.target_ms) {
        bl_timing_format(total, a, sizeof a);
        bl_timing_format(o.target_ms, b, sizeof b);
        bl_timing_format(total - o.target_ms, c, sizeof c);
        snprintf(msg, sizeof msg, "the bulletin runs %s, %s over its %s target", a, c, b);
        rc = add(out, doc, 0, msg);
    }
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n && rc == BL_OK && o.story_target_ms >= 0; i++) {
        int64_t ms = bl_timing_item_at(t, i)->ms;
        if (items[i].kind != BL_ITEM_STORY || ms <= o.story_target_ms)
            continue;
        bl_timing_format(ms, a, sizeof a);
        bl_timing_format(o.story_target_ms, b, sizeof b);
        bl_timing_format(ms - o.story_target_ms, c, sizeof c);
        snprintf(msg, sizeof msg, "the story runs %s, %s over its %s slot (timing.story_target)", a,
                 c, b);
        rc = add(out, doc, items[i].line - 1, msg);
    }
    bl_timing_free(t);
    return rc;
}
