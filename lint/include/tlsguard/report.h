/* What tlsguard-lint found in one input, independent of output format. */
#ifndef TLSGUARD_REPORT_H
#define TLSGUARD_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tlsguard/alloc.h"
#include "tlsguard/elf_module.h"
#include "tlsguard/loader_caps.h"
#include "tlsguard/loader_model.h"
#include "tlsguard/search_config.h"

enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

enum rule_id {
#define RULE(e, id, sev, title, help) RULE_##e,
#include "tlsguard/rules.def"
#undef RULE
  RULE_COUNT
};

struct rule {
  const char *id;
  enum severity severity;
  const char *title;
  const char *help;
};

const struct rule *rule_get(enum rule_id id);
/* By its stable id ("static-tls-dependency"); false when there is none. */
bool rule_find(const char *id, enum rule_id *out);
/* Where a rule's page is: TLSGUARD_RULES_URL "<id>.md" (docs/rules/). */
char *rule_help_uri(enum rule_id id);

const char *severity_name(enum severity s); /* "error", "warning", "note" */

enum verdict { VERDICT_OK, VERDICT_FAIL, VERDICT_ERROR };

#define FINDING_MAX_NOTES 16
/* A message names at most this many modules of a dependency chain (one
 * more rather than "… 1 more …"): a longer chain keeps its first and last
 * CHAIN_SHOWN / 2 around "… N more …".
 * The finding's chain (JSON, SARIF) is always whole. */
#define CHAIN_SHOWN 12

/* What a note is for. The text report shows a finding's WHERE and FIX notes
 * (and the ORIGIN ones --objects asked for) by default, the DETAIL ones
 * with -v; the WHY is the rule's general
 * reason, printed once per run (--explain RULE prints it in full). */
enum note_kind {
  NOTE_DETAIL,
  NOTE_WHERE, /* whose block it is, how big, where the file is */
  NOTE_FIX,   /* the one fix that applies to this library */
  NOTE_WHY,
  NOTE_ORIGIN, /* --objects: the member that brought it in (asked for) */
};

/* Which sentence a finding's message is (report/messages.c writes it from
 * the finding's facts). MESSAGE_TEXT: the message was given as text. */
enum message_form {
  MESSAGE_TEXT,
  MESSAGE_OWN_BLOCK,              /* count, reloc_types, block_size/align */
  MESSAGE_OWN_NO_PT_TLS,          /* count, reloc_types */
  MESSAGE_IMPORTED_UNKNOWN,       /* count, reloc_types, symbol, symversion */
  MESSAGE_REACHES_LIBC,           /* count, reloc_types, symbol, owner */
  MESSAGE_DEPENDENCY_OWN,         /* chain, count, reloc_types, owner, block */
  MESSAGE_DEPENDENCY,             /* chain, count, reloc_types, module, symbol,
                                     owner, block */
  MESSAGE_FLAG_ONLY,              /* the root is DF_STATIC_TLS */
  MESSAGE_FLAG_ONLY_DEPENDENCY,   /* chain */
  MESSAGE_TLSDESC,                /* count, reloc_name, arch_name */
  MESSAGE_UNKNOWN_MACHINE,        /* machine, elf64 */
  MESSAGE_STARTUP_MODULE,         /* module, count */
  MESSAGE_NOT_FOUND,              /* chain */
  MESSAGE_TLSDESC_UNSUPPORTED,    /* loader, arch_name, module, count */
  MESSAGE_TLSDESC_VECTOR_HAZARD,  /* target, release */
  MESSAGE_GNU2_TLS_VERSION_NEED,  /* name: the version, release, target */
  MESSAGE_MALLOC_DYNAMIC_TLS,     /* name: the function, release, target */
  MESSAGE_MALLOC_STATIC_TLS,      /* name: the function */
  MESSAGE_OBJECT_STATIC_TLS,      /* tls_model, count, reloc_types, symbol,
                                     functions */
  MESSAGE_OBJECT_UNKNOWN_MACHINE, /* machine */
  MESSAGE_VERSION_NOT_FOUND,      /* name: the version, module, owner */
  MESSAGE_DLOPEN_WILL_FAIL,       /* loader: the file's prediction for it */
  MESSAGE_DEPENDENCY_LOOP,        /* module: the requester; names: what it
                                   * needs, already on the path */
  MESSAGE_PACKAGE_NOT_FOUND,      /* names: the dependencies a package
                                     neither ships nor finds */
};

/* A thread-local variable of the block a finding is about. */
struct finding_var {
  char *name;
  uint64_t size;
  char *file; /* NULL without DWARF */
  unsigned line;
  bool reached; /* reached by the static TLS relocations */
};

struct allow_entry; /* tlsguard/policy.h */

struct finding {
  enum rule_id rule;
  enum severity severity;
  char *message;
  char *notes[FINDING_MAX_NOTES];
  unsigned char note_kinds[FINDING_MAX_NOTES]; /* enum note_kind */
  size_t n_notes;
  /* Structured facts, for JSON and SARIF consumers. */
  char *symbol; /* NULL: the module's own block */
  const char *reloc_name;
  uint64_t reloc_count;
  char *block_owner; /* path of the module whose block becomes static */
  uint64_t block_size, block_align;
  char **chain; /* importing module first, block owner last; any length */
  size_t chain_len, chain_cap;
  const struct allow_entry *allowed; /* the entry that downgraded it */
  char *allowed_by; /* its words, "pattern (origin)" (report_words) */
  struct finding_var *vars;
  size_t n_vars;
  const char *vars_source; /* "DWARF", ".symtab", ".dynsym" */
  /* The facts the message is written from (see enum message_form). */
  enum message_form form;
  uint64_t count;    /* relocations (or descriptors) the message counts */
  char *reloc_types; /* "R_X86_64_TPOFF64", or "A/B" when a group mixes */
  char *module;      /* the module holding the relocations, by name */
  char *owner;       /* the block's module, by name */
  char *symversion;
  const char *arch_name;
  enum loader_kind loader;
  uint32_t machine;
  bool elf64;
  char *name;      /* a version or function the message names */
  char *functions; /* "f, g": the functions holding the accesses */
  const char *tls_model;
  struct libc_target target;   /* the target range judged */
  struct libc_release release; /* the release in it the finding is about */
  char **names;                /* the modules the message lists */
  size_t n_names;
};

/* The process a prediction is for. */
enum host_kind {
  HOST_NO_C_LIBRARY,   /* nothing known to start from */
  HOST_PROGRAM,        /* --host */
  HOST_LIBC_ONLY,      /* a program linked only to the C library */
  HOST_LIBC_NOT_FOUND, /* the same, its C library not found */
};

/* One LD_PRELOAD entry, and whether it was found (else ld.so ignores it). */
struct preload_fact {
  char *name;
  bool found;
};

/* A loader's verdict on loading the file late: the facts (the report layer
 * words them, prediction_words). */
struct load_prediction {
  bool computed;
  enum loader_kind loader;
  bool loads;
  uint64_t needed;    /* bytes of static TLS the load takes */
  uint64_t available; /* bytes the loader had left */
  struct load_failure failure;
  struct stopgap stopgap_facts;
  struct static_tls_user *users; /* earlier late modules holding static TLS */
  size_t n_users;
  enum host_kind host_kind;
  char *host_path;
  struct preload_fact *preloads;
  size_t n_preloads;
};

/* One library of the dependency closure, as --verbose and JSON list it. */
struct dependency {
  char *name;                      /* the DT_NEEDED string */
  char *path;                      /* where it was found */
  char *needed_by;                 /* the module whose DT_NEEDED named it */
  enum resolved_how found_through; /* unless preloaded */
  bool preloaded;                  /* already loaded at start-up */
};

struct cached_module;

struct file_report {
  char *path;
  enum verdict verdict;
  char *error; /* VERDICT_ERROR: why the input could not be read */
  const struct elf_module *module; /* NULL on error */
  /* With the closure: the module as the module cache holds it. */
  const struct cached_module *cached;
  /* A package member: its name inside the package (path is the package's
   * path, '!', that name); NULL for a file named on its own. */
  const char *member;
  struct elf_module *owned_module; /* the module, when not from the cache */
  struct finding *findings;
  size_t n_findings, cap_findings;
  struct load_prediction predictions[LOADER_KIND_COUNT];
  struct dependency *deps;
  size_t n_deps;
  bool deps_checked;      /* the closure was followed */
  bool is_package;        /* the report for a package as a whole */
  size_t package_members; /* its ELF members (each has its own report) */
};

void report_init(struct file_report *r, const char *path);
void report_free(struct file_report *r);

/* Which sentence a note is, written from the facts given (messages.c). */
enum note_form {
  SAY_ORIGIN_OBJECT,     /* name: object, count, text: relocation type,
                            symbol, text2: functions, text3: TLS model */
  SAY_ORIGIN_NONE,       /* count: objects read; flag: variables known */
  SAY_VARIABLES_UNKNOWN, /* name: the library's soname, or NULL */
  SAY_VARIABLES_REACHED, /* the finding's vars; name: where from */
  SAY_VARIABLES_OTHERS,  /* the finding's vars; flag: from DWARF */
  SAY_WHY_SURPLUS,       /* number: glibc's surplus, number2: FreeBSD's */
  SAY_FIX_KNOWN_LIBRARY, /* name: the library, text: its switch */
  SAY_FIX_PLUGIN,        /* name: the module, or NULL */
  SAY_PLUGIN_REWRITES,
  SAY_REACHED_THROUGH, /* text: the symbols, quoted */
  SAY_REACHED_LOCAL,
  SAY_MARKED_STATIC_TLS,
  SAY_UNDEFINED_IN_CLOSURE, /* symbol */
  SAY_NO_DEPS,              /* flag: --no-deps (else an ar archive's member) */
  SAY_OWNER_IS,             /* name, path */
  SAY_FLAG_ONLY,
  SAY_NOT_FOUND_WHERE, /* name: the requester, text: what it needs */
  SAY_SEARCH_PROBLEM,  /* search: the candidate the search passed over */
  SAY_FIX_NOT_FOUND,
  SAY_FIX_TLSDESC_UNSUPPORTED,
  SAY_FIX_TLSDESC_HAZARD, /* the finding's release */
  SAY_FIX_GNU2_TLS_NEED,
  SAY_FIX_MALLOC_DYNAMIC_TLS,
  SAY_LOADER_REFUSES_VERSION,  /* loader, name: the library's path, text:
                                  the version, path: the requirer's path */
  SAY_OBJECT_NEEDS_STATIC_TLS, /* symbol */
  SAY_FIX_OBJECT,              /* symbol */
  SAY_LOADER_CAPS_ROW,         /* row: the capability it cites */
  SAY_GNU2_TLS_STAMPED,        /* where GLIBC_ABI_GNU2_TLS comes from */
  SAY_FIX_GNU2_TLS_MISSING,    /* name: the module that needs it */
  SAY_FIX_VERSION_NOT_FOUND,   /* name: the library, text: the version */
  SAY_DEBUGINFO_PROBLEM,       /* debuginfo: variables with a problem */
  SAY_NEEDED_BY_MEMBERS,       /* name: a dependency, count: the members
                                  needing it, text: the first of them */
  SAY_FIX_PACKAGE_NOT_FOUND,   /* count: the dependencies not found */
};

struct tls_variables;
struct search_problem; /* resolve/search_path.h */

struct note_facts {
  const char *name, *path, *symbol, *text, *text2, *text3;
  const char *const *names; /* symbols, quoted in a list */
  size_t n_names;
  uint64_t count, number, number2;
  bool flag;
  enum loader_kind loader;
  const struct loader_caps_row *row;
  const struct tls_variables *debuginfo;
  const struct search_problem *search;
};

/* A note's sentence alone, for a tool that writes its own lines
 * (tlsguard-trace says the plugin fix in tlsguard-lint's words); NULL when
 * there is nothing to say. Not for the forms that speak of a finding's
 * variables or release. The caller frees it. */
char *note_words(enum note_form form, const struct note_facts *facts);

/* The setting or preload that makes a failed load work ("GLIBC_TUNABLES=
 * glibc.rtld.optional_static_tls=N", ...); NULL for STOPGAP_NONE. The
 * caller frees it. tlsguard-lint and tlsguard-trace say it the same way. */
char *stopgap_text(const struct stopgap *s);

struct lint_policy;
/* --print-target: the target range and, per architecture, the model the
 * tlsguard plugin rewrites to and why (the capability table's words). */
void print_target(FILE *out, const struct lint_policy *p);

#endif
