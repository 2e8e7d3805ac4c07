/* tlsguard-lint's option table (options.def) turned into what getopt_long,
 * --help and the config file reader need, and the one switch that applies a
 * policy option whether it came from the command line or from .tlsguard. */
#include "options.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/loader_caps.h"
#include "tlsguard/report.h"

const struct lint_option lint_options[OPT_COUNT] = {
#define TLSGUARD_LINT_OPTION(Id, Name, Short, Arg, Metavar, Stage, Section,    \
                             Key, Expects, Help)                               \
  [OPT_##Id] = {.name = Name,                                                  \
                .short_name = Short,                                           \
                .arg = ARG_##Arg,                                              \
                .metavar = Metavar,                                            \
                .stage = STAGE_##Stage,                                        \
                .section = Section,                                            \
                .key = Key,                                                    \
                .expects = Expects,                                            \
                .help = Help},
#include "options.def"
};

/* getopt_long returns the short letter for an option that has one (either
 * spelling), else 256 + its row: above every char, as getopt expects. */
#define GETOPT_CODE(Short, Id) ((Short) ? (Short) : 256 + (Id))

static const struct option long_options[] = {
#define TLSGUARD_LINT_OPTION(Id, Name, Short, Arg, ...)                        \
  {Name, ARG_##Arg, NULL, GETOPT_CODE(Short, OPT_##Id)},
#include "options.def"
    {NULL, 0, NULL, 0},
};

const struct option *lint_long_options(void) { return long_options; }

const char *lint_short_options(void) {
  /* ':' first: a missing value is reported as ':', not as '?'. Each
   * option adds at most its letter and "::". */
  static char text[1 + 3 * OPT_COUNT + 1];
  if (text[0])
    return text;
  char *p = text;
  *p++ = ':';
  for (int i = 0; i < OPT_COUNT; i++) {
    const struct lint_option *o = &lint_options[i];
    if (!o->short_name)
      continue;
    *p++ = o->short_name;
    if (o->arg != ARG_NONE)
      *p++ = ':';
    if (o->arg == ARG_OPTIONAL)
      *p++ = ':';
  }
  *p = '\0';
  return text;
}

enum lint_option_id lint_option_from_getopt(int c) {
  if (c >= 256 && c < 256 + OPT_COUNT)
    return (enum lint_option_id)(c - 256);
  if (c <= 0 || c >= 256)
    return OPT_COUNT;
  for (int i = 0; i < OPT_COUNT; i++)
    if (lint_options[i].short_name == c)
      return (enum lint_option_id)i;
  return OPT_COUNT;
}

/* --help: the options in table order, a group title before each group. */
static const struct help_item {
  const char *group; /* a title, or NULL for an option */
  enum lint_option_id id;
} help_items[] = {
#define TLSGUARD_LINT_OPTION_GROUP(Title) {Title, OPT_COUNT},
#define TLSGUARD_LINT_OPTION(Id, ...) {NULL, OPT_##Id},
#include "options.def"
};

enum { HELP_COLUMN = 28 }; /* where the text of every option starts */

static void print_option_help(FILE *out, const struct lint_option *o) {
  int n = o->short_name ? fprintf(out, "  -%c, --%s", o->short_name, o->name)
                        : fprintf(out, "      --%s", o->name);
  if (o->arg == ARG_REQUIRED)
    n += fprintf(out, "=%s", o->metavar);
  else if (o->arg == ARG_OPTIONAL)
    n += fprintf(out, "[=%s]", o->metavar);
  /* At least two spaces before the text; a long option has its own line. */
  if (n > HELP_COLUMN - 2) {
    fputc('\n', out);
    n = 0;
  }
  fprintf(out, "%*s", HELP_COLUMN - n, "");
  for (const char *s = o->help; *s; s++) {
    fputc(*s, out);
    if (*s == '\n')
      fprintf(out, "%*s", HELP_COLUMN, "");
  }
  fputc('\n', out);
}

void lint_options_print_help(FILE *out) {
  for (size_t i = 0; i < sizeof help_items / sizeof *help_items; i++) {
    const struct help_item *item = &help_items[i];
    if (item->group)
      fprintf(out, "%s\n", item->group);
    else if (lint_options[item->id].help)
      print_option_help(out, &lint_options[item->id]);
  }
}

/* The distinct sections of the table, sorted; NULL-terminated. */
static const char *const *config_sections(void) {
  static const char *sections[OPT_COUNT + 1];
  if (sections[0])
    return sections;
  size_t n = 0;
  for (int i = 0; i < OPT_COUNT; i++) {
    const char *s = lint_options[i].section;
    if (!s)
      continue;
    size_t at = 0;
    while (at < n && strcmp(sections[at], s) < 0)
      at++;
    if (at < n && !strcmp(sections[at], s))
      continue;
    memmove(&sections[at + 1], &sections[at], (n - at) * sizeof *sections);
    sections[at] = s;
    n++;
  }
  return sections;
}

bool lint_config_section_known(const char *section) {
  for (const char *const *s = config_sections(); *s; s++)
    if (!strcmp(*s, section))
      return true;
  return false;
}

const char *lint_config_sections_text(void) {
  static char text[512];
  if (text[0])
    return text;
  const char *const *s = config_sections();
  size_t len = 0;
  for (size_t i = 0; s[i]; i++) {
    const char *sep = i == 0 ? "" : s[i + 1] ? ", " : " or ";
    len += (size_t)snprintf(text + len, sizeof text - len, "%s[%s]", sep, s[i]);
    if (len >= sizeof text)
      break;
  }
  return text;
}

enum lint_option_id lint_option_from_config(const char *section,
                                            const char *key) {
  for (int i = 0; i < OPT_COUNT; i++) {
    const struct lint_option *o = &lint_options[i];
    if (o->section && !strcmp(o->section, section) && !strcmp(o->key, key))
      return (enum lint_option_id)i;
  }
  return OPT_COUNT;
}

static bool parse_count(const char *s, uint64_t *out, uint64_t max) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-' || v > max)
    return false;
  *out = v;
  return true;
}

/* "512", "64K", "100M", "1G". */
static bool parse_size(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || s[0] == '-')
    return false;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k')
    shift = 10, end++;
  else if (*end == 'M' || *end == 'm')
    shift = 20, end++;
  else if (*end == 'G' || *end == 'g')
    shift = 30, end++;
  if (*end || v > (UINT64_MAX >> shift) || v == 0)
    return false;
  *out = (uint64_t)v << shift;
  return true;
}

static void replace_string(char **slot, const char *value) {
  free(*slot);
  *slot = xstrdup(value);
}

enum option_result option_apply(enum lint_option_id id, const char *value,
                                const struct option_site *site,
                                struct option_targets *t, char *err,
                                size_t errlen) {
  struct lint_policy *policy = t->policy;
  switch (id) {
  case OPT_FAIL_ON:
    return policy_parse_fail_on(policy, value) ? OPTION_APPLIED
                                               : OPTION_BAD_VALUE;
  case OPT_GATE:
    return policy_parse_gate(policy, value) ? OPTION_APPLIED : OPTION_BAD_VALUE;
  case OPT_ALLOW_SONAME:
    allow_list_add(&policy->sonames, value, site->origin);
    return OPTION_APPLIED;
  case OPT_ALLOW_SYMBOL:
    allow_list_add(&policy->symbols, value, site->origin);
    return OPTION_APPLIED;
  case OPT_DEPS:
    policy->deps = true;
    return OPTION_APPLIED;
  case OPT_NO_DEPS:
    policy->deps = false;
    return OPTION_APPLIED;
  case OPT_SYSROOT:
    replace_string(&t->search->root, value);
    return OPTION_APPLIED;
  case OPT_LIBRARY_PATH:
    search_config_add_library_path(t->search, value);
    return OPTION_APPLIED;
  case OPT_LD_LIBRARY_PATH:
    t->ld_library_path = value;
    t->ld_library_path_set = true;
    return OPTION_APPLIED;
  case OPT_PRELOAD:
    t->preload = value;
    t->preload_set = true;
    return OPTION_APPLIED;
  case OPT_HWCAPS:
    search_config_set_hwcaps(t->search, value);
    return OPTION_APPLIED;
  case OPT_PLATFORM:
    replace_string(&t->search->platform, value);
    return OPTION_APPLIED;
  case OPT_LOADER:
    return policy_parse_loaders(policy, value) ? OPTION_APPLIED
                                               : OPTION_BAD_VALUE;
  case OPT_HOST:
    replace_string(&policy->host, value);
    return OPTION_APPLIED;
  case OPT_LOAD_ORDER:
    policy->load_order = true;
    return OPTION_APPLIED;
  case OPT_GLIBC_TUNABLES:
    return loader_options_apply_glibc_tunables(&policy->loader, value, err,
                                               errlen)
               ? OPTION_APPLIED
               : OPTION_ERROR;
  case OPT_AUDIT_MODULES:
    return parse_count(value, &policy->loader.glibc_audit_modules, 16)
               ? OPTION_APPLIED
               : OPTION_BAD_VALUE;
  case OPT_FREEBSD_STATIC_TLS_EXTRA:
    return parse_count(value, &policy->loader.freebsd_static_tls_extra,
                       1ull << 30)
               ? OPTION_APPLIED
               : OPTION_BAD_VALUE;
  case OPT_TARGET_LIBC:
    if (!libc_target_parse(value, &policy->target, err, errlen))
      return OPTION_ERROR;
    /* A config file names the line; the command line leaves the origin as
     * the parser set it. */
    if (site->config) {
      replace_string(&policy->target_origin, site->origin);
      policy->target.origin = policy->target_origin;
    }
    policy->target_known = true;
    return OPTION_APPLIED;
  case OPT_OBJECTS:
    objects_index_add(t->objects, value);
    policy->objects = t->objects;
    return OPTION_APPLIED;
  case OPT_DEBUG_DIR:
    if (!policy->debug_dirs) {
      policy->debug_dirs = xstrdup(value);
    } else {
      char *joined = xasprintf("%s:%s", policy->debug_dirs, value);
      free(policy->debug_dirs);
      policy->debug_dirs = joined;
    }
    return OPTION_APPLIED;
  case OPT_MAX_MEMBER_SIZE:
    return parse_size(value, &policy->limits.max_member) ? OPTION_APPLIED
                                                         : OPTION_BAD_VALUE;
  case OPT_DISABLE: {
    char bad[128];
    if (policy_disable_rules(policy, value, bad, sizeof bad))
      return OPTION_APPLIED;
    snprintf(err, errlen,
             "%sunknown rule '%s' (tlsguard-lint --list-rules lists them)",
             site->config ? "" : "--disable: ", bad);
    return OPTION_ERROR;
  }
  default:
    /* An EARLY option: main.c's first pass applied it. */
    return OPTION_APPLIED;
  }
}
