#include "speakers.h"

#include <inttypes.h>
#include <stdlib.h>

#include "alloc.h"
#include "error.h"
#include "spkindex.h"

struct bl_speakers {
    bl_emit_format fmt;
    int conflicts;
    bl_spkindex *idx;
};

/* A stream with a sticky error: every write after a failed one is
 * skipped, and the first failure is the result. */
typedef struct {
    FILE *out;
    int rc;
} wr;

static void put(wr *w, const char *s) {
    if (w->rc == 0 && fputs(s, w->out) == EOF)
        w->rc = BL_EIO;
}

static void num(wr *w, uint64_t n) {
    if (w->rc == 0 && fprintf(w->out, "%" PRIu64, n) < 0)
        w->rc = BL_EIO;
}

static void jstr(wr *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_json_cstr(w->out, s);
}

static void text(wr *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_text(w->out, s);
}

static void csv(wr *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_csv_field(w->out, s);
}

bl_speakers *bl_speakers_new(bl_emit_format fmt, int conflicts) {
    bl_speakers *sp = bl_calloc(1, sizeof *sp);
    if (sp == NULL)
        return NULL;
    sp->fmt = fmt;
    sp->conflicts = conflicts;
    sp->idx = bl_spkindex_new();
    if (sp->idx == NULL) {
        free(sp);
        return NULL;
    }
    return sp;
}

void bl_speakers_free(bl_speakers *sp) {
    if (sp == NULL)
        return;
    bl_spkindex_free(sp->idx);
    free(sp);
}

int bl_speakers_add(bl_speakers *sp, const bl_doc *doc, const char *file) {
    return bl_spkindex_add_doc(sp->idx, doc, file);
}

/* "file:line, file:line" for the uses of a role. */
static void text_where(wr *w, const bl_spkindex *idx, const bl_spk_role *r) {
    for (size_t k = 0; k < r->where.n; k++) {
        put(w, k ? ", " : "");
        text(w, bl_spkindex_file(idx, r->where.v[k].file));
        put(w, ":");
        num(w, (uint64_t)r->where.v[k].line);
    }
}

static void text_speaker(wr *w, const bl_spkindex *idx, const bl_spk_speaker *s) {
    text(w, s->name);
    put(w, ": ");
    num(w, s->count);
    put(w, s->count == 1 ? " soundbite" : " soundbites");
    if (s->nroles > 1) {
        put(w, ", ");
        num(w, s->nroles);
        put(w, " roles");
    }
    put(w, "\n");
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        put(w, "  ");
        text(w, r->role != NULL ? r->role : "(no role)");
        put(w, ": ");
        num(w, r->where.n);
        put(w, ": ");
        text_where(w, idx, r);
        put(w, "\n");
    }
}

static void json_speaker(wr *w, const bl_spkindex *idx, const bl_spk_speaker *s) {
    put(w, "{\"name\": ");
    jstr(w, s->name);
    put(w, ", \"count\": ");
    num(w, s->count);
    put(w, ", \"roles\": [");
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        put(w, k ? ", {\"role\": " : "{\"role\": ");
        jstr(w, r->role);
        put(w, ", \"count\": ");
        num(w, r->where.n);
        put(w, ", \"where\": [");
        for (size_t u = 0; u < r->where.n; u++) {
            put(w, u ? ", {\"file\": " : "{\"file\": ");
            jstr(w, bl_spkindex_file(idx, r->where.v[u].file));
            put(w, ", \"line\": ");
            num(w, (uint64_t)r->where.v[u].line);
            put(w, "}");
        }
        put(w, "]}");
    }
    put(w, "]}");
}

/* One CSV row per use of s; conflict (or NULL without --conflicts) and
 * key lead the row. */
static void csv_speaker(wr *w, const bl_spkindex *idx, const bl_spk_speaker *s,
                        const char *conflict, const char *key) {
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        for (size_t u = 0; u < r->where.n; u++) {
            if (conflict != NULL) {
                csv(w, conflict);
                put(w, ",");
                csv(w, key);
                put(w, ",");
            }
            csv(w, s->name);
            put(w, ",");
            csv(w, r->role);
            put(w, ",");
            num(w, r->where.n);
            put(w, ",");
            csv(w, bl_spkindex_file(idx, r->where.v[u].file));
            put(w, ",");
            num(w, (uint64_t)r->where.v[u].line);
            if (w->rc == 0)
                w->rc = bl_emit_csv_end(w->out);
        }
    }
}

/* The speakers part: every speaker, or those with a role conflict. */
static void print_speakers(bl_speakers *sp, wr *w) {
    size_t n = bl_spkindex_count(sp->idx), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const bl_spk_speaker *s = bl_spkindex_at(sp->idx, i);
        if (sp->conflicts && !bl_spkindex_conflict(s))
            continue;
        if (sp->fmt == BL_EMIT_JSON) {
            put(w, shown ? ",\n  " : "\n  ");
            json_speaker(w, sp->idx, s);
        } else if (sp->fmt == BL_EMIT_CSV) {
            csv_speaker(w, sp->idx, s, sp->conflicts ? "role" : NULL, s->name);
        } else {
            text_speaker(w, sp->idx, s);
        }
        shown++;
    }
    if (sp->fmt == BL_EMIT_JSON)
        put(w, shown ? "\n]" : "]");
}

/* The near-duplicates part. */
static void print_near(bl_speakers *sp, wr *w, const size_t *mem, const size_t *st, size_t ng) {
    if (sp->fmt == BL_EMIT_JSON)
        put(w, ", \"near_duplicates\": [");
    for (size_t g = 0; g < ng; g++) {
        const bl_spk_speaker *first = bl_spkindex_at(sp->idx, mem[st[g]]);
        if (sp->fmt == BL_EMIT_JSON) {
            put(w, g ? ",\n  {\"key\": " : "\n  {\"key\": ");
            jstr(w, first->key);
            put(w, ", \"names\": [");
        } else if (sp->fmt == BL_EMIT_TEXT) {
            put(w, "near duplicates: ");
        }
        for (size_t m = st[g]; m < st[g + 1]; m++) {
            const bl_spk_speaker *s = bl_spkindex_at(sp->idx, mem[m]);
            if (sp->fmt == BL_EMIT_JSON) {
                put(w, m > st[g] ? ", " : "");
                jstr(w, s->name);
            } else if (sp->fmt == BL_EMIT_TEXT) {
                put(w, m > st[g] ? ", " : "");
                text(w, s->name);
                put(w, " (");
                num(w, s->count);
                put(w, ")");
            } else {
                csv_speaker(w, sp->idx, s, "near-duplicate", first->key);
            }
        }
        if (sp->fmt == BL_EMIT_JSON)
            put(w, "]}");
        if (sp->fmt != BL_EMIT_TEXT)
            continue;
        put(w, "\n");
        for (size_t m = st[g]; m < st[g + 1]; m++) {
            const bl_spk_speaker *s = bl_spkindex_at(sp->idx, mem[m]);
            put(w, "  ");
            text(w, s->name);
            put(w, ": ");
            for (size_t k = 0; k < s->roles.n; k++) {
                put(w, k ? ", " : "");
                text_where(w, sp->idx, &s->roles.v[k]);
            }
            put(w, "\n");
        }
    }
    if (sp->fmt == BL_EMIT_JSON)
        put(w, ng ? "\n]" : "]");
}

int bl_speakers_print(bl_speakers *sp, FILE *out) {
    wr w = {out, 0};
    size_t *mem = NULL, *st = NULL, ng = 0;
    if (bl_spkindex_near(sp->idx, &mem, &st, &ng) != 0)
        return BL_ENOMEM;
    if (sp->fmt == BL_EMIT_JSON)
        put(&w, "{\"version\": 1, \"speakers\": [");
    else if (sp->fmt == BL_EMIT_CSV)
        put(&w, sp->conflicts ? "conflict,key,speaker,role,count,file,line\r\n"
                              : "speaker,role,count,file,line\r\n");
    print_speakers(sp, &w);
    if (sp->fmt == BL_EMIT_JSON || sp->conflicts)
        print_near(sp, &w, mem, st, ng);
    if (sp->fmt == BL_EMIT_JSON)
        put(&w, "}\n");
    free(mem);
    free(st);
    return w.rc;
}
