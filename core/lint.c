#include "lint.h"

#include <stdlib.h>

static const char *const sev_names[] = {"error", "warning", "info"};

const char *bl_severity_name(bl_severity s) {
    return (unsigned)s < 3 ? sev_names[s] : "unknown";
}

void bl_diags_free(bl_diags *d) {
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].message);
        free(d->v[i].suggestion);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

int bl_lint_run(bl_doc *doc, bl_diags *out) {
    (void)doc;
    (void)out;
    return BL_OK;
}
