#include "sticky.h"

#include <inttypes.h>

#include "emit.h"
#include "error.h"

void bl_sticky_put(bl_sticky *w, const char *s) {
    if (w->rc == 0 && fputs(s, w->out) == EOF)
        w->rc = BL_EIO;
}

void bl_sticky_num(bl_sticky *w, uint64_t n) {
    if (w->rc == 0 && fprintf(w->out, "%" PRIu64, n) < 0)
        w->rc = BL_EIO;
}

void bl_sticky_json(bl_sticky *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_json_cstr(w->out, s);
}

void bl_sticky_csv(bl_sticky *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_csv_field(w->out, s);
}

void bl_sticky_text(bl_sticky *w, const char *s) {
    if (w->rc == 0)
        w->rc = bl_emit_text(w->out, s);
}
