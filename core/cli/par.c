#include "par.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"

/* One document in flight. state: EMPTY (no worker has it), BUSY (a
 * worker reads it), DONE (doc or rc/why ready), MAIN (standard input:
 * bl_par_next() reads it). The fields below state are written by the
 * worker before it stores DONE (release) and read by the caller after it
 * loads DONE (acquire). */
enum { EMPTY, BUSY, DONE, MAIN };
typedef struct {
    _Atomic int state;
    int rc;
    bl_doc *doc;
    int linted; /* diags and lint_rc hold bl_lint_run()'s result */
    int lint_rc;
    bl_diags diags;
    char why[256];
} slot;

/* Invariant: taken <= claimed <= n; claimed < taken + window; the slot of
 * index i is slots[i % window]; every index in [taken, claimed) is BUSY,
 * DONE or MAIN in its slot.
 *
 * The hand-off is lock-free while nobody has to wait: workers claim an
 * index with a compare-and-swap on claimed, the caller takes a DONE slot
 * and moves taken on. Only a thread that must sleep takes mu: the caller
 * sets want (the index it waits for) and sleeps on ready; a worker that
 * finds the window full counts itself in room_waiters and sleeps on room.
 * Each side stores its own flag, then loads the other's (sequentially
 * consistent), so one of them always sees the other and signals under mu:
 * no wake-up is lost. */
struct bl_par {
    char *const *paths;
    const bl_vocab **vocabs;
    size_t n;
    size_t window;
    slot *slots;
    pthread_t *threads;
    size_t nthreads;
    pthread_mutex_t mu;
    pthread_cond_t ready; /* the slot the caller wants became DONE or MAIN */
    pthread_cond_t room;  /* taken moved on, or stop */
    _Atomic size_t claimed, taken;
    _Atomic size_t room_waiters; /* workers sleeping on room */
    _Atomic size_t want;         /* the index the caller sleeps for, or SIZE_MAX */
    _Atomic int stop;
    int lint;       /* workers lint too */
    int quote_text; /* the documents keep their quotes' text */
    /* The findings of the document handed out last (caller's thread). */
    bl_doc *last_doc;
    int last_linted, last_lint_rc;
    bl_diags last_diags;
};

unsigned bl_par_default_jobs(void) {
    long k = sysconf(_SC_NPROCESSORS_ONLN);
    if (k < 1)
        return 1;
    return k > BL_PAR_MAX_JOBS ? BL_PAR_MAX_JOBS : (unsigned)k;
}

/* Marks index i's slot as state and wakes the caller if it waits for it. */
static void publish(bl_par *p, slot *s, size_t i, int state) {
    atomic_store(&s->state, state);
    if (atomic_load(&p->want) == i) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_signal(&p->ready);
        pthread_mutex_unlock(&p->mu);
    }
}

/* Claims the next index (0 and *i), or returns nonzero when there is none
 * left or the run stops; sleeps while the window is full. */
static int claim(bl_par *p, size_t *i) {
    for (;;) {
        size_t c = atomic_load(&p->claimed);
        if (atomic_load(&p->stop) || c >= p->n)
            return 1;
        if (c >= atomic_load(&p->taken) + p->window) {
            pthread_mutex_lock(&p->mu);
            atomic_fetch_add(&p->room_waiters, 1);
            while (!atomic_load(&p->stop) && c >= atomic_load(&p->taken) + p->window)
                pthread_cond_wait(&p->room, &p->mu);
            atomic_fetch_sub(&p->room_waiters, 1);
            pthread_mutex_unlock(&p->mu);
            continue;
        }
        if (atomic_compare_exchange_weak(&p->claimed, &c, c + 1)) {
            *i = c;
            return 0;
        }
    }
}

static void *worker(void *arg) {
    bl_par *p = arg;
    size_t i;
    while (claim(p, &i) == 0) {
        slot *s = &p->slots[i % p->window];
        if (strcmp(p->paths[i], "-") == 0) {
            publish(p, s, i, MAIN);
            continue;
        }
        atomic_store(&s->state, BUSY);
        s->doc = NULL;
        s->rc =
            bl_load_doc(p->paths[i], p->vocabs[i], p->quote_text, &s->doc, s->why, sizeof s->why);
        s->linted = s->rc == 0 && p->lint;
        memset(&s->diags, 0, sizeof s->diags);
        s->lint_rc = s->linted ? bl_lint_run(s->doc, &s->diags) : 0;
        publish(p, s, i, DONE);
    }
    return NULL;
}

int bl_par_start(bl_load *ld, char *const *paths, size_t n, unsigned jobs, int lint, int quote_text,
                 bl_par **out) {
    bl_par *p = bl_calloc(1, sizeof *p);
    if (p == NULL)
        return BL_ENOMEM;
    p->lint = lint;
    p->quote_text = quote_text;
    atomic_store(&p->want, SIZE_MAX);
    p->paths = paths;
    p->n = n;
    p->vocabs = bl_calloc(n + 1, sizeof *p->vocabs);
    if (jobs < 1)
        jobs = 1;
    if (jobs > BL_PAR_MAX_JOBS)
        jobs = BL_PAR_MAX_JOBS;
    p->window = (size_t)jobs * BL_PAR_WINDOW_PER_JOB;
    p->slots = bl_calloc(p->window, sizeof *p->slots);
    size_t want = jobs > 1 ? (jobs < n ? jobs : n) : 0;
    p->threads = bl_calloc(want + 1, sizeof *p->threads);
    if (p->vocabs == NULL || p->slots == NULL || p->threads == NULL) {
        free(p->vocabs), free(p->slots), free(p->threads), free(p);
        return BL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        p->vocabs[i] = bl_load_vocab(ld, paths[i], NULL);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->ready, NULL);
    pthread_cond_init(&p->room, NULL);
    for (size_t t = 0; t < want; t++) {
        if (pthread_create(&p->threads[t], NULL, worker, p) != 0)
            break; /* fewer workers; with none, bl_par_next() reads */
        p->nthreads++;
    }
    *out = p;
    return 0;
}

int bl_par_next(bl_par *p, bl_doc **docp, char *why, size_t whylen) {
    *docp = NULL;
    why[0] = '\0';
    bl_diags_free(&p->last_diags);
    p->last_doc = NULL;
    p->last_linted = 0;
    size_t i = atomic_load(&p->taken); /* moved on by this thread only */
    if (i >= p->n)
        return BL_EINVAL;
    if (p->nthreads == 0) {
        atomic_store(&p->taken, i + 1);
        return bl_load_doc(p->paths[i], p->vocabs[i], p->quote_text, docp, why, whylen);
    }
    slot *s = &p->slots[i % p->window];
    int state = atomic_load(&s->state);
    if (state != DONE && state != MAIN) {
        pthread_mutex_lock(&p->mu);
        atomic_store(&p->want, i);
        while ((state = atomic_load(&s->state)) != DONE && state != MAIN)
            pthread_cond_wait(&p->ready, &p->mu);
        atomic_store(&p->want, SIZE_MAX);
        pthread_mutex_unlock(&p->mu);
    }
    int rc = s->rc;
    bl_doc *doc = s->doc;
    p->last_doc = doc;
    p->last_linted = s->linted;
    p->last_lint_rc = s->lint_rc;
    p->last_diags = s->diags;
    if (state == DONE)
        snprintf(why, whylen, "%s", s->why);
    s->doc = NULL;
    s->linted = 0;
    memset(&s->diags, 0, sizeof s->diags);
    atomic_store(&s->state, EMPTY);
    atomic_store(&p->taken, i + 1);
    if (atomic_load(&p->room_waiters) > 0) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_signal(&p->room); /* one more slot: one worker */
        pthread_mutex_unlock(&p->mu);
    }
    if (state == MAIN)
        return bl_load_doc(p->paths[i], p->vocabs[i], p->quote_text, docp, why, whylen);
    *docp = doc;
    return rc;
}

int bl_par_lint(bl_par *p, bl_doc *doc, bl_diags *out) {
    if (!p->last_linted || p->last_doc != doc)
        return bl_lint_run(doc, out);
    *out = p->last_diags;
    memset(&p->last_diags, 0, sizeof p->last_diags);
    p->last_linted = 0;
    return p->last_lint_rc;
}

void bl_par_free(bl_par *p) {
    if (p == NULL)
        return;
    if (p->nthreads > 0) {
        pthread_mutex_lock(&p->mu);
        atomic_store(&p->stop, 1);
        pthread_cond_broadcast(&p->room);
        pthread_mutex_unlock(&p->mu);
        for (size_t t = 0; t < p->nthreads; t++)
            pthread_join(p->threads[t], NULL);
    }
    for (size_t k = 0; k < p->window; k++) {
        bl_doc_free(p->slots[k].doc);
        bl_diags_free(&p->slots[k].diags);
    }
    bl_diags_free(&p->last_diags);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->ready);
    pthread_cond_destroy(&p->room);
    free(p->threads);
    free(p->slots);
    free(p->vocabs);
    free(p);
}
