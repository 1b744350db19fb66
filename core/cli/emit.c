#include "emit.h"

#include "rstr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "term.h"
#include "timing.h"

/* The three bytes of U+FFFD REPLACEMENT CHARACTER. */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Length (2..4) of the well-formed UTF-8 sequence at s[0, len) that starts
 * with a byte >= 0x80, or 0 when that byte does not start one (stray
 * continuation byte, overlong form, surrogate, above U+10FFFF, cut short). */
static size_t utf8_seq_len(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* <= U+10FFFF */
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Length of s without one trailing "\r" (CRLF line ends are not content). */
static size_t strip_cr(const char *s, size_t len) {
    if (len > 0 && s[len - 1] == '\r')
        len--;
    return len;
}

static int status(FILE *out) {
    return ferror(out) ? BL_EIO : 0;
}

#define LANES(c) ((uint64_t)(c)*0x0101010101010101ull)

/* Nonzero when a byte of x is under 0x20, '"', '\\' or over 0x7F: each
 * test sets the high bit of a lane exactly (no carry crosses a lane). */
static inline uint64_t needs_escape(uint64_t x) {
    uint64_t low7 = x & LANES(0x7F);
    uint64_t ctl = ~(low7 + LANES(0x60)); /* high bit: low 7 bits < 0x20 */
    uint64_t q = x ^ LANES('"'), b = x ^ LANES('\\');
    uint64_t is_q = ~(((q & LANES(0x7F)) + LANES(0x7F)) | q);
    uint64_t is_b = ~(((b & LANES(0x7F)) + LANES(0x7F)) | b);
    return (x | ctl | is_q | is_b) & LANES(0x80);
}

/* Escapes p[i, ...) into dst as the inside of a JSON string, stopping at
 * the first sequence boundary at or after stop (<= len). dst needs room for
 * 6 bytes per input byte. Sets *next to where it stopped; returns the end
 * of what it wrote. */
static char *json_escape(char *dst, const unsigned char *p, size_t len, size_t i, size_t stop,
                         size_t *next) {
    static const char hex[] = "0123456789abcdef";
    while (i < stop) {
        /* Eight plain bytes (printable ASCII, no '"' or '\\') at a time. */
        while (stop - i >= 8) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            if (needs_escape(x))
                break;
            memcpy(dst, &x, 8);
            dst += 8;
            i += 8;
        }
        if (i >= stop)
            break;
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            *dst++ = (char)c;
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, len - i);
            if (n > 0) {
                memcpy(dst, p + i, n);
                dst += n;
                i += n;
                continue;
            }
            memcpy(dst, REPLACEMENT, 3); /* an invalid UTF-8 byte */
            dst += 3;
            i++;
            continue;
        }
        *dst++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *dst++ = (char)c;
            break;
        case '\n':
            *dst++ = 'n';
            break;
        case '\r':
            *dst++ = 'r';
            break;
        case '\t':
            *dst++ = 't';
            break;
        case '\b':
            *dst++ = 'b';
            break;
        case '\f':
            *dst++ = 'f';
            break;
        default:
            memcpy(dst, "u00", 3);
            dst[3] = hex[c >> 4];
            dst[4] = hex[c & 15];
            dst += 5;
        }
        i++;
    }
    *next = i;
    return dst;
}

/* Input bytes escaped per chunk when a string is streamed. */
#define ESCAPE_CHUNK 1024

int bl_emit_json_str(FILE *out, const char *s, size_t len) {
    if (s == NULL) {
        fputs("null", out);
        return status(out);
    }
    /* A sequence may run 3 bytes past the chunk: room for 6 per byte. */
    char buf[6 * (ESCAPE_CHUNK + 4) + 2];
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    char *d = buf;
    *d++ = '"';
    do {
        size_t stop = len - i > ESCAPE_CHUNK ? i + ESCAPE_CHUNK : len;
        d = json_escape(d, p, len, i, stop, &i);
        if (i >= len)
            *d++ = '"';
        fwrite(buf, 1, (size_t)(d - buf), out);
        d = buf;
    } while (i < len);
    return status(out);
}

int bl_emit_json_cstr(FILE *out, const char *s) {
    if (s == NULL)
        return bl_emit_json_str(out, NULL, 0);
    return bl_emit_json_str(out, s, strip_cr(s, strlen(s)));
}

/* Writes s[0, len) with every invalid UTF-8 byte replaced; if dquote, each
 * `"` doubled (CSV). */
static void put_utf8(FILE *out, const char *s, size_t len, int dquote) {
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c < 0x80 && !(dquote && c == '"')) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_seq_len(p + i, len - i);
            if (n > 0) {
                i += n;
                continue;
            }
        }
        fwrite(p + run, 1, i - run, out);
        fputs(c == '"' ? "\"\"" : REPLACEMENT, out);
        i++;
        run = i;
    }
    fwrite(p + run, 1, len - run, out);
}

static int csv_field_n(FILE *out, const char *s, size_t len);

int bl_emit_csv_field(FILE *out, const char *s) {
    if (s == NULL)
        return status(out);
    return csv_field_n(out, s, strip_cr(s, strlen(s)));
}

/* One CSV field of len bytes (NUL bytes included). */
static int csv_field_n(FILE *out, const char *s, size_t len) {
    int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            quote = 1;
    if (quote)
        putc('"', out);
    put_utf8(out, s, len, quote);
    if (quote)
        putc('"', out);
    return status(out);
}

int bl_emit_csv_end(FILE *out) {
    fputs("\r\n", out);
    return status(out);
}

int bl_emit_text(FILE *out, const char *s) {
    if (s == NULL)
        return status(out);
    return bl_term_write(out, s, strip_cr(s, strlen(s)));
}

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

/* The length of a quote row's speaker or role: whole for reported strings
 * (rstr.h, NUL bytes included, §7.5), else up to its NUL. */
static size_t row_len(const bl_emit_quote *q, const char *s) {
    if (s == NULL)
        return 0;
    return strip_cr(s, q->rstr ? bl_rstr_len(s) : strlen(s));
}

/* Writes `"key": ` then the string (or null). */
static void json_kv(FILE *out, const char *key, const char *value) {
    putc('"', out);
    fputs(key, out);
    fputs("\": ", out);
    bl_emit_json_cstr(out, value);
}

/* The same for a string the outline reports (rstr.h): whole, NUL bytes
 * included (escaped \u0000, §7.5 of the format). */
static void json_kvr(FILE *out, const char *key, const char *value) {
    putc('"', out);
    fputs(key, out);
    fputs("\": ", out);
    if (value == NULL)
        bl_emit_json_str(out, NULL, 0);
    else
        bl_emit_json_str(out, value, strip_cr(value, bl_rstr_len(value)));
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
    size_t len = value != NULL ? strip_cr(value, rstr ? bl_rstr_len(value) : strlen(value)) : 0;
    if (!cur_room(c, klen + 6 * len + 16)) {
        (rstr ? json_kvr : json_kv)(c->out, key, value);
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
    c->p = json_escape(c->p, (const unsigned char *)value, len, 0, len, &next);
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
    json_kv(out, "file", opts->file);
    fprintf(out, ",%s\"meta\": {%s", nl1, nl2);
    json_kv(out, "date", m ? m->date : NULL);
    fprintf(out, ",%s", nl2);
    json_kv(out, "program", m ? m->program : NULL);
    fprintf(out, ",%s", nl2);
    json_kv(out, "posted", m ? m->posted : NULL);
    fprintf(out, ",%s", nl2);
    json_kv(out, "updated", m ? m->updated : NULL);
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
    return status(out);
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
    return status(out);
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
    return status(out);
}

/* ---- lint ---- */

static const char *sev_name(uint8_t sev) {
    const char *name = bl_severity_name((bl_severity)sev);
    return name != NULL ? name : "error";
}

static void diag_line(FILE *out, const bl_diag *d, const bl_emit_opts *opts) {
    bl_emit_text(out, opts->file);
    fprintf(out, ":%ld:%lu: %s: ", (long)d->line + 1, (unsigned long)d->col + 1,
            sev_name(d->severity));
    bl_emit_text(out, d->message);
    fprintf(out, " [%s]", d->code != NULL ? d->code : "?");
}

int bl_emit_lint_text(FILE *out, const bl_diags *diags, const bl_emit_opts *opts) {
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *d = &diags->v[i];
        diag_line(out, d, opts);
        putc('\n', out);
        if (d->suggestion != NULL) {
            fputs("  suggestion: ", out);
            bl_emit_text(out, d->suggestion);
            putc('\n', out);
        }
    }
    return status(out);
}

int bl_emit_lint_qf(FILE *out, const bl_diags *diags, const bl_emit_opts *opts) {
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *d = &diags->v[i];
        diag_line(out, d, opts);
        if (d->suggestion != NULL) {
            fputs(" (suggestion: ", out);
            bl_emit_text(out, d->suggestion);
            putc(')', out);
        }
        putc('\n', out);
    }
    return status(out);
}

int bl_emit_lint_json(FILE *out, const bl_diags *diags, const bl_emit_opts *opts) {
    int compact = opts->compact;
    const char *nl1 = compact ? " " : "\n  ";
    const char *nl2 = compact ? " " : "\n    ";
    const char *sep = compact ? ", " : ",\n      ";
    fprintf(out, "{%s\"version\": 1,%s", nl1, nl1);
    json_kv(out, "file", opts->file);
    fprintf(out, ",%s\"diagnostics\": [", nl1);
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *d = &diags->v[i];
        fprintf(out, "%s%s{%s", i > 0 ? "," : "", nl2, compact ? " " : "\n      ");
        fprintf(out, "\"line\": %ld%s\"col\": %lu%s\"end_col\": %lu%s\"severity\": \"%s\"%s",
                (long)d->line + 1, sep, (unsigned long)d->col, sep, (unsigned long)d->end_col, sep,
                sev_name(d->severity), sep);
        json_kv(out, "code", d->code);
        fputs(sep, out);
        json_kv(out, "message", d->message);
        fputs(sep, out);
        json_kv(out, "suggestion", d->suggestion);
        fputs(compact ? " }" : "\n    }", out);
    }
    if (diags->n > 0)
        fputs(nl1, out);
    fputs(compact ? "] }\n" : "]\n}\n", out);
    return status(out);
}

/* ---- quotes ---- */

int bl_emit_quotes_begin(FILE *out, bl_emit_format fmt) {
    if (fmt == BL_EMIT_JSON) {
        fputs("[", out);
    } else if (fmt == BL_EMIT_CSV) {
        fputs("file,line,form,speaker,role,quote", out);
        bl_emit_csv_end(out);
    }
    return status(out);
}

int bl_emit_quotes_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first) {
    switch (fmt) {
    case BL_EMIT_JSON:
        fputs(first ? "\n  {" : ",\n  {", out);
        json_kv(out, "file", q->file);
        fprintf(out, ", \"line\": %ld, ", (long)q->line);
        json_kv(out, "form", q->form);
        fputs(", ", out);
        fputs("\"speaker\": ", out);
        bl_emit_json_str(out, q->speaker, row_len(q, q->speaker));
        fputs(", \"role\": ", out);
        bl_emit_json_str(out, q->role, row_len(q, q->role));
        fputs(", ", out);
        json_kv(out, "quote", q->quote);
        fputs("}", out);
        break;
    case BL_EMIT_CSV:
        bl_emit_csv_field(out, q->file);
        fprintf(out, ",%ld,", (long)q->line);
        bl_emit_csv_field(out, q->form);
        putc(',', out);
        if (q->speaker != NULL)
            csv_field_n(out, q->speaker, row_len(q, q->speaker));
        putc(',', out);
        if (q->role != NULL)
            csv_field_n(out, q->role, row_len(q, q->role));
        putc(',', out);
        bl_emit_csv_field(out, q->quote);
        bl_emit_csv_end(out);
        break;
    default:
        bl_emit_text(out, q->file);
        fprintf(out, ":%ld: [", (long)q->line);
        bl_emit_text(out, q->form);
        fputs("] ", out);
        if (q->speaker != NULL)
            bl_term_write(out, q->speaker, row_len(q, q->speaker));
        else
            fputs("(anonymous)", out);
        if (q->role != NULL) {
            fputs(" / ", out);
            bl_term_write(out, q->role, row_len(q, q->role));
        }
        if (q->quote != NULL) {
            fputs(": ", out);
            bl_emit_text(out, q->quote);
        }
        putc('\n', out);
        break;
    }
    return status(out);
}

int bl_emit_quotes_end(FILE *out, bl_emit_format fmt, size_t rows) {
    if (fmt == BL_EMIT_JSON)
        fputs(rows > 0 ? "\n]\n" : "]\n", out);
    return status(out);
}

int bl_emit_supers_begin(FILE *out, bl_emit_format fmt) {
    if (fmt == BL_EMIT_JSON) {
        fputs("[", out);
    } else if (fmt == BL_EMIT_CSV) {
        fputs("caption,speaker,role,file,line", out);
        bl_emit_csv_end(out);
    }
    return status(out);
}

/* The caption `Speaker / Role` (or `Speaker`) without trailing "\r"s, in
 * a new malloc'd string the caller frees (its length in *len: NUL bytes of
 * reported strings included); NULL when out of memory. */
static char *make_caption(const bl_emit_quote *q, size_t *len) {
    const char *sp = q->speaker != NULL ? q->speaker : "";
    size_t a = q->speaker != NULL ? row_len(q, sp) : 0;
    size_t b = row_len(q, q->role);
    char *s = bl_malloc(a + b + 4);
    if (s == NULL)
        return NULL;
    memcpy(s, sp, a);
    if (q->role != NULL) {
        memcpy(s + a, " / ", 3);
        memcpy(s + a + 3, q->role, b);
        a += 3 + b;
    }
    s[a] = '\0';
    *len = a;
    return s;
}

int bl_emit_supers_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first) {
    size_t cl = 0;
    char *cap = make_caption(q, &cl);
    if (cap == NULL)
        return BL_ENOMEM;
    cl = strip_cr(cap, cl); /* as every C string written: one more "\r" off */
    switch (fmt) {
    case BL_EMIT_JSON:
        fputs(first ? "\n  {" : ",\n  {", out);
        fputs("\"caption\": ", out);
        bl_emit_json_str(out, cap, cl);
        fputs(", \"speaker\": ", out);
        bl_emit_json_str(out, q->speaker, row_len(q, q->speaker));
        fputs(", \"role\": ", out);
        bl_emit_json_str(out, q->role, row_len(q, q->role));
        fputs(", ", out);
        json_kv(out, "file", q->file);
        fprintf(out, ", \"line\": %ld}", (long)q->line);
        break;
    case BL_EMIT_CSV:
        csv_field_n(out, cap, cl);
        putc(',', out);
        if (q->speaker != NULL)
            csv_field_n(out, q->speaker, row_len(q, q->speaker));
        putc(',', out);
        if (q->role != NULL)
            csv_field_n(out, q->role, row_len(q, q->role));
        putc(',', out);
        bl_emit_csv_field(out, q->file);
        fprintf(out, ",%ld", (long)q->line);
        bl_emit_csv_end(out);
        break;
    default:
        bl_term_write(out, cap, cl);
        putc('\n', out);
        break;
    }
    free(cap);
    return status(out);
}

int bl_emit_supers_end(FILE *out, bl_emit_format fmt, size_t rows) {
    return bl_emit_quotes_end(out, fmt, rows);
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
    return status(out);
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
    return status(out);
}
