/* tlsguard-lint: the command line. The options are the rows of
 * options.def; tests/tools/check-lint-options keeps docs/man/tlsguard-lint.1
 * and docs/lint.md in step with them. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "options.h"
#include "tlsguard/inputs.h"
#include "tlsguard/lint_run.h"
#include "tlsguard/objects_index.h"
#include "tlsguard/output.h"
#include "tlsguard/policy.h"
#include "tlsguard/tls_abi.h"

/* --help: these lines, the option table's (options.def), then the tail. */
static const char usage_head[] =
    "Usage: tlsguard-lint [OPTION]... FILE|DIR|@LIST...\n"
    "Check shared objects for thread-local storage that needs the static TLS\n"
    "block, which makes a late dlopen (Python import, ctypes, plugins) fail.\n"
    "\n"
    "Inputs: files, directories (walked recursively, ELF found by magic),\n"
    "and @LIST files naming one path per line (@- reads standard input).\n"
    "\n";

static const char usage_tail[] =
    "\n"
    "Exit status: 0 no finding at or above the failing level, 1 findings,\n"
    "2 usage error or an input that could not be read (the other inputs\n"
    "are still checked), or a report that could not be written.\n";

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("tlsguard-lint: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'tlsguard-lint --help' for more information.\n", stderr);
  return LINT_EXIT_ERROR;
}

static void list_archs(void) {
  unsigned n;
  const struct tls_arch *a = tls_arch_list(&n);
  for (unsigned i = 0; i < n; i++)
    printf("%-14s e_machine %-4u ELFCLASS%u  TLS variant %s\n", a[i].name,
           a[i].e_machine, a[i].elf_class == 2 ? 64 : 32,
           a[i].variant == TLS_VARIANT_1 ? "I" : "II");
}

/* The last word: output that could not be written turns any status into
 * 2, with a message naming the destination. */
static int finish(int status, struct output_dest *dest) {
  if (dest->f && !output_dest_close(dest))
    status = LINT_EXIT_ERROR;
  if (fflush(stderr) != 0 || ferror(stderr))
    status = LINT_EXIT_ERROR; /* nowhere left to say why */
  return status;
}

static void list_rules(void) {
  for (int i = 0; i < RULE_COUNT; i++) {
    const struct rule *r = rule_get((enum rule_id)i);
    printf("%-24s %-8s %s\n", r->id, severity_name(r->severity), r->title);
  }
}

/* --explain: the catalogue's entry and its page. */
static int explain_rule(const char *id) {
  enum rule_id rule;
  if (!rule_find(id, &rule))
    return usage_error("unknown rule '%s' (tlsguard-lint --list-rules lists "
                       "them)",
                       id);
  const struct rule *r = rule_get(rule);
  char *uri = rule_help_uri(rule);
  printf("%s (%s by default): %s\n\n%s\n\nEvery fix, with an example: %s\n"
         "Silence it: --disable=%s, or [rules] disable = %s in .tlsguard\n",
         r->id, severity_name(r->severity), r->title, r->help, uri, r->id,
         r->id);
  free(uri);
  return 0;
}

/* What pass 1 collects: options that say where the policy comes from and
 * how to print, checked before anything is read. */
struct cli {
  struct output_options out;
  const char *output_path;
  const char *config_path;
  bool no_config;
  bool print_target;
  long jobs;
};

/* "--jobs wants a number from 1 to 1024, not '0'": the row says what. */
static int bad_value(enum lint_option_id id, const char *value) {
  return usage_error("--%s wants %s, not '%s'", lint_options[id].name,
                     lint_options[id].expects, value);
}

static int next_option(int argc, char **argv) {
  return getopt_long(argc, argv, lint_short_options(), lint_long_options(),
                     NULL);
}

/* Pass 1: the EARLY options of the table. Returns -1 to go on, else the
 * exit status. */
static int parse_pass1(int argc, char **argv, struct cli *cli) {
  int c;
  opterr = 0;
  while ((c = next_option(argc, argv)) != -1) {
    if (c == ':')
      return usage_error("option '%s' needs a value", argv[optind - 1]);
    enum lint_option_id id = lint_option_from_getopt(c);
    if (id == OPT_COUNT)
      return usage_error("unknown option '%s'", argv[optind - 1]);
    switch (id) {
    case OPT_FORMAT:
      if (!strcmp(optarg, "text"))
        cli->out.format = FORMAT_TEXT;
      else if (!strcmp(optarg, "json"))
        cli->out.format = FORMAT_JSON;
      else if (!strcmp(optarg, "sarif"))
        cli->out.format = FORMAT_SARIF;
      else if (!strcmp(optarg, "short"))
        cli->out.format = FORMAT_SHORT;
      else
        return usage_error(
            "unknown format '%s' (expected text, short, json or sarif)",
            optarg);
      break;
    case OPT_OUTPUT:
      cli->output_path = optarg;
      break;
    case OPT_VERBOSE:
      cli->out.verbose = true;
      break;
    case OPT_JOBS: {
      char *end;
      cli->jobs = strtol(optarg, &end, 10);
      if (*end || cli->jobs < 1 || cli->jobs > 1024)
        return bad_value(id, optarg);
      break;
    }
    case OPT_CONFIG:
      cli->config_path = optarg;
      break;
    case OPT_NO_CONFIG:
      cli->no_config = true;
      break;
    case OPT_PRINT_TARGET:
      cli->print_target = true;
      break;
    case OPT_LIST_ARCHS:
      list_archs();
      return 0;
    case OPT_LIST_RULES:
      list_rules();
      return 0;
    case OPT_EXPLAIN:
      return explain_rule(optarg);
    case OPT_HELP:
      fputs(usage_head, stdout);
      lint_options_print_help(stdout);
      fputs(usage_tail, stdout);
      return 0;
    case OPT_VERSION:
      printf("tlsguard-lint %s\n", TLSGUARD_VERSION);
      return 0;
    default:
      break; /* a POLICY option: applied in pass 2 */
    }
  }
  if (optind >= argc && !cli->print_target)
    return usage_error("no input files");
  return -1;
}

/* Pass 2: the POLICY options, applied over the config file. Returns -1 to
 * go on, else the exit status. */
static int parse_pass2(int argc, char **argv, struct lint_policy *policy,
                       struct search_config *search,
                       struct objects_index *objects) {
  struct option_targets t = {
      .policy = policy, .search = search, .objects = objects};
  int c;
  optind = 0;
  while ((c = next_option(argc, argv)) != -1) {
    enum lint_option_id id = lint_option_from_getopt(c);
    if (id == OPT_COUNT || lint_options[id].stage != STAGE_POLICY)
      continue;
    char origin[64], err[4200];
    snprintf(origin, sizeof origin, "--%s", lint_options[id].name);
    struct option_site site = {origin, false};
    switch (option_apply(id, optarg, &site, &t, err, sizeof err)) {
    case OPTION_APPLIED:
      break;
    case OPTION_BAD_VALUE:
      return bad_value(id, optarg);
    case OPTION_ERROR:
      return usage_error("%s", err);
    }
  }
  if (policy->load_order && !policy->deps)
    return usage_error(
        "--load-order needs the dependency closure; drop --no-deps");
  /* This shell's LD_LIBRARY_PATH describes this machine, not a sysroot. */
  const char *ld_library_path = t.ld_library_path, *preload = t.preload;
  if (!t.ld_library_path_set && !search->root)
    ld_library_path = getenv("LD_LIBRARY_PATH");
  if (ld_library_path)
    search_config_set_ld_library_path(search, ld_library_path);
  if (!t.preload_set && !search->root)
    preload = getenv("LD_PRELOAD");
  if (preload)
    search_config_set_preload(search, preload);
  return -1;
}

/* The library aborts on allocation failure unless told otherwise; the
 * command line ends like any other error: a message and exit status 2. */
static void exit_out_of_memory(void) {
  fputs("tlsguard-lint: error: out of memory\n", stderr);
  exit(LINT_EXIT_ERROR);
}

/* Like clang's -disable-free: the run's modules -- thousands of parsed
 * files and their maps -- are left to the exit, which frees the address
 * space at once; freeing them one by one ran on the printing thread after
 * every worker had finished (about 4% of a -j2 corpus run, perf record). A
 * leak-checked build frees them, so that a leak still shows. */
#if defined(__SANITIZE_ADDRESS__)
#define LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAK_CHECKED 1
#endif
#endif
#ifndef LEAK_CHECKED
#define LEAK_CHECKED 0
#endif

int main(int argc, char **argv) {
  lint_set_out_of_memory_handler(exit_out_of_memory);
  struct cli cli = {.out = {FORMAT_TEXT, false},
                    .jobs = sysconf(_SC_NPROCESSORS_ONLN)};
  /* --help, --version and --list-archs print in pass 1: checked like a
   * report. */
  struct output_dest dest = {stdout, "standard output", "the output", 0};
  int status = parse_pass1(argc, argv, &cli);
  if (status >= 0)
    return finish(status, &dest);
  dest.what = "the report";
  /* A closed stdout: say so now, before a file opened later takes fd 1. */
  if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
    dest.f = NULL;
    if (!cli.output_path) {
      fprintf(stderr,
              "tlsguard-lint: error: cannot write the report to standard "
              "output: %s\n",
              strerror(errno));
      status = LINT_EXIT_ERROR;
    }
  }

  struct lint_policy policy;
  policy_init(&policy);
  struct search_config search;
  search_config_init(&search);
  struct lint_context *ctx = NULL;
  char *discovered = NULL;
  const char *config_path = cli.config_path;
  if (!config_path && !cli.no_config)
    config_path = discovered = config_discover();
  char err[4200];
  if (config_path && !config_load(&policy, config_path, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    status = LINT_EXIT_ERROR;
  }
  free(discovered);
  struct objects_index objects = {0};
  if (status < 0)
    status = parse_pass2(argc, argv, &policy, &search, &objects);
  /* An unreadable --objects path is an error, but the inputs are still linted.
   */
  for (size_t i = 0; status < 0 && i < objects.n_errors; i++)
    fprintf(stderr, "tlsguard-lint: error: --objects: %s\n",
            text_name(objects.errors[i]));
  policy.debug_root = search.root;
  if (status < 0 && !policy.target_known) {
    /* The build machine's C library (or the sysroot's) and every newer one.
     * Without one, the target findings are left out. */
    policy.target_known =
        libc_target_default(search.root, &policy.target, err, sizeof err);
    if (!policy.target_known && cli.print_target) {
      fprintf(stderr, "tlsguard-lint: error: %s\n", err);
      status = LINT_EXIT_ERROR;
    }
  }
  if (status < 0 && cli.print_target) {
    print_target(stdout, &policy);
    status = 0;
  }

  if (status < 0) {
    search_config_finish(&search);
    ctx = lint_context_new(&policy, &search);
    char *why = policy.host ? lint_context_set_host(ctx, policy.host) : NULL;
    if (why) {
      fprintf(stderr, "tlsguard-lint: error: --host=%s: %s\n", policy.host,
              why);
      free(why);
      status = LINT_EXIT_ERROR;
    }
  }
  if (status < 0 && cli.output_path) {
    dest.name = cli.output_path;
    if (!(dest.f = fopen(cli.output_path, "w"))) {
      fprintf(stderr, "tlsguard-lint: error: %s: %s\n", cli.output_path,
              strerror(errno));
      status = LINT_EXIT_ERROR;
    }
  }
  if (status < 0) {
    struct input_list inputs = {.load_order = policy.load_order,
                                .jobs = (unsigned)cli.jobs};
    inputs_expand(&inputs, argv + optind, (size_t)(argc - optind));
    status = lint_run(&inputs, ctx, &cli.out, &dest, (unsigned)cli.jobs);
    if (objects.n_errors)
      status = LINT_EXIT_ERROR;
    inputs_free(&inputs);
  }
#if LEAK_CHECKED
  lint_context_free(ctx);
#endif
  search_config_free(&search);
  objects_index_free(&objects);
  policy_free(&policy);
  return finish(status, &dest);
}
