#include "emitrows.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "rstr.h"
#include "term.h"

/* The length of a quote row's speaker or role: whole for reported strings
 * (rstr.h, NUL bytes included, §7.5), else up to its NUL. */
static size_t row_len(const bl_emit_quote *q, const char *s) {
    if (s == NULL)
        return 0;
    return bl_emit_strip_cr(s, q->rstr ? bl_rstr_len(s) : strlen(s));
}

/* The speaker and role of a row, NUL bytes whole (row_len()): JSON
 * `"speaker": S, "role": R` (null when absent), CSV two fields `S,R`
 * (empty when absent). Shared by the quotes and the supers rows. */
static void person_fields(FILE *out, bl_emit_format fmt, const bl_emit_quote *q) {
    if (fmt == BL_EMIT_JSON) {
        fputs("\"speaker\": ", out);
        bl_emit_json_str(out, q->speaker, row_len(q, q->speaker));
        fputs(", \"role\": ", out);
        bl_emit_json_str(out, q->role, row_len(q, q->role));
        return;
    }
    if (q->speaker != NULL)
        bl_emit_csv_field_n(out, q->speaker, row_len(q, q->speaker));
    putc(',', out);
    if (q->role != NULL)
        bl_emit_csv_field_n(out, q->role, row_len(q, q->role));
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
    return bl_emit_status(out);
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
    return bl_emit_status(out);
}

int bl_emit_lint_json(FILE *out, const bl_diags *diags, const bl_emit_opts *opts) {
    int compact = opts->compact;
    const char *nl1 = compact ? " " : "\n  ";
    const char *nl2 = compact ? " " : "\n    ";
    const char *sep = compact ? ", " : ",\n      ";
    fprintf(out, "{%s\"version\": 1,%s", nl1, nl1);
    bl_emit_json_kv(out, "file", opts->file);
    fprintf(out, ",%s\"diagnostics\": [", nl1);
    for (size_t i = 0; i < diags->n; i++) {
        const bl_diag *d = &diags->v[i];
        fprintf(out, "%s%s{%s", i > 0 ? "," : "", nl2, compact ? " " : "\n      ");
        fprintf(out, "\"line\": %ld%s\"col\": %lu%s\"end_col\": %lu%s\"severity\": \"%s\"%s",
                (long)d->line + 1, sep, (unsigned long)d->col, sep, (unsigned long)d->end_col, sep,
                sev_name(d->severity), sep);
        bl_emit_json_kv(out, "code", d->code);
        fputs(sep, out);
        bl_emit_json_kv(out, "message", d->message);
        fputs(sep, out);
        bl_emit_json_kv(out, "suggestion", d->suggestion);
        fputs(compact ? " }" : "\n    }", out);
    }
    if (diags->n > 0)
        fputs(nl1, out);
    fputs(compact ? "] }\n" : "]\n}\n", out);
    return bl_emit_status(out);
}

/* ---- quotes ---- */

int bl_emit_quotes_begin(FILE *out, bl_emit_format fmt) {
    if (fmt == BL_EMIT_JSON) {
        fputs("[", out);
    } else if (fmt == BL_EMIT_CSV) {
        fputs("file,line,form,speaker,role,quote", out);
        bl_emit_csv_end(out);
    }
    return bl_emit_status(out);
}

int bl_emit_quotes_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first) {
    switch (fmt) {
    case BL_EMIT_JSON:
        fputs(first ? "\n  {" : ",\n  {", out);
        bl_emit_json_kv(out, "file", q->file);
        fprintf(out, ", \"line\": %ld, ", (long)q->line);
        bl_emit_json_kv(out, "form", q->form);
        fputs(", ", out);
        person_fields(out, fmt, q);
        fputs(", ", out);
        bl_emit_json_kv(out, "quote", q->quote);
        fputs("}", out);
        break;
    case BL_EMIT_CSV:
        bl_emit_csv_field(out, q->file);
        fprintf(out, ",%ld,", (long)q->line);
        bl_emit_csv_field(out, q->form);
        putc(',', out);
        person_fields(out, fmt, q);
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
    return bl_emit_status(out);
}

int bl_emit_quotes_end(FILE *out, bl_emit_format fmt, size_t rows) {
    if (fmt == BL_EMIT_JSON)
        fputs(rows > 0 ? "\n]\n" : "]\n", out);
    return bl_emit_status(out);
}

int bl_emit_supers_begin(FILE *out, bl_emit_format fmt) {
    if (fmt == BL_EMIT_JSON) {
        fputs("[", out);
    } else if (fmt == BL_EMIT_CSV) {
        fputs("caption,speaker,role,file,line", out);
        bl_emit_csv_end(out);
    }
    return bl_emit_status(out);
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
    cl = bl_emit_strip_cr(cap, cl); /* as every C string written: one more "\r" off */
    switch (fmt) {
    case BL_EMIT_JSON:
        fputs(first ? "\n  {" : ",\n  {", out);
        fputs("\"caption\": ", out);
        bl_emit_json_str(out, cap, cl);
        fputs(", ", out);
        person_fields(out, fmt, q);
        fputs(", ", out);
        bl_emit_json_kv(out, "file", q->file);
        fprintf(out, ", \"line\": %ld}", (long)q->line);
        break;
    case BL_EMIT_CSV:
        bl_emit_csv_field_n(out, cap, cl);
        putc(',', out);
        person_fields(out, fmt, q);
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
    return bl_emit_status(out);
}

int bl_emit_supers_end(FILE *out, bl_emit_format fmt, size_t rows) {
    return bl_emit_quotes_end(out, fmt, rows);
}
