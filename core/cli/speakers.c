#include "speakers.h"

#include <stdlib.h>

#include "alloc.h"
#include "error.h"
#include "spkindex.h"
#include "sticky.h"

struct bl_speakers {
    bl_emit_format fmt;
    int conflicts;
    bl_spkindex *idx;
};

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
static void text_where(bl_sticky *w, const bl_spkindex *idx, const bl_spk_role *r) {
    for (size_t k = 0; k < r->where.n; k++) {
        bl_sticky_put(w, k ? ", " : "");
        bl_sticky_text(w, bl_spkindex_file(idx, r->where.v[k].file));
        bl_sticky_put(w, ":");
        bl_sticky_num(w, (uint64_t)r->where.v[k].line);
    }
}

static void text_speaker(bl_sticky *w, const bl_spkindex *idx, const bl_spk_speaker *s) {
    bl_sticky_text(w, s->name);
    bl_sticky_put(w, ": ");
    bl_sticky_num(w, s->count);
    bl_sticky_put(w, s->count == 1 ? " soundbite" : " soundbites");
    if (s->nroles > 1) {
        bl_sticky_put(w, ", ");
        bl_sticky_num(w, s->nroles);
        bl_sticky_put(w, " roles");
    }
    bl_sticky_put(w, "\n");
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        bl_sticky_put(w, "  ");
        bl_sticky_text(w, r->role != NULL ? r->role : "(no role)");
        bl_sticky_put(w, ": ");
        bl_sticky_num(w, r->where.n);
        bl_sticky_put(w, ": ");
        text_where(w, idx, r);
        bl_sticky_put(w, "\n");
    }
}

static void json_speaker(bl_sticky *w, const bl_spkindex *idx, const bl_spk_speaker *s) {
    bl_sticky_put(w, "{\"name\": ");
    bl_sticky_json(w, s->name);
    bl_sticky_put(w, ", \"count\": ");
    bl_sticky_num(w, s->count);
    bl_sticky_put(w, ", \"roles\": [");
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        bl_sticky_put(w, k ? ", {\"role\": " : "{\"role\": ");
        bl_sticky_json(w, r->role);
        bl_sticky_put(w, ", \"count\": ");
        bl_sticky_num(w, r->where.n);
        bl_sticky_put(w, ", \"where\": [");
        for (size_t u = 0; u < r->where.n; u++) {
            bl_sticky_put(w, u ? ", {\"file\": " : "{\"file\": ");
            bl_sticky_json(w, bl_spkindex_file(idx, r->where.v[u].file));
            bl_sticky_put(w, ", \"line\": ");
            bl_sticky_num(w, (uint64_t)r->where.v[u].line);
            bl_sticky_put(w, "}");
        }
        bl_sticky_put(w, "]}");
    }
    bl_sticky_put(w, "]}");
}

/* One CSV row per use of s; conflict (or NULL without --conflicts) and
 * key lead the row. */
static void csv_speaker(bl_sticky *w, const bl_spkindex *idx, const bl_spk_speaker *s,
                        const char *conflict, const char *key) {
    for (size_t k = 0; k < s->roles.n; k++) {
        const bl_spk_role *r = &s->roles.v[k];
        for (size_t u = 0; u < r->where.n; u++) {
            if (conflict != NULL) {
                bl_sticky_csv(w, conflict);
                bl_sticky_put(w, ",");
                bl_sticky_csv(w, key);
                bl_sticky_put(w, ",");
            }
            bl_sticky_csv(w, s->name);
            bl_sticky_put(w, ",");
            bl_sticky_csv(w, r->role);
            bl_sticky_put(w, ",");
            bl_sticky_num(w, r->where.n);
            bl_sticky_put(w, ",");
            bl_sticky_csv(w, bl_spkindex_file(idx, r->where.v[u].file));
            bl_sticky_put(w, ",");
            bl_sticky_num(w, (uint64_t)r->where.v[u].line);
            if (w->rc == 0)
                w->rc = bl_emit_csv_end(w->out);
        }
    }
}

/* The speakers part: every speaker, or those with a role conflict. */
static void print_speakers(bl_speakers *sp, bl_sticky *w) {
    size_t n = bl_spkindex_count(sp->idx), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const bl_spk_speaker *s = bl_spkindex_at(sp->idx, i);
        if (sp->conflicts && !bl_spkindex_conflict(s))
            continue;
        if (sp->fmt == BL_EMIT_JSON) {
            bl_sticky_put(w, shown ? ",\n  " : "\n  ");
            json_speaker(w, sp->idx, s);
        } else if (sp->fmt == BL_EMIT_CSV) {
            csv_speaker(w, sp->idx, s, sp->conflicts ? "role" : NULL, s->name);
        } else {
            text_speaker(w, sp->idx, s);
        }
        shown++;
    }
    if (sp->fmt == BL_EMIT_JSON)
        bl_sticky_put(w, shown ? "\n]" : "]");
}

/* The near-duplicates part. */
static void print_near(bl_speakers *sp, bl_sticky *w, const size_t *mem, const size_t *st,
                       size_t ng) {
    if (sp->fmt == BL_EMIT_JSON)
        bl_sticky_put(w, ", \"near_duplicates\": [");
    for (size_t g = 0; g < ng; g++) {
        const bl_spk_speaker *first = bl_spkindex_at(sp->idx, mem[st[g]]);
        if (sp->fmt == BL_EMIT_JSON) {
            bl_sticky_put(w, g ? ",\n  {\"key\": " : "\n  {\"key\": ");
            bl_sticky_json(w, first->key);
            bl_sticky_put(w, ", \"names\": [");
        } else if (sp->fmt == BL_EMIT_TEXT) {
            bl_sticky_put(w, "near duplicates: ");
        }
        for (size_t m = st[g]; m < st[g + 1]; m++) {
            const bl_spk_speaker *s = bl_spkindex_at(sp->idx, mem[m]);
            if (sp->fmt == BL_EMIT_JSON) {
                bl_sticky_put(w, m > st[g] ? ", " : "");
                bl_sticky_json(w, s->name);
            } else if (sp->fmt == BL_EMIT_TEXT) {
                bl_sticky_put(w, m > st[g] ? ", " : "");
                bl_sticky_text(w, s->name);
                bl_sticky_put(w, " (");
                bl_sticky_num(w, s->count);
                bl_sticky_put(w, ")");
            } else {
                csv_speaker(w, sp->idx, s, "near-duplicate", first->key);
            }
        }
        if (sp->fmt == BL_EMIT_JSON)
            bl_sticky_put(w, "]}");
        if (sp->fmt != BL_EMIT_TEXT)
            continue;
        bl_sticky_put(w, "\n");
        for (size_t m = st[g]; m < st[g + 1]; m++) {
            const bl_spk_speaker *s = bl_spkindex_at(sp->idx, mem[m]);
            bl_sticky_put(w, "  ");
            bl_sticky_text(w, s->name);
            bl_sticky_put(w, ": ");
            for (size_t k = 0; k < s->roles.n; k++) {
                bl_sticky_put(w, k ? ", " : "");
                text_where(w, sp->idx, &s->roles.v[k]);
            }
            bl_sticky_put(w, "\n");
        }
    }
    if (sp->fmt == BL_EMIT_JSON)
        bl_sticky_put(w, ng ? "\n]" : "]");
}

int bl_speakers_print(bl_speakers *sp, FILE *out) {
    bl_sticky w = {out, 0};
    size_t *mem = NULL, *st = NULL, ng = 0;
    if (bl_spkindex_near(sp->idx, &mem, &st, &ng) != 0)
        return BL_ENOMEM;
    if (sp->fmt == BL_EMIT_JSON)
        bl_sticky_put(&w, "{\"version\": 1, \"speakers\": [");
    else if (sp->fmt == BL_EMIT_CSV)
        bl_sticky_put(&w, sp->conflicts ? "conflict,key,speaker,role,count,file,line\r\n"
                                        : "speaker,role,count,file,line\r\n");
    print_speakers(sp, &w);
    if (sp->fmt == BL_EMIT_JSON || sp->conflicts)
        print_near(sp, &w, mem, st, ng);
    if (sp->fmt == BL_EMIT_JSON)
        bl_sticky_put(&w, "}\n");
    free(mem);
    free(st);
    return w.rc;
}
