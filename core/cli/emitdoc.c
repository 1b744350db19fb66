#include "emitdoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "rstr.h"
#include "timing.h"

/* ---- outline ---- */

static const char *kind_name(bl_item_kind kind) {
    switch (kind) {
    case BL_ITEM_STORY:
        return "story";
    case BL_ITEM_SECTION:
        return "section";
    case BL_ITEM_QUOTE:
        return "quote";
    }
    return "unknown";
}

/* The form's name, or "unknown" for a value the model should never give. */
static const char *form_name(uint8_t form) {
    const char *name = form < BL_FORM_COUNT ? bl_form_name((bl_form)form) : NULL;
    return name != NULL ? name : "unknown";
}

/* An output cursor over one buffer for every item of an outline: the
 * outline of a big file has hundreds of thousands of items, and one
 * fwrite() per buffer-full costs far less than a printf() (or fwrite())
 * per field. Invariant: base <= p <= end; the bytes [base, p) are not yet
 * written to out. */
typedef struct {
    char *base, *p, *end;
    FILE *out;
} cursor;

/* Room the fixed fields of one item take at most (keys, separators, four
 * numbers, kind and form names). */
#define ITEM_FIXED 512

static void cur_flush(cursor *c) {
    fwrite(c->base, 1, (size_t)(c->p - c->base), c->out);
    c->p = c->base;
}

/* Makes room for n bytes when the buffer can hold them; returns whether
 * it now does. */
static int cur_room(cursor *c, size_t n) {
    if ((size_t)(c->end - c->p) >= n)
        return 1;
    cur_flush(c);
    return (size_t)(c->end - c->p) >= n;
}

/* Appends s[0, n); the caller made room. */
static void cur_mem(cursor *c, const char *s, size_t n) {
    memcpy(c->p, s, n);
    c->p += n;
}
/* Appends a string literal. */
#define CUR_LIT(c, lit) cur_mem((c), (lit), sizeof(lit) - 1)

static void cur_str(cursor *c, const char *s) {
    cur_mem(c, s, strlen(s));
}

static void cur_int(cursor *c, long v) {
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    if (v < 0)
        *c->p++ = '-';
    size_t n = 1;
    for (unsigned long t = u; t >= 10; t /= 10)
        n++;
    char *d = c->p + n;
    c->p = d;
    while (u >= 100) {
        unsigned k = (unsigned)(u % 100) * 2;
        u /= 100;
        *--d = pairs[k + 1];
        *--d = pairs[k];
    }
    if (u >= 10) {
        *--d = pairs[u * 2 + 1];
        *--d = pairs[u * 2];
    } else {
        *--d = (char)('0' + u);
    }
}

/* Appends `"key": ` and the JSON string (or null) of value without its
 * trailing "\r"; a value too long for the buffer is streamed to out. */
static void cur_kv(cursor *c, const char *key, size_t klen, const char *value, int rstr) {
    size_t len =
        value != NULL ? bl_emit_strip_cr(value, rstr ? bl_rstr_len(value) : strlen(value)) : 0;
    if (!cur_room(c, klen + 6 * len + 16)) {
        (rstr ? bl_emit_json_kvr : bl_emit_json_kv)(c->out, key, value);
        return;
    }
    *c->p++ = '"';
    cur_mem(c, key, klen);
    CUR_LIT(c, "\": ");
    if (value == NULL) {
        CUR_LIT(c, "null");
        return;
    }
    size_t next;
    *c->p++ = '"';
    c->p = bl_emit_json_escape(c->p, (const unsigned char *)value, len, 0, len, &next);
    *c->p++ = '"';
}
#define CUR_KV(c, lit, value) cur_kv((c), (lit), sizeof(lit) - 1, (value), 0)
/* A reported string (rstr.h). */
#define CUR_KVR(c, lit, value) cur_kv((c), (lit), sizeof(lit) - 1, (value), 1)

/* Appends one outline item object, pretty (2-space indent, nested at
 * depth 2) or on one line. */
static void json_item(cursor *c, const bl_item *it, int compact, int64_t ms) {
#define SEP(c) (compact ? CUR_LIT((c), ", ") : CUR_LIT((c), ",\n      "))
    cur_room(c, ITEM_FIXED);
    if (compact)
        CUR_LIT(c, "{ \"kind\": \"");
    else
        CUR_LIT(c, "{\n      \"kind\": \"");
    cur_str(c, kind_name(it->kind));
    CUR_LIT(c, "\"");
    SEP(c);
    CUR_LIT(c, "\"level\": ");
    cur_int(c, it->level);
    SEP(c);
    CUR_LIT(c, "\"line\": ");
    cur_int(c, it->line);
    SEP(c);
    CUR_LIT(c, "\"end_line\": ");
    cur_int(c, it->end_line);
    SEP(c);
    switch (it->kind) {
    case BL_ITEM_STORY:
        CUR_KVR(c, "title", it->title);
        break;
    case BL_ITEM_SECTION:
        CUR_KVR(c, "tag", it->tag);
        cur_room(c, ITEM_FIXED);
        SEP(c);
        CUR_KV(c, "section", it->section);
        break;
    case BL_ITEM_QUOTE:
        CUR_LIT(c, "\"quote_line\": ");
        if (it->quote_line > 0)
            cur_int(c, it->quote_line);
        else
            CUR_LIT(c, "null");
        SEP(c);
        CUR_LIT(c, "\"form\": \"");
        cur_str(c, form_name(it->form));
        CUR_LIT(c, "\"");
        SEP(c);
        CUR_KVR(c, "speaker", it->speaker);
        cur_room(c, ITEM_FIXED);
        SEP(c);
        CUR_KVR(c, "role", it->role);
        break;
    }
    cur_room(c, ITEM_FIXED);
    SEP(c); /* the read time (timing.h), seconds to the tenth */
    CUR_LIT(c, "\"seconds\": ");
    cur_int(c, (ms + 50) / 100 / 10);
    CUR_LIT(c, ".");
    cur_int(c, (ms + 50) / 100 % 10);
    if (compact)
        CUR_LIT(c, " }");
    else
        CUR_LIT(c, "\n    }");
#undef SEP
}

/* Bytes buffered by the outline before each write. */
#define OUTLINE_BUF 65536

int bl_emit_outline_json(FILE *out, bl_doc *doc, const bl_emit_opts *opts) {
    int compact = opts->compact;
    const char *nl1 = compact ? " " : "\n  ";
    const char *nl2 = compact ? " " : "\n    ";
    const bl_meta *m = bl_doc_meta(doc);
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    bl_timing_opts to;
    bl_timing_opts_from_vocab(bl_doc_vocab(doc), &to);
    bl_timing *t = bl_timing_new(&to); /* timed story by story: bounded memory */
    if (t == NULL)
        return BL_ENOMEM;
    size_t win = 0, win_end = 0;

    fprintf(out, "{%s\"version\": 1,%s", nl1, nl1);
    bl_emit_json_kv(out, "file", opts->file);
    fprintf(out, ",%s\"meta\": {%s", nl1, nl2);
    bl_emit_json_kv(out, "date", m ? m->date : NULL);
    fprintf(out, ",%s", nl2);
    bl_emit_json_kv(out, "program", m ? m->program : NULL);
    fprintf(out, ",%s", nl2);
    bl_emit_json_kv(out, "posted", m ? m->posted : NULL);
    fprintf(out, ",%s", nl2);
    bl_emit_json_kv(out, "updated", m ? m->updated : NULL);
    fprintf(out, "%s},%s\"items\": [", nl1, nl1);
    char stackbuf[4096];
    char *heap = n > 16 ? bl_malloc(OUTLINE_BUF) : NULL;
    char *base = heap != NULL ? heap : stackbuf;
    cursor c = {base, base, base + (heap != NULL ? OUTLINE_BUF : sizeof stackbuf), out};
    for (size_t i = 0; i < n; i++) {
        cur_room(&c, ITEM_FIXED);
        if (i > 0)
            CUR_LIT(&c, ",");
        if (compact)
            CUR_LIT(&c, " ");
        else
            CUR_LIT(&c, "\n    ");
        if (i >= win_end) {
            for (win = i, win_end = i + 1; win_end < n && items[win_end].line <= items[i].end_line;)
                win_end++;
            if (bl_timing_window(t, doc, win, win_end - win) != BL_OK)
                break;
        }
        json_item(&c, &items[i], compact, bl_timing_item_at(t, i - win)->ms);
    }
    cur_flush(&c);
    free(heap);
    bl_timing_free(t);
    if (n > 0)
        fputs(compact ? " " : "\n  ", out);
    fputs(compact ? "] }\n" : "]\n}\n", out);
    return bl_emit_status(out);
}

/* Writes `label value` to a text meta line, "-" for null. */
static void text_meta(FILE *out, const char *label, const char *value, int first) {
    fprintf(out, "%s%s ", first ? "" : ", ", label);
    if (value != NULL)
        bl_emit_text(out, value);
    else
        putc('-', out);
}

/* The one-line description of an item shared by text and qf output. */
static void describe_item(FILE *out, const bl_item *it) {
    switch (it->kind) {
    case BL_ITEM_STORY:
        fputs("story: ", out);
        if (it->title != NULL)
            bl_emit_text(out, it->title);
        else
            fputs("(untitled)", out);
        break;
    case BL_ITEM_SECTION:
        fputs("section ", out);
        bl_emit_text(out, it->section != NULL ? it->section : "?");
        if (it->tag != NULL) {
            fputs(" ", out);
            bl_emit_text(out, it->tag);
        }
        break;
    case BL_ITEM_QUOTE:
        fprintf(out, "quote (%s)", form_name(it->form));
        if (it->speaker != NULL || it->role != NULL) {
            fputs(": ", out);
            bl_emit_text(out, it->speaker != NULL ? it->speaker : "(anonymous)");
            if (it->role != NULL) {
                fputs(" / ", out);
                bl_emit_text(out, it->role);
            }
        }
        break;
    }
}

int bl_emit_outline_text(FILE *out, bl_doc *doc, const bl_emit_opts *opts) {
    const bl_meta *m = bl_doc_meta(doc);
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    bl_emit_text(out, opts->file);
    fputs("\n  ", out);
    text_meta(out, "date", m ? m->date : NULL, 1);
    text_meta(out, "program", m ? m->program : NULL, 0);
    text_meta(out, "posted", m ? m->posted : NULL, 0);
    text_meta(out, "updated", m ? m->updated : NULL, 0);
    putc('\n', out);
    if (n == 0)
        fputs("  (no stories)\n", out);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &items[i];
        char range[48];
        if (it->end_line > it->line)
            snprintf(range, sizeof range, "%ld-%ld", (long)it->line, (long)it->end_line);
        else
            snprintf(range, sizeof range, "%ld", (long)it->line);
        int indent = 2 * (it->level > 1 ? (it->level > 8 ? 7 : it->level - 1) : 0);
        fprintf(out, "  %9s  %*s", range, indent, "");
        describe_item(out, it);
        putc('\n', out);
    }
    return bl_emit_status(out);
}

int bl_emit_outline_qf(FILE *out, bl_doc *doc, const bl_emit_opts *opts) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &items[i];
        bl_emit_text(out, opts->file);
        fprintf(out, ":%ld:1: %*s", (long)it->line,
                2 * (int)(it->level > 1 ? (it->level > 8 ? 7 : it->level - 1) : 0), "");
        describe_item(out, it);
        putc('\n', out);
    }
    return bl_emit_status(out);
}

/* ---- folds, highlights ---- */

int bl_emit_folds_json(FILE *out, bl_doc *doc) {
    int32_t n = bl_doc_line_count(doc);
    putc('[', out);
    for (int32_t i = 0; i < n; i++) {
        int level = bl_doc_fold_level(doc, i);
        if (i > 0)
            putc(',', out);
        if (level >= 0 && level <= 9)
            putc('0' + level, out);
        else
            fprintf(out, "%d", level);
    }
    fputs("]\n", out);
    return bl_emit_status(out);
}

/* Lines per bl_doc_spans() call, so the doc's scratch array stays small. */
#define SPAN_CHUNK 4096

int bl_emit_highlights_json(FILE *out, bl_doc *doc) {
    int32_t lines = bl_doc_line_count(doc);
    size_t total = 0;
    putc('[', out);
    for (int32_t first = 0; first < lines; first += SPAN_CHUNK) {
        int32_t last = lines - first > SPAN_CHUNK ? first + SPAN_CHUNK : lines;
        size_t n = 0;
        const bl_span *spans = bl_doc_spans(doc, first, last, &n);
        for (size_t i = 0; spans != NULL && i < n; i++, total++) {
            const bl_span *s = &spans[i];
            const char *group =
                s->group < BL_HL_COUNT ? bl_hl_group_name((bl_hl_group)s->group) : NULL;
            fprintf(out, "%s\n  {\"line\": %ld, \"col\": %lu, \"end_col\": %lu, \"group\": ",
                    total > 0 ? "," : "", (long)s->line + 1, (unsigned long)s->col,
                    (unsigned long)s->end_col);
            bl_emit_json_cstr(out, group != NULL ? group : "bulletinUnknown");
            putc('}', out);
        }
    }
    fputs(total > 0 ? "\n]\n" : "]\n", out);
    return bl_emit_status(out);
}
