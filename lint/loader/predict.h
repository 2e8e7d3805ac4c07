/* A process as one loader would build it: start-up modules laid out in the
 * static TLS area, then libraries dlopened one after another, each
 * relocation that needs static TLS allocating its target block from what is
 * left. Answers "will it load", "how much does it take", "who used the
 * space", and the smallest stop-gap setting. */
#ifndef TLSGUARD_PREDICT_H
#define TLSGUARD_PREDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "resolve/closure.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/report.h"

enum block_state { BLOCK_NOT_ALLOCATED, BLOCK_STATIC, BLOCK_DYNAMIC };

struct process_module {
  const struct cached_module *cm;
  bool startup;
  enum block_state block;
  uint64_t static_bytes; /* taken from the surplus by a late allocation */
};

struct process {
  enum loader_kind loader;
  struct loader_options opts;
  const struct tls_arch *arch;
  struct static_tls st;
  struct process_module *mods;
  size_t n, cap, n_startup;
  struct loaded_set startup_set, all_set; /* views for closure_build */
  enum host_kind host_kind;
  const char *host_path;         /* HOST_PROGRAM: the --host path */
  struct preload_fact *preloads; /* LD_PRELOAD, as the host sees it */
  size_t n_preloads;
};

/* Start a process. host: the executable (its start-up closure is resolved
 * with cfg); NULL means a minimal program linked only to the C library that
 * "like" would use. like_closure: like's closure with nothing loaded, when
 * the caller has it already (else NULL: it is built). */
void process_start(struct process *p, enum loader_kind loader,
                   const struct loader_options *opts,
                   const struct search_config *cfg, struct module_cache *mc,
                   const struct cached_module *host,
                   const struct cached_module *like,
                   const struct closure *like_closure);
void process_free(struct process *p);

struct dlopen_outcome {
  bool loads;
  uint64_t needed;    /* static TLS bytes this dlopen takes (or would take) */
  uint64_t available; /* what the loader had left before it */
  struct load_failure failure;     /* why it fails */
  struct stopgap stopgap;          /* smallest setting that makes it load */
  struct static_tls_user *used_by; /* earlier late users of static TLS */
  size_t n_used_by;
};

/* dlopen the closure's root in p (which changes p: a sequence continues
 * from here). name is what the report calls it. */
void process_dlopen(struct process *p, const struct closure *c,
                    const char *name, struct dlopen_outcome *out);

void dlopen_outcome_free(struct dlopen_outcome *o);

#endif
