#include "hl.h"

#include "sbite.h"
#include "tmpl.h"

static const char *const group_names[BL_HL_COUNT] = {
    "bulletinTag",    "bulletinCue",     "bulletinUnknownTag", "bulletinTitle", "bulletinMeta",
    "bulletinChrome", "bulletinSpeaker", "bulletinRole",       "bulletinQuote"};

const char *bl_hl_group_name(bl_hl_group g) {
    return (unsigned)g < BL_HL_COUNT ? group_names[g] : "bulletinUnknown";
}

typedef struct {
    bl_span *out;
    size_t n;
    int32_t line;
} sink;

static void add(sink *k, size_t a, size_t b, bl_hl_group g) {
    if (b > a && k->n < BL_HL_MAX_PER_LINE)
        k->out[k->n++] = (bl_span){k->line, (uint32_t)a, (uint32_t)b, (uint8_t)g};
}

static void parts(sink *k, const bl_sb_parts *p) {
    add(k, p->sp_a, p->sp_b, BL_HL_SPEAKER);
    add(k, p->role_a, p->role_b, BL_HL_ROLE);
    add(k, p->q_a, p->q_b, BL_HL_QUOTE);
}

size_t bl_hl_line(const bl_vocab *v, const bl_pline *L, int32_t lineno, bl_span *out) {
    sink k = {out, 0, lineno};
    const bl_lineinfo *li = &L->info;
    const char *s = L->text;
    bl_sb_parts p;
    switch ((bl_line_kind)L->kind) {
    case BL_LINE_META:
        if (bl_tag_end(li) > 0 && li->role != BL_ROLE_PROGRAM) {
            add(&k, li->start, bl_tag_start(li), BL_HL_META);
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_TAG);
        } else {
            add(&k, li->start, li->end, BL_HL_META);
        }
        break;
    case BL_LINE_CHROME:
        add(&k, li->start, li->end, BL_HL_CHROME);
        break;
    case BL_LINE_TITLE:
        if (li->shape == BL_SHAPE_TAG) {
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_META);
            add(&k, bl_tag_end(li), li->end, BL_HL_TITLE);
        } else {
            add(&k, li->start, li->end, BL_HL_TITLE);
        }
        break;
    case BL_LINE_LABEL:
        add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_TAG);
        break;
    case BL_LINE_TAG:
        if (li->shape == BL_SHAPE_UNKNOWN_TAG || li->shape == BL_SHAPE_MALFORMED) {
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_UNKNOWN_TAG);
        } else if (li->shape == BL_SHAPE_RADIO) {
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_CUE);
            if (bl_sb_radio(s, li->start, li->end, &p))
                add(&k, p.q_a, p.q_b, BL_HL_QUOTE);
        } else if (li->role == BL_ROLE_SOUNDBITE) {
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_CUE);
            if (bl_tag_end(li) < li->end) {
                bl_sb_tagged(s, bl_tag_end(li), li->end, &p);
                parts(&k, &p);
            }
        } else {
            add(&k, bl_tag_start(li), bl_tag_end(li), BL_HL_TAG);
        }
        break;
    case BL_LINE_ATTRIBUTION:
        if (li->shape == BL_SHAPE_TEMPLATE) {
            /* a dialect's attribution template (§8): its own slots */
            bl_tmpl_hit h;
            if (bl_vocab_template_find(v, s, li->start, li->end, &h) >= 0) {
                if (h.open)
                    bl_sb_trim_open(s, &h.q_a, &h.q_b);
                else
                    bl_sb_trim_quote(s, &h.q_a, &h.q_b);
                p = (bl_sb_parts){h.sp_a, h.sp_b, h.role_a, h.role_b, h.q_a, h.q_b, 0, 0};
                parts(&k, &p);
            }
        } else if (L->form == BL_FORM_SLASH && bl_sb_slash(s, li->start, li->end, &p))
            parts(&k, &p);
        else if (L->form == BL_FORM_BRACKET && bl_sb_bracket(s, li->start, li->end, &p))
            parts(&k, &p);
        else if (bl_sb_after_tag(s, li->start, li->end, &p))
            parts(&k, &p);
        break;
    case BL_LINE_QUOTE:
        add(&k, li->start, li->end, BL_HL_QUOTE);
        break;
    default:
        break;
    }
    return k.n;
}
