#include "par.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"

/* One document in flight. state: EMPTY (no worker has it), BUSY (a
 * worker reads it), DONE (doc or rc/why ready), MAIN (standard input:
 * bl_par_next() reads it). */
enum { EMPTY, BUSY, DONE, MAIN };
typedef struct {
    int state;
    int rc;
    bl_doc *doc;
    char why[256];
} slot;

/* Invariant: taken <= claimed <= n; claimed < taken + window; the slot of
 * index i is slots[i % window]; every index in [taken, claimed) is BUSY,
 * DONE or MAIN in its slot. mu guards every field below it. */
struct bl_par {
    char *const *paths;
    const bl_vocab **vocabs;
    size_t n;
    size_t window;
    slot *slots;
    pthread_t *threads;
    size_t nthreads;
    pthread_mutex_t mu;
    pthread_cond_t ready; /* a slot became DONE */
    pthread_cond_t room;  /* taken moved on, or stop */
    size_t claimed, taken;
    int stop;
};

unsigned bl_par_default_jobs(void) {
    long k = sysconf(_SC_NPROCESSORS_ONLN);
    if (k < 1)
        return 1;
    return k > BL_PAR_MAX_JOBS ? BL_PAR_MAX_JOBS : (unsigned)k;
}

static void *worker(void *arg) {
    bl_par *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->claimed < p->n && p->claimed >= p->taken + p->window)
            pthread_cond_wait(&p->room, &p->mu);
        if (p->stop || p->claimed >= p->n)
            break;
        size_t i = p->claimed++;
        slot *s = &p->slots[i % p->window];
        if (strcmp(p->paths[i], "-") == 0) {
            s->state = MAIN;
            pthread_cond_broadcast(&p->ready);
            continue;
        }
        s->state = BUSY;
        pthread_mutex_unlock(&p->mu);
        bl_doc *doc = NULL;
        char why[sizeof s->why];
        int rc = bl_load_doc(p->paths[i], p->vocabs[i], &doc, why, sizeof why);
        pthread_mutex_lock(&p->mu);
        s->rc = rc;
        s->doc = doc;
        memcpy(s->why, why, sizeof why);
        s->state = DONE;
        pthread_cond_broadcast(&p->ready);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int bl_par_start(bl_load *ld, char *const *paths, size_t n, unsigned jobs, bl_par **out) {
    bl_par *p = bl_calloc(1, sizeof *p);
    if (p == NULL)
        return BL_ENOMEM;
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
    if (p->taken >= p->n) /* read only by this thread and under mu */
        return BL_EINVAL;
    size_t i = p->taken;
    if (p->nthreads == 0) {
        p->taken++;
        return bl_load_doc(p->paths[i], p->vocabs[i], docp, why, whylen);
    }
    pthread_mutex_lock(&p->mu);
    slot *s = &p->slots[i % p->window];
    while (!(i < p->claimed && (s->state == DONE || s->state == MAIN)))
        pthread_cond_wait(&p->ready, &p->mu);
    int state = s->state, rc = s->rc;
    bl_doc *doc = s->doc;
    if (state == DONE)
        snprintf(why, whylen, "%s", s->why);
    memset(s, 0, sizeof *s);
    p->taken++;
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->mu);
    if (state == MAIN)
        return bl_load_doc(p->paths[i], p->vocabs[i], docp, why, whylen);
    *docp = doc;
    return rc;
}

void bl_par_free(bl_par *p) {
    if (p == NULL)
        return;
    if (p->nthreads > 0) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->room);
        pthread_mutex_unlock(&p->mu);
        for (size_t t = 0; t < p->nthreads; t++)
            pthread_join(p->threads[t], NULL);
    }
    for (size_t k = 0; k < p->window; k++)
        bl_doc_free(p->slots[k].doc);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->ready);
    pthread_cond_destroy(&p->room);
    free(p->threads);
    free(p->slots);
    free(p->vocabs);
    free(p);
}
