#include "tlsguard/lint_run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader/analyze.h"
#include "loader/predict.h"
#include "report/findings.h"
#include "run/lint_context.h"
#include "run/lint_input.h"
#include "tlsguard/analyze.h"

struct slot {
  struct report_list reports;
  bool included;
  bool done;
};

struct run_state {
  const struct input_list *inputs;
  struct lint_context *ctx;
  struct slot *slots;
  atomic_size_t next;
  pthread_mutex_t lock;
  pthread_cond_t ready;
  size_t waiting_for; /* the slot the printing thread sleeps on, or SIZE_MAX */
};

/* Lint the next unclaimed input; false when none is left. Only the slot
 * the printing thread sleeps on wakes it: a wake-up per file was most of a
 * corpus scan's system time. */
static bool work_one(struct run_state *st) {
  size_t i = atomic_fetch_add(&st->next, 1);
  if (i >= st->inputs->n)
    return false;
  struct slot *s = &st->slots[i];
  s->included = lint_one(&st->inputs->items[i], st->ctx, &s->reports);
  pthread_mutex_lock(&st->lock);
  s->done = true;
  if (st->waiting_for == i)
    pthread_cond_signal(&st->ready);
  pthread_mutex_unlock(&st->lock);
  return true;
}

static void *worker(void *arg) {
  while (work_one(arg))
    ;
  return NULL;
}

/* The printing thread: lints inputs itself until slot i is done, so with
 * -j1 no thread is started and nothing waits. */
static void await_slot(struct run_state *st, size_t i) {
  for (;;) {
    pthread_mutex_lock(&st->lock);
    bool done = st->slots[i].done;
    pthread_mutex_unlock(&st->lock);
    if (done || !work_one(st))
      break;
  }
  pthread_mutex_lock(&st->lock);
  st->waiting_for = i;
  while (!st->slots[i].done)
    pthread_cond_wait(&st->ready, &st->lock);
  st->waiting_for = SIZE_MAX;
  pthread_mutex_unlock(&st->lock);
}

/* Load order: every input that asks for it is dlopened, in order, into one
 * process per loader; each prediction sees what the earlier libraries took.
 * Runs on the printing thread, so the order is the input order. */
struct sequence {
  unsigned loaders;
  struct process procs[LOADER_KIND_COUNT];
  bool started[LOADER_KIND_COUNT];
};

static void sequence_step(struct sequence *seq, struct lint_context *ctx,
                          const struct input *in, struct file_report *r) {
  /* Package and archive members are not in the load order: it is for files
   * named. The closure's analysis (lint_one) left the root in r->cached. */
  const struct cached_module *root = r->cached;
  if (!in->load_order || r->member || r->verdict == VERDICT_ERROR || !root ||
      !root->module || root->module->kind != MODULE_SHARED_OBJECT)
    return;
  if (!seq->loaders)
    seq->loaders = analyze_loaders(ctx, root);
  for (int k = 0; k < LOADER_KIND_COUNT; k++) {
    if (!(seq->loaders & (1u << k)))
      continue;
    if (!seq->started[k]) {
      struct search_config ks = search_config_for(&ctx->search, k);
      process_start(&seq->procs[k], (enum loader_kind)k, &ctx->policy->loader,
                    &ks, ctx->modules, ctx->host, root, NULL);
      seq->started[k] = true;
    }
    analyze_prediction(r, root, ctx, &seq->procs[k], NULL);
  }
  analyze_settle_verdict(r, ctx->policy);
}

enum lint_exit lint_run(const struct input_list *inputs,
                        struct lint_context *ctx,
                        const struct output_options *o,
                        struct output_dest *dest, unsigned jobs) {
  const struct lint_policy *p = ctx->policy;
  struct run_state st = {.inputs = inputs, .ctx = ctx, .waiting_for = SIZE_MAX};
  struct sequence seq = {.loaders = p->loaders};
  st.slots = xcalloc(inputs->n, sizeof *st.slots);
  atomic_init(&st.next, 0);
  pthread_mutex_init(&st.lock, NULL);
  pthread_cond_init(&st.ready, NULL);
  if (jobs == 0)
    jobs = 1;
  if (jobs > inputs->n)
    jobs = inputs->n ? (unsigned)inputs->n : 1;
  /* The printing thread is one of the jobs. */
  pthread_t *threads = xcalloc(jobs, sizeof *threads);
  unsigned started = 0;
  for (unsigned t = 0; t + 1 < jobs; t++)
    if (pthread_create(&threads[t], NULL, worker, &st) == 0)
      started++;

  struct output_sink *sink = output_begin(dest, o, p);
  struct run_summary sum = {0};
  bool written = true;
  for (size_t i = 0; written && i < inputs->n; i++) {
    struct slot *s = &st.slots[i];
    await_slot(&st, i);
    for (size_t k = 0; s->included && k < s->reports.n; k++) {
      struct file_report *r = &s->reports.items[k];
      sequence_step(&seq, ctx, &inputs->items[i], r);
      sum.files++;
      if (r->verdict == VERDICT_ERROR) {
        sum.error++;
        fprintf(stderr, "%s: error: %s\n", text_name(r->path),
                text_name(r->error));
      } else if (r->verdict == VERDICT_FAIL) {
        sum.fail++;
      } else {
        sum.ok++;
      }
      if (written && !output_file(sink, r))
        written = false;
    }
    report_list_free(&s->reports);
    /* Nowhere to write: the workers claim no more inputs. */
    if (!written)
      atomic_store(&st.next, inputs->n);
  }
  if (!output_end(sink, &sum))
    written = false;
  for (int k = 0; k < LOADER_KIND_COUNT; k++)
    if (seq.started[k])
      process_free(&seq.procs[k]);
  for (unsigned t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  for (size_t i = 0; i < inputs->n; i++)
    report_list_free(&st.slots[i].reports); /* those not printed */
  free(threads);
  free(st.slots);
  pthread_mutex_destroy(&st.lock);
  pthread_cond_destroy(&st.ready);

  /* Arguments that named no file at all (an empty @LIST, empty
   * directories) must not let a gate pass on nothing. A directory whose
   * files are none of them ELF (only debug files, say) was looked at. */
  if (!inputs->n) {
    fprintf(stderr, "tlsguard-lint: error: nothing to check: the arguments "
                    "name no file (an empty @LIST, or empty directories)\n");
    return LINT_EXIT_ERROR;
  }
  if (sum.error || !written)
    return LINT_EXIT_ERROR;
  return sum.fail ? LINT_EXIT_FINDINGS : LINT_EXIT_OK;
}
