#include "lint_run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"

bool lint_one(const struct input *in, const struct lint_policy *p,
              struct file_report *r) {
  report_init(r, in->path);
  if (in->error) {
    r->verdict = VERDICT_ERROR;
    r->error = xstrdup(in->error);
    return true;
  }
  struct elf_module *m = xcalloc(1, sizeof *m);
  char err[512];
  enum module_error e = elf_module_open_file(m, in->path, err, sizeof err);
  if (e == MODULE_OK) {
    analyze_module(r, m, p);
    return true;
  }
  elf_module_close(m);
  free(m);
  if (in->from_walk && (e == MODULE_ERR_NOT_ELF || e == MODULE_ERR_ARCHIVE))
    return false;
  r->verdict = VERDICT_ERROR;
  r->error = xstrdup(err);
  return true;
}

struct slot {
  struct file_report report;
  bool included;
  bool done;
};

struct run_state {
  const struct input_list *inputs;
  const struct lint_policy *policy;
  struct slot *slots;
  atomic_size_t next;
  pthread_mutex_t lock;
  pthread_cond_t ready;
};

static void *worker(void *arg) {
  struct run_state *st = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&st->next, 1);
    if (i >= st->inputs->n)
      return NULL;
    struct slot *s = &st->slots[i];
    s->included = lint_one(&st->inputs->items[i], st->policy, &s->report);
    pthread_mutex_lock(&st->lock);
    s->done = true;
    pthread_cond_broadcast(&st->ready);
    pthread_mutex_unlock(&st->lock);
  }
}

enum lint_exit lint_run(const struct input_list *inputs,
                        const struct lint_policy *p,
                        const struct output_options *o, FILE *out,
                        unsigned jobs) {
  struct run_state st = {.inputs = inputs, .policy = p};
  st.slots = xcalloc(inputs->n, sizeof *st.slots);
  atomic_init(&st.next, 0);
  pthread_mutex_init(&st.lock, NULL);
  pthread_cond_init(&st.ready, NULL);
  if (jobs == 0)
    jobs = 1;
  if (jobs > inputs->n)
    jobs = inputs->n ? (unsigned)inputs->n : 1;
  pthread_t *threads = xcalloc(jobs, sizeof *threads);
  unsigned started = 0;
  for (unsigned t = 0; t < jobs; t++)
    if (pthread_create(&threads[t], NULL, worker, &st) == 0)
      started++;
  if (started == 0)
    worker(&st); /* no threads available: do the work here */

  struct output_sink *sink = output_begin(out, o, p);
  struct run_summary sum = {0};
  for (size_t i = 0; i < inputs->n; i++) {
    struct slot *s = &st.slots[i];
    pthread_mutex_lock(&st.lock);
    while (!s->done)
      pthread_cond_wait(&st.ready, &st.lock);
    pthread_mutex_unlock(&st.lock);
    if (s->included) {
      struct file_report *r = &s->report;
      sum.files++;
      if (r->verdict == VERDICT_ERROR) {
        sum.error++;
        fprintf(stderr, "%s: error: %s\n", r->path, r->error);
      } else if (r->verdict == VERDICT_FAIL) {
        sum.fail++;
      } else {
        sum.ok++;
      }
      output_file(sink, r);
    }
    report_free(&s->report);
  }
  output_end(sink, &sum);
  for (unsigned t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  free(threads);
  free(st.slots);
  pthread_mutex_destroy(&st.lock);
  pthread_cond_destroy(&st.ready);

  if (o->format == FORMAT_TEXT && (sum.fail || sum.error || o->verbose))
    fprintf(stderr,
            "tlsguard-lint: %zu file%s checked: %zu ok, %zu failed, %zu "
            "unreadable\n",
            sum.files, sum.files == 1 ? "" : "s", sum.ok, sum.fail, sum.error);
  if (sum.error)
    return LINT_EXIT_ERROR;
  return sum.fail ? LINT_EXIT_FINDINGS : LINT_EXIT_OK;
}
