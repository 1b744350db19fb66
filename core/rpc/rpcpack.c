#include "rpcpack.h"

#include "fix.h"

#include <stdint.h>

#include <string.h>

#include "vec.h"

void bl_rpcpack_out_init(bl_rpcpack_out *out) {
    msgpack_sbuffer_init(&out->sb);
    out->failed = 0;
}

void bl_rpcpack_out_destroy(bl_rpcpack_out *out) {
    msgpack_sbuffer_destroy(&out->sb);
    out->failed = 0;
}

void bl_rpcpack_out_clear(bl_rpcpack_out *out) {
    msgpack_sbuffer_clear(&out->sb);
    out->failed = 0;
}

int bl_rpcpack_out_write(bl_rpcpack_out *out, const char *buf, size_t len) {
    if (out->failed != 0 || len == 0) {
        return out->failed;
    }
    /* msgpack_sbuffer_write() would grow sb by its own realloc(): grown
     * here instead, the allocation hook (alloc.h) reaches it too. */
    if (len > SIZE_MAX - out->sb.size ||
        bl_vec_grow(out->sb.data, out->sb.alloc, out->sb.size + len, SIZE_MAX) != 0) {
        out->failed = BL_ENOMEM;
        return out->failed;
    }
    memcpy(out->sb.data + out->sb.size, buf, len);
    out->sb.size += len;
    return 0;
}

int bl_rpcpack_out_append(bl_rpcpack_out *out, const bl_rpcpack_out *from, size_t off, size_t end) {
    if (from->failed != 0) {
        out->failed = from->failed;
    }
    if (end <= off) {
        return out->failed;
    }
    return bl_rpcpack_out_write(out, from->sb.data + off, end - off);
}

/* msgpack_packer_write for a bl_rpcpack_out. */
static int pack_write(void *data, const char *buf, size_t len) {
    return bl_rpcpack_out_write(data, buf, len);
}

void bl_rpcpack_init(msgpack_packer *pk, bl_rpcpack_out *out) {
    msgpack_packer_init(pk, out, pack_write);
}

void bl_rpcpack_str(msgpack_packer *pk, const char *s, size_t len) {
    msgpack_pack_str(pk, len);
    msgpack_pack_str_body(pk, s, len);
}

void bl_rpcpack_cstr(msgpack_packer *pk, const char *s) {
    if (s == NULL) {
        msgpack_pack_nil(pk);
        return;
    }
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == '\r') {
        n--;
    }
    bl_rpcpack_str(pk, s, n);
}

static void key(msgpack_packer *pk, const char *k) {
    bl_rpcpack_str(pk, k, strlen(k));
}

void bl_rpcpack_version(msgpack_packer *pk, const char *version, int protocol) {
    msgpack_pack_map(pk, 5);
    key(pk, "name");
    key(pk, "bulletin");
    key(pk, "version");
    key(pk, version);
    key(pk, "protocol");
    msgpack_pack_int(pk, protocol);
    key(pk, "groups");
    msgpack_pack_array(pk, BL_HL_COUNT);
    for (int i = 0; i < BL_HL_COUNT; i++) {
        bl_rpcpack_cstr(pk, bl_hl_group_name((bl_hl_group)i));
    }
    key(pk, "forms");
    msgpack_pack_array(pk, BL_FORM_COUNT);
    for (int i = 0; i < BL_FORM_COUNT; i++) {
        bl_rpcpack_cstr(pk, bl_form_name((bl_form)i));
    }
}

/* A quote item's quote_span [row, col, end_row, end_col] (0-based, end
 * exclusive) of its text (`quote`, as `bulletin quotes` prints it), or nil.
 * The text ends on the item's last line; a trailing "\r" is in neither. */
static void pack_span(msgpack_packer *pk, const bl_item *it) {
    if (it->quote == NULL || it->quote_line <= 0) {
        msgpack_pack_nil(pk);
        return;
    }
    size_t n = strlen(it->quote);
    uint32_t end_col = it->quote_end_col;
    if (n > 0 && it->quote[n - 1] == '\r' && end_col > 0) {
        end_col--;
    }
    msgpack_pack_array(pk, 4);
    msgpack_pack_int32(pk, it->quote_line - 1);
    msgpack_pack_uint32(pk, it->quote_col);
    msgpack_pack_int32(pk, it->end_line - 1);
    msgpack_pack_uint32(pk, end_col);
}

/* The key of the next field of an item: packed in the map form, left out
 * in the compact form of pushes. */
static void field(msgpack_packer *pk, int wire, const char *name) {
    if (!wire) {
        key(pk, name);
    }
}

/* An item: a map with the keys of the outline JSON (§5) plus quote and
 * quote_span, or in the compact form of pushes (wire; PROTOCOL.md "Outline
 * items in pushes"), an array of the same values in the same order, its
 * kind an Integer: [0, level, line, end_line, title], [1, level, line,
 * end_line, tag, section] or [2, level, line, end_line, quote_line, form,
 * speaker, role, quote, quote_span]. */
static void pack_item(msgpack_packer *pk, const bl_item *it, int wire) {
    static const char *const kinds[] = {"story", "section", "quote"};
    int kind = it->kind <= BL_ITEM_QUOTE ? (int)it->kind : (int)BL_ITEM_STORY;
    uint32_t n = kind == BL_ITEM_STORY ? 5 : kind == BL_ITEM_SECTION ? 6 : 10;
    if (wire) {
        msgpack_pack_array(pk, n);
        msgpack_pack_int(pk, kind);
    } else {
        msgpack_pack_map(pk, n);
        key(pk, "kind");
        key(pk, kinds[kind]);
    }
    field(pk, wire, "level");
    msgpack_pack_int(pk, it->level);
    field(pk, wire, "line");
    msgpack_pack_int32(pk, it->line);
    field(pk, wire, "end_line");
    msgpack_pack_int32(pk, it->end_line);
    if (kind == BL_ITEM_SECTION) {
        field(pk, wire, "tag");
        bl_rpcpack_cstr(pk, it->tag);
        field(pk, wire, "section");
        bl_rpcpack_cstr(pk, it->section);
    } else if (kind == BL_ITEM_QUOTE) {
        field(pk, wire, "quote_line");
        if (it->quote_line > 0) {
            msgpack_pack_int32(pk, it->quote_line);
        } else {
            msgpack_pack_nil(pk);
        }
        field(pk, wire, "form");
        bl_rpcpack_cstr(pk, it->form < BL_FORM_COUNT ? bl_form_name((bl_form)it->form) : NULL);
        field(pk, wire, "speaker");
        bl_rpcpack_cstr(pk, it->speaker);
        field(pk, wire, "role");
        bl_rpcpack_cstr(pk, it->role);
        field(pk, wire, "quote");
        bl_rpcpack_cstr(pk, it->quote);
        field(pk, wire, "quote_span");
        pack_span(pk, it);
    } else {
        field(pk, wire, "title");
        bl_rpcpack_cstr(pk, it->title);
    }
}

static void pack_meta(msgpack_packer *pk, const bl_doc *doc) {
    const bl_meta *m = bl_doc_meta(doc);
    msgpack_pack_map(pk, 4);
    key(pk, "date");
    bl_rpcpack_cstr(pk, m ? m->date : NULL);
    key(pk, "program");
    bl_rpcpack_cstr(pk, m ? m->program : NULL);
    key(pk, "posted");
    bl_rpcpack_cstr(pk, m ? m->posted : NULL);
    key(pk, "updated");
    bl_rpcpack_cstr(pk, m ? m->updated : NULL);
}

/* A bin holding msgpack objects is packed aside first, as its length
 * comes before its bytes: aside() starts the packer p2 on tmp, as_bin()
 * packs tmp's bytes into pk as one bin and destroys tmp (a push's packer
 * writes to a bl_rpcpack_out; tmp's failure fails it). */
static void aside(msgpack_packer *p2, bl_rpcpack_out *tmp) {
    bl_rpcpack_out_init(tmp);
    bl_rpcpack_init(p2, tmp);
}

static void as_bin(msgpack_packer *pk, bl_rpcpack_out *tmp) {
    bl_rpcpack_out *out = pk->data;
    if (tmp->failed != 0) {
        bl_rpcpack_out_append(out, tmp, 0, 0); /* out fails with it */
    } else {
        msgpack_pack_bin(pk, tmp->sb.size);
        msgpack_pack_bin_body(pk, tmp->sb.data, tmp->sb.size);
    }
    bl_rpcpack_out_destroy(tmp);
}

/* Items [first, first + count) of the doc, clamped to what it has; as maps,
 * or in the compact form of pushes when wire. */
static void pack_items(msgpack_packer *pk, const bl_doc *doc, size_t first, size_t count,
                       int wire) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    if (items == NULL || first > n) {
        n = first = 0;
    }
    if (count > n - first) {
        count = n - first;
    }
    if (!wire) {
        msgpack_pack_array(pk, count);
        for (size_t i = first; i < first + count; i++) {
            pack_item(pk, &items[i], 0);
        }
        return;
    }
    /* A push's items: one bin holding their msgpack array, which the
     * plugin decodes when it first reads them (PROTOCOL.md "Outline items
     * in pushes"). */
    bl_rpcpack_out tmp;
    msgpack_packer p2;
    aside(&p2, &tmp);
    msgpack_pack_array(&p2, count);
    for (size_t i = first; i < first + count; i++) {
        pack_item(&p2, &items[i], 1);
    }
    as_bin(pk, &tmp);
}

void bl_rpcpack_exec_lua(msgpack_packer *pk, const char *code, uint32_t nargs) {
    msgpack_pack_array(pk, 3);
    msgpack_pack_int(pk, 2);
    key(pk, "nvim_exec_lua");
    msgpack_pack_array(pk, 2);
    key(pk, code);
    msgpack_pack_array(pk, nargs);
}

static void pack_outline(msgpack_packer *pk, const bl_doc *doc, size_t count, int wire) {
    msgpack_pack_map(pk, 2);
    key(pk, "meta");
    pack_meta(pk, doc);
    key(pk, "items");
    pack_items(pk, doc, 0, count, wire);
}

void bl_rpcpack_outline(msgpack_packer *pk, const bl_doc *doc) {
    pack_outline(pk, doc, SIZE_MAX, 0);
}

void bl_rpcpack_outline_head(msgpack_packer *pk, const bl_doc *doc, size_t count) {
    pack_outline(pk, doc, count, 1);
}

void bl_rpcpack_outline_splice(msgpack_packer *pk, const bl_doc *doc, size_t first, size_t removed,
                               size_t added, int32_t shift) {
    msgpack_pack_map(pk, 5);
    key(pk, "first");
    msgpack_pack_uint64(pk, first);
    key(pk, "removed");
    msgpack_pack_uint64(pk, removed);
    key(pk, "items");
    pack_items(pk, doc, first, added, 1);
    key(pk, "shift");
    msgpack_pack_int32(pk, shift);
    key(pk, "meta");
    pack_meta(pk, doc);
}

void bl_rpcpack_folds(msgpack_packer *pk, const bl_doc *doc, int32_t first, int32_t last) {
    msgpack_pack_array(pk, last > first ? (size_t)(last - first) : 0);
    for (int32_t i = first; i < last; i++) {
        msgpack_pack_int(pk, bl_doc_fold_value(doc, i));
    }
}

void bl_rpcpack_spans(msgpack_packer *pk, bl_doc *doc, int32_t first, int32_t last, int wire) {
    size_t n = 0;
    const bl_span *s = first < last ? bl_doc_spans(doc, first, last, &n) : NULL;
    if (s == NULL) {
        n = 0;
    }
    bl_rpcpack_out tmp;
    msgpack_packer p2;
    msgpack_packer *p = pk;
    if (wire) { /* a push's: one bin (PROTOCOL.md "Pushes", `hl`) */
        aside(&p2, &tmp);
        p = &p2;
    }
    msgpack_pack_array(p, 4 * n);
    for (size_t i = 0; i < n; i++) {
        msgpack_pack_int32(p, s[i].line);
        msgpack_pack_uint32(p, s[i].col);
        msgpack_pack_uint32(p, s[i].end_col);
        msgpack_pack_int(p, s[i].group);
    }
    if (wire) {
        as_bin(pk, &tmp);
    }
}

/* The fixes of d (fix.h) as an array of maps {title, safe, edits: [{lnum,
 * col, end_lnum, end_col, text}]}; empty without a doc or out of memory. */
static void pack_fixes(msgpack_packer *pk, const bl_doc *doc, const bl_diag *d) {
    bl_fixes fx = {0};
    if (doc == NULL || bl_fix_for(doc, d, &fx) != 0) {
        bl_fixes_free(&fx);
        msgpack_pack_array(pk, 0);
        return;
    }
    msgpack_pack_array(pk, fx.n);
    for (size_t i = 0; i < fx.n; i++) {
        const bl_fix *f = &fx.v[i];
        msgpack_pack_map(pk, 3);
        key(pk, "title");
        bl_rpcpack_cstr(pk, f->title);
        key(pk, "safe");
        if (f->safe)
            msgpack_pack_true(pk);
        else
            msgpack_pack_false(pk);
        key(pk, "edits");
        msgpack_pack_array(pk, f->n_edits);
        for (size_t k = 0; k < f->n_edits; k++) {
            const bl_edit *e = &f->edits[k];
            msgpack_pack_map(pk, 5);
            key(pk, "lnum");
            msgpack_pack_int32(pk, e->line);
            key(pk, "col");
            msgpack_pack_uint32(pk, e->col);
            key(pk, "end_lnum");
            msgpack_pack_int32(pk, e->end_line);
            key(pk, "end_col");
            msgpack_pack_uint32(pk, e->end_col);
            key(pk, "text");
            bl_rpcpack_str(pk, e->text, e->len);
        }
    }
    bl_fixes_free(&fx);
}

void bl_rpcpack_diags(msgpack_packer *pk, const bl_diags *diags, const bl_doc *doc) {
    size_t n = diags != NULL ? diags->n : 0;
    msgpack_pack_array(pk, n);
    for (size_t i = 0; i < n; i++) {
        const bl_diag *d = &diags->v[i];
        msgpack_pack_map(pk, 9);
        key(pk, "lnum");
        msgpack_pack_int32(pk, d->line);
        key(pk, "end_lnum");
        msgpack_pack_int32(pk, d->line);
        key(pk, "col");
        msgpack_pack_uint32(pk, d->col);
        key(pk, "end_col");
        msgpack_pack_uint32(pk, d->end_col);
        key(pk, "severity");
        bl_rpcpack_cstr(pk, bl_severity_name((bl_severity)d->severity));
        key(pk, "code");
        bl_rpcpack_cstr(pk, d->code);
        key(pk, "message"); /* without the suggestion clause (protocol 2) */
        bl_rpcpack_str(pk, d->message, d->bare_len);
        key(pk, "suggestion");
        bl_rpcpack_cstr(pk, d->suggestion);
        key(pk, "fixes");
        pack_fixes(pk, doc, d);
    }
}
