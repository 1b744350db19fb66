#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "detect.h"
#include "error.h"
#include "term.h"
#include "vec.h"

/* A directory walked so far, by device and inode. */
typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id;

/* The state of one expansion. */
typedef struct {
    bl_walk_list *out;
    BL_VEC(dir_id) seen;
    int failed;
    int nomem;
} walker;

static int push_path(walker *w, char *path) {
    if (bl_vec_grow(w->out->v, w->out->cap, w->out->n + 1, SIZE_MAX / sizeof(char *)) != 0) {
        free(path);
        w->nomem = 1;
        return BL_ENOMEM;
    }
    w->out->v[w->out->n++] = path;
    return 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int bl_walk_is_bulletin(const char *path) {
    const char *name = base_name(path);
    if (ends_with(name, ".bulletin"))
        return 1;
    if (!ends_with(name, ".txt") || bl_detect_other_txt(name))
        return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return BL_EIO;
    char *buf = bl_malloc(BL_WALK_HEAD_BYTES);
    if (buf == NULL) {
        close(fd);
        return BL_ENOMEM;
    }
    size_t len = 0;
    while (len < BL_WALK_HEAD_BYTES) {
        ssize_t k = read(fd, buf + len, BL_WALK_HEAD_BYTES - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int err = errno;
            free(buf);
            close(fd);
            errno = err;
            return BL_EIO;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    close(fd);
    int yes = bl_detect_text(buf, len);
    free(buf);
    return yes;
}

/* "dir/name" (one slash) in a new string, or NULL. */
static char *join(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    int slash = a > 0 && dir[a - 1] != '/';
    char *p = bl_malloc(a + slash + b + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, dir, a);
    if (slash)
        p[a] = '/';
    memcpy(p + a + slash, name, b + 1);
    return p;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (not "." and "..", nor hidden), sorted, into *names
 * (owned). 0, or a negative code with errno set. */
static int list_dir(const char *dir, char ***names, size_t *n) {
    DIR *d = opendir(dir);
    if (d == NULL)
        return BL_EIO;
    char **v = NULL;
    size_t cap = 0, k = 0;
    int rc = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL) {
            rc = errno != 0 ? BL_EIO : 0;
            break;
        }
        if (e->d_name[0] == '.')
            continue;
        char *s = bl_strdup(e->d_name);
        if (s == NULL || bl_vec_grow(v, cap, k + 1, SIZE_MAX / sizeof *v) != 0) {
            free(s);
            rc = BL_ENOMEM;
            break;
        }
        v[k++] = s;
    }
    int err = errno;
    closedir(d);
    if (k > 1) /* v is NULL for an empty directory: qsort(NULL, 0) is undefined */
        qsort(v, k, sizeof *v, by_name);
    *names = v;
    *n = k;
    errno = err;
    return rc;
}

static void walk_dir(walker *w, const char *dir, int depth);

/* One entry of a walked directory, at path (owned: taken or freed). */
static void walk_entry(walker *w, char *path, int depth) {
    struct stat st;
    const char *name = base_name(path);
    int candidate = ends_with(name, ".bulletin") || ends_with(name, ".txt");
    if (stat(path, &st) != 0) {
        if (candidate || errno != ENOENT) {
            bl_term_error("%s: %s", path, strerror(errno));
            w->failed = 1;
        }
        free(path);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_dir(w, path, depth + 1);
        free(path);
        return;
    }
    if (!candidate) {
        free(path);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        bl_term_error("%s: not a regular file, skipped", path);
        free(path);
        return;
    }
    int yes = bl_walk_is_bulletin(path);
    if (yes < 0) {
        bl_term_error("%s: %s", path, yes == BL_EIO ? strerror(errno) : bl_strerror(yes));
        w->failed = 1;
        free(path);
    } else if (yes == 0 && bl_detect_other_txt(name)) {
        bl_term_error("%s: not a bulletin (a name Vim gives another filetype), skipped", path);
        free(path);
    } else if (yes == 0) {
        bl_term_error("%s: not a bulletin (no bulletin sign in its first %d lines), skipped", path,
                      BL_DETECT_LINES);
        free(path);
    } else {
        push_path(w, path);
    }
}

/* Walks dir (borrowed), depth levels below an operand. */
static void walk_dir(walker *w, const char *dir, int depth) {
    struct stat st;
    if (stat(dir, &st) != 0) {
        bl_term_error("%s: %s", dir, strerror(errno));
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < w->seen.n; i++)
        if (w->seen.v[i].dev == st.st_dev && w->seen.v[i].ino == st.st_ino) {
            bl_term_error("%s: directory already walked (a symbolic link loop?), skipped", dir);
            return;
        }
    if (depth > BL_WALK_MAX_DEPTH) {
        bl_term_error("%s: more than %d directories deep, skipped", dir, BL_WALK_MAX_DEPTH);
        return;
    }
    dir_id id = {st.st_dev, st.st_ino};
    if (bl_vec_push(&w->seen, id) != 0) {
        w->nomem = 1;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = list_dir(dir, &names, &n);
    if (rc == BL_ENOMEM) {
        w->nomem = 1;
    } else if (rc != 0) {
        bl_term_error("%s: %s", dir, strerror(errno));
        w->failed = 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *path = w->nomem ? NULL : join(dir, names[i]);
        if (path == NULL)
            w->nomem = 1;
        else
            walk_entry(w, path, depth);
        free(names[i]);
    }
    free(names);
}

int bl_walk_expand(char *const *operands, size_t n, int recursive, bl_walk_list *out, int *failed) {
    walker w;
    memset(&w, 0, sizeof w);
    w.out = out;
    for (size_t i = 0; i < n && !w.nomem; i++) {
        struct stat st;
        const char *op = operands[i];
        if (!recursive || strcmp(op, "-") == 0 || stat(op, &st) != 0 || !S_ISDIR(st.st_mode)) {
            char *copy = bl_strdup(op);
            if (copy == NULL)
                w.nomem = 1;
            else
                push_path(&w, copy);
        } else {
            walk_dir(&w, op, 0);
        }
    }
    bl_vec_free(&w.seen);
    if (w.nomem)
        bl_term_error("out of memory");
    *failed = w.failed || w.nomem;
    return w.nomem ? BL_ENOMEM : 0;
}

void bl_walk_free(bl_walk_list *list) {
    for (size_t i = 0; i < list->n; i++)
        free(list->v[i]);
    free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
}
