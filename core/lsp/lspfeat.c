#include "lspfeat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "hl.h"
#include "timing.h"

json_t *bl_lspfeat_legend(void) {
    json_t *types = json_array();
    for (int g = 0; g < BL_HL_COUNT; g++) {
        json_array_append_new(types, json_string(bl_hl_group_name((bl_hl_group)g)));
    }
    return json_pack("{s:o,s:[]}", "tokenTypes", types, "tokenModifiers");
}

/* Unit column of byte b on client line i. */
static int64_t col(const bl_lspdoc *d, bl_lsppos_enc enc, int32_t i, size_t b) {
    size_t len;
    const char *s = bl_lspdoc_line(d, i, &len);
    return bl_lsppos_from_byte(enc, s, len, b);
}

/* "Speaker: first words…" of a soundbite, into buf (512 bytes); its length. */
static size_t quote_name(const bl_item *it, char *buf) {
    enum { CAP = 512 };
    size_t n = 0;
    const char *who = it->speaker ? it->speaker : it->role;
    if (who != NULL) {
        n = (size_t)snprintf(buf, CAP, "%s%.200s%s", it->speaker ? "" : "(", who,
                             it->speaker ? "" : ")");
        if (n >= 220) {
            n = 220;
        }
    }
    if (it->quote != NULL && it->quote[0] != '\0') {
        if (n > 0) {
            buf[n++] = ':';
            buf[n++] = ' ';
        }
        const char *q = it->quote;
        int words = 0;
        size_t i = 0;
        while (q[i] == ' ') {
            i++;
        }
        size_t start = i, end = i;
        while (q[i] != '\0' && words < BL_LSPFEAT_NAME_WORDS) {
            while (q[i] != '\0' && q[i] != ' ') {
                i++;
            }
            end = i;
            words++;
            while (q[i] == ' ') {
                i++;
            }
        }
        size_t w = end - start;
        if (w > CAP - n - 8) {
            w = CAP - n - 8;
            while (w > 0 && ((unsigned char)q[start + w] & 0xC0) == 0x80) {
                w--; /* not in the middle of a character */
            }
        }
        memcpy(buf + n, q + start, w);
        n += w;
        if (q[i] != '\0' || w < end - start) {
            memcpy(buf + n, "\xE2\x80\xA6", 3); /* … */
            n += 3;
        }
    }
    if (n == 0) {
        n = (size_t)snprintf(buf, CAP, "%s", "soundbite");
    }
    return n;
}

/* The symbol name of an item, written to out as a JSON string. */
static void item_name(const bl_item *it, bl_lspjson_buf *out) {
    const char *s = NULL;
    if (it->kind == BL_ITEM_STORY) {
        s = it->title ? it->title : "(untitled story)";
    } else if (it->kind == BL_ITEM_SECTION) {
        s = it->tag ? it->tag : it->section ? it->section : "(section)";
    } else {
        char buf[512];
        bl_lspjson_buf_str(out, buf, quote_name(it, buf));
        return;
    }
    bl_lspjson_buf_str(out, s, strlen(s));
}

/* Soundbites among items (i, end) nested in item i. */
static size_t quotes_within(const bl_item *v, size_t n, size_t i) {
    size_t k = 0;
    for (size_t j = i + 1; j < n && v[j].level > v[i].level; j++) {
        k += v[j].kind == BL_ITEM_QUOTE;
    }
    return k;
}

/* Writes item i's DocumentSymbol up to and including `"children":[`. */
static void item_symbol(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_item *v, size_t n, size_t i,
                        int64_t ms, bl_lspjson_buf *out) {
    const bl_item *it = &v[i];
    char detail[512], t[24] = "";
    int32_t lines = it->end_line - it->line + 1;
    int kind;
    if (ms >= 0) { /* the read time (timing.h) leads the detail: "0:38 · ..." */
        bl_timing_format(ms, t, sizeof t - 4);
        strcat(t, " · ");
    }
    if (it->kind == BL_ITEM_QUOTE) {
        kind = BL_LSPFEAT_KIND_QUOTE;
        snprintf(detail, sizeof detail, "%s%.400s%s%d line%s", t, it->role ? it->role : "",
                 it->role ? " · " : "", lines, lines == 1 ? "" : "s");
    } else {
        size_t q = quotes_within(v, n, i);
        kind = it->kind == BL_ITEM_STORY ? BL_LSPFEAT_KIND_STORY : BL_LSPFEAT_KIND_SECTION;
        snprintf(detail, sizeof detail, "%s%s%s%d line%s · %zu soundbite%s", t,
                 it->kind == BL_ITEM_SECTION && it->section ? it->section : "",
                 it->kind == BL_ITEM_SECTION && it->section ? " · " : "", lines,
                 lines == 1 ? "" : "s", q, q == 1 ? "" : "s");
    }
    int32_t first = it->line - 1, last = it->end_line - 1;
    bl_lspjson_buf_adds(out, "{\"name\":");
    item_name(it, out);
    bl_lspjson_buf_adds(out, ",\"detail\":");
    bl_lspjson_buf_str(out, detail, strlen(detail));
    bl_lspjson_buf_adds(out, ",\"kind\":");
    bl_lspjson_buf_int(out, kind);
    bl_lspjson_buf_adds(out, ",\"range\":");
    bl_lspjson_buf_range(out, first, 0, last, col(d, enc, last, bl_lspdoc_content_len(d, last)));
    bl_lspjson_buf_adds(out, ",\"selectionRange\":");
    bl_lspjson_buf_range(out, first, 0, first, col(d, enc, first, bl_lspdoc_content_len(d, first)));
    bl_lspjson_buf_adds(out, ",\"children\":[");
}

void bl_lspfeat_symbols(const bl_lspdoc *d, bl_lsppos_enc enc, bl_lspjson_buf *out) {
    size_t n;
    const bl_item *v = bl_doc_items(d->doc, &n);
    /* The open symbols: ends[k], levels[k] of the item at depth k; a child
     * lies within its parent's lines. has_kids[k]: depth k's children
     * array has an element (has_kids[0] is the root array's). */
    enum { MAXD = 8 };
    int32_t ends[MAXD];
    int levels[MAXD];
    int has_kids[MAXD + 1] = {0};
    int depth = 0;
    /* Read times, story by story (bounded memory); none if out of memory. */
    bl_timing_opts to;
    bl_timing_opts_from_vocab(bl_doc_vocab(d->doc), &to);
    bl_timing *tm = bl_timing_new(&to);
    size_t win = 0, win_end = 0;
    bl_lspjson_buf_add(out, "[", 1);
    for (size_t i = 0; i < n; i++) {
        int64_t ms = -1;
        if (tm != NULL && i >= win_end) {
            for (win = i, win_end = i + 1; win_end < n && v[win_end].line <= v[i].end_line;)
                win_end++;
            if (bl_timing_window(tm, d->doc, win, win_end - win) != 0)
                win_end = 0;
        }
        if (tm != NULL && i >= win && i < win_end)
            ms = bl_timing_item_at(tm, i - win)->ms;
        while (depth > 0 && (levels[depth - 1] >= v[i].level || ends[depth - 1] < v[i].end_line)) {
            bl_lspjson_buf_add(out, "]}", 2);
            depth--;
        }
        if (has_kids[depth]) {
            bl_lspjson_buf_add(out, ",", 1);
        }
        has_kids[depth] = 1;
        item_symbol(d, enc, v, n, i, ms, out);
        if (depth < MAXD) {
            ends[depth] = v[i].end_line;
            levels[depth] = v[i].level;
            depth++;
            has_kids[depth] = 0;
        } else {
            bl_lspjson_buf_add(out, "]}", 2);
        }
    }
    while (depth-- > 0) {
        bl_lspjson_buf_add(out, "]}", 2);
    }
    bl_lspjson_buf_add(out, "]", 1);
    bl_timing_free(tm);
}

void bl_lspfeat_folds(const bl_lspdoc *d, bl_lsppos_enc enc, int line_only, bl_lspjson_buf *out) {
    size_t n;
    const bl_item *v = bl_doc_items(d->doc, &n);
    int32_t last_start = 0;
    int comma = 0;
    bl_lspjson_buf_add(out, "[", 1);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &v[i];
        /* The fold of a soundbite starts on its first line when it has two
         * or more; one range per start line: the first item (outermost). */
        if (it->end_line <= it->line || it->line == last_start) {
            continue;
        }
        last_start = it->line;
        int32_t a = it->line - 1, b = it->end_line - 1;
        bl_lspjson_buf_adds(out, comma ? ",{\"startLine\":" : "{\"startLine\":");
        comma = 1;
        bl_lspjson_buf_int(out, a);
        if (!line_only) {
            bl_lspjson_buf_adds(out, ",\"startCharacter\":");
            bl_lspjson_buf_int(out, col(d, enc, a, bl_lspdoc_content_len(d, a)));
        }
        bl_lspjson_buf_adds(out, ",\"endLine\":");
        bl_lspjson_buf_int(out, b);
        if (!line_only) {
            bl_lspjson_buf_adds(out, ",\"endCharacter\":");
            bl_lspjson_buf_int(out, col(d, enc, b, bl_lspdoc_content_len(d, b)));
        }
        bl_lspjson_buf_adds(out, ",\"kind\":\"region\"}");
    }
    bl_lspjson_buf_add(out, "]", 1);
}

void bl_lspfeat_tokens(const bl_lspdoc *d, bl_lsppos_enc enc, int64_t first, int64_t last,
                       bl_lspjson_buf *out) {
    int32_t m = bl_doc_line_count(d->doc);
    if (first < 0) {
        first = 0;
    }
    if (last >= m) {
        last = (int64_t)m - 1;
    }
    bl_lspjson_buf_adds(out, "{\"data\":[");
    size_t n = 0;
    const bl_span *sp =
        first <= last ? bl_doc_spans(d->doc, (int32_t)first, (int32_t)last + 1, &n) : NULL;
    int64_t pline = 0, pcol = 0;
    int comma = 0;
    size_t i = 0;
    while (i < n) {
        /* One line's spans, sorted by column; overlapping ones dropped. */
        bl_span ln[BL_HL_MAX_PER_LINE * 2];
        size_t k = 0;
        int32_t line = sp[i].line;
        while (i < n && sp[i].line == line) {
            if (k < sizeof ln / sizeof ln[0]) {
                size_t j = k++;
                while (j > 0 && ln[j - 1].col > sp[i].col) {
                    ln[j] = ln[j - 1];
                    j--;
                }
                ln[j] = sp[i];
            }
            i++;
        }
        size_t len;
        const char *s = bl_lspdoc_line(d, line, &len);
        uint32_t end = 0;
        for (size_t j = 0; j < k; j++) {
            if (ln[j].col < end || ln[j].end_col <= ln[j].col) {
                continue;
            }
            end = ln[j].end_col;
            int64_t c = bl_lsppos_from_byte(enc, s, len, ln[j].col);
            int64_t w =
                bl_lsppos_units(enc, s, ln[j].col, ln[j].end_col < len ? ln[j].end_col : len);
            if (w == 0) {
                continue;
            }
            int64_t dl = line - pline;
            int64_t dc = dl == 0 ? c - pcol : c;
            int64_t five[5] = {dl, dc, w, ln[j].group, 0};
            for (int q = 0; q < 5; q++) {
                if (comma) {
                    bl_lspjson_buf_add(out, ",", 1);
                }
                comma = 1;
                bl_lspjson_buf_int(out, five[q]);
            }
            pline = line;
            pcol = c;
        }
    }
    bl_lspjson_buf_adds(out, "]}");
}

static const int severity_lsp[] = {1, 2, 3}; /* error, warning, information */

json_t *bl_lspfeat_diagnostic(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diag *g) {
    json_t *range = bl_lspjson_range(g->line, col(d, enc, g->line, g->col), g->line,
                                     col(d, enc, g->line, g->end_col));
    json_t *o =
        json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", range, "severity",
                  severity_lsp[g->severity < 3 ? g->severity : 2], "code", g->code, "source",
                  "bulletin", "message", bl_lspjson_str(g->message, strlen(g->message)));
    if (o != NULL && g->suggestion != NULL) {
        json_object_set_new(
            o, "data",
            json_pack("{s:o}", "suggestion", bl_lspjson_str(g->suggestion, strlen(g->suggestion))));
    }
    return o;
}

void bl_lspfeat_diagnostics(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diags *diags,
                            bl_lspjson_buf *out) {
    bl_lspjson_buf_add(out, "[", 1);
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *g = &diags->v[i];
        bl_lspjson_buf_adds(out, i ? ",{\"range\":" : "{\"range\":");
        bl_lspjson_buf_range(out, g->line, col(d, enc, g->line, g->col), g->line,
                             col(d, enc, g->line, g->end_col));
        bl_lspjson_buf_adds(out, ",\"severity\":");
        bl_lspjson_buf_int(out, severity_lsp[g->severity < 3 ? g->severity : 2]);
        bl_lspjson_buf_adds(out, ",\"code\":");
        bl_lspjson_buf_str(out, g->code, strlen(g->code));
        bl_lspjson_buf_adds(out, ",\"source\":\"bulletin\",\"message\":");
        bl_lspjson_buf_str(out, g->message, strlen(g->message));
        if (g->suggestion != NULL) {
            bl_lspjson_buf_adds(out, ",\"data\":{\"suggestion\":");
            bl_lspjson_buf_str(out, g->suggestion, strlen(g->suggestion));
            bl_lspjson_buf_add(out, "}", 1);
        }
        bl_lspjson_buf_add(out, "}", 1);
    }
    bl_lspjson_buf_add(out, "]", 1);
}

/* One TextEdit of a fix (fix.h coordinates: bytes). */
static json_t *text_edit(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_edit *e) {
    return json_pack("{s:o,s:o}", "range",
                     bl_lspjson_range(e->line, col(d, enc, e->line, e->col), e->end_line,
                                      col(d, enc, e->end_line, e->end_col)),
                     "newText", bl_lspjson_str(e->text, e->len));
}

/* The CodeAction of fix f of diagnostic g: a plain WorkspaceEdit. */
static json_t *action(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diag *g, const bl_fix *f) {
    json_t *edits = json_array();
    for (size_t k = 0; k < f->n_edits && edits != NULL; k++) {
        if (json_array_append_new(edits, text_edit(d, enc, &f->edits[k])) != 0) {
            json_decref(edits);
            edits = NULL;
        }
    }
    json_t *changes = json_object();
    if (edits == NULL || changes == NULL || json_object_set_new(changes, d->uri, edits) != 0) {
        json_decref(changes);
        return NULL;
    }
    char title[300];
    snprintf(title, sizeof title, "%s%s", f->title, f->safe ? "" : " (unsafe)");
    return json_pack("{s:o,s:s,s:[o],s:b,s:{s:o}}", "title", bl_lspjson_str(title, strlen(title)),
                     "kind", "quickfix", "diagnostics", bl_lspfeat_diagnostic(d, enc, g),
                     "isPreferred", f->safe ? 1 : 0, "edit", "changes", changes);
}

json_t *bl_lspfeat_actions(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diags *diags,
                           int64_t first, int64_t last) {
    json_t *out = json_array();
    for (size_t i = 0; i < diags->n && out != NULL; i++) {
        const bl_diag *g = &diags->v[i];
        if (g->line < first || g->line > last) {
            continue;
        }
        bl_fixes fx = {0};
        int rc = bl_fix_for(d->doc, g, &fx);
        for (size_t k = 0; k < fx.n && rc == 0; k++) {
            json_t *a = action(d, enc, g, &fx.v[k]);
            rc = a == NULL || json_array_append_new(out, a) != 0;
        }
        bl_fixes_free(&fx);
        if (rc != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}
