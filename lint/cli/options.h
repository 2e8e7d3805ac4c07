/* tlsguard-lint's options, generated from options.def: the getopt tables,
 * --help, the .tlsguard keys and the code that applies a policy option from
 * either place. */
#ifndef TLSGUARD_CLI_OPTIONS_H
#define TLSGUARD_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tlsguard/objects_index.h"
#include "tlsguard/policy.h"
#include "tlsguard/search_config.h"

enum lint_option_id {
#define TLSGUARD_LINT_OPTION(Id, ...) OPT_##Id,
#include "options.def"
  OPT_COUNT
};

enum lint_option_arg {
  ARG_NONE = no_argument,
  ARG_REQUIRED = required_argument,
  ARG_OPTIONAL = optional_argument,
};

/* When an option takes effect: before the config file is read, or over it. */
enum lint_option_stage { STAGE_EARLY, STAGE_POLICY };

struct lint_option {
  const char *name; /* without "--" */
  char short_name;  /* 0: none */
  enum lint_option_arg arg;
  const char *metavar;
  enum lint_option_stage stage;
  const char *section, *key; /* in .tlsguard; NULL: not settable there */
  const char *expects;       /* what a bad value was expected to be */
  const char *help;          /* NULL: not listed in --help */
};

extern const struct lint_option lint_options[OPT_COUNT];

/* getopt_long's arguments, built once from the table. */
const char *lint_short_options(void);
const struct option *lint_long_options(void);

/* The row getopt_long's return value names, or OPT_COUNT for ':', '?' and
 * anything else that is not an option of the table. */
enum lint_option_id lint_option_from_getopt(int c);

/* The option lines of --help, grouped, in table order. */
void lint_options_print_help(FILE *out);

/* The .tlsguard sections, "[allow], [lint], [loader] or [rules]". */
const char *lint_config_sections_text(void);
bool lint_config_section_known(const char *section);

/* The row set by [section] key in .tlsguard, or OPT_COUNT. */
enum lint_option_id lint_option_from_config(const char *section,
                                            const char *key);

/* Where a value came from: the command line (origin "--NAME") or a line
 * of a config file (origin "path:line"). */
struct option_site {
  const char *origin;
  bool config;
};

/* What a POLICY option changes. search and objects may be NULL for a
 * config file, whose keys touch only the policy. */
struct option_targets {
  struct lint_policy *policy;
  struct search_config *search;
  struct objects_index *objects;
  const char *ld_library_path, *preload; /* applied after all options */
  bool ld_library_path_set, preload_set;
};

enum option_result {
  OPTION_APPLIED,
  OPTION_BAD_VALUE, /* the caller says what the row's Expects wanted */
  OPTION_ERROR,     /* err says why */
};

/* Apply one POLICY option, from the command line or a config file. */
enum option_result option_apply(enum lint_option_id id, const char *value,
                                const struct option_site *site,
                                struct option_targets *t, char *err,
                                size_t errlen);

#endif
