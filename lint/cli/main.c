/* tlsguard-lint: the command line. Options are documented in
 * docs/man/tlsguard-lint.1; keep the two in step. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tlsguard/inputs.h"
#include "tlsguard/lint_context.h"
#include "tlsguard/lint_run.h"
#include "tlsguard/objects_index.h"
#include "tlsguard/output.h"
#include "tlsguard/policy.h"
#include "tlsguard/target_findings.h"
#include "tlsguard/tls_abi.h"

static const char usage_text[] =
    "Usage: tlsguard-lint [OPTION]... FILE|DIR|@LIST...\n"
    "Check shared objects for thread-local storage that needs the static TLS\n"
    "block, which makes a late dlopen (Python import, ctypes, plugins) fail.\n"
    "\n"
    "Inputs: files, directories (walked recursively, ELF found by magic),\n"
    "and @LIST files naming one path per line (@- reads standard input).\n"
    "\n"
    "Output:\n"
    "  -f, --format=FORMAT       text (default), short (one line per "
    "finding),\n"
    "                            json or sarif\n"
    "  -o, --output=FILE         write the report to FILE\n"
    "  -v, --verbose             also show ok files, relocations, notes and\n"
    "                            allow-listed findings\n"
    "Policy:\n"
    "      --fail-on=LEVEL       fail on error (default), warning, note, "
    "never\n"
    "      --gate=GATE           strict (default): any static TLS block "
    "fails;\n"
    "                            predict: fail only when a late dlopen is\n"
    "                            predicted to fail\n"
    "      --allow-soname=GLOB   accept static TLS in libraries whose soname\n"
    "                            (or file name) matches GLOB; repeatable\n"
    "      --allow-symbol=GLOB   accept static TLS reached through TLS "
    "symbols\n"
    "                            matching GLOB; repeatable\n"
    "      --config=FILE         read policy from FILE (default: "
    "$TLSGUARD_CONFIG,\n"
    "                            else the nearest .tlsguard upward)\n"
    "      --no-config           read no config file\n"
    "Dependencies (followed by default):\n"
    "      --no-deps             judge each file alone\n"
    "      --sysroot=DIR         resolve dependencies inside DIR (a cross\n"
    "                            sysroot, an unpacked wheel)\n"
    "  -L, --library-path=DIR    also search DIR, as an LD_LIBRARY_PATH entry\n"
    "      --ld-library-path=P   LD_LIBRARY_PATH to model (default: the\n"
    "                            environment's; none with --sysroot)\n"
    "      --platform=NAME       what $PLATFORM expands to\n"
    "      --preload=LIST        LD_PRELOAD to model (default: the\n"
    "                            environment's; none with --sysroot)\n"
    "      --hwcaps=LIST         glibc-hwcaps subdirectories searched, best\n"
    "                            first, or none (default: this CPU's\n"
    "                            x86-64 levels; none with --sysroot)\n"
    "Loader model:\n"
    "      --loader=LIST         glibc, musl, freebsd or all, comma-separated\n"
    "                            (default: the loader the file is built for)\n"
    "      --host=EXE            the program that dlopens (default: one "
    "linked\n"
    "                            only to the C library)\n"
    "      --load-order          the inputs are dlopened in this order into "
    "one\n"
    "                            process: which fails first, who used the "
    "space\n"
    "      --glibc-tunables=VAL  a GLIBC_TUNABLES value, e.g.\n"
    "                            glibc.rtld.optional_static_tls=4096\n"
    "      --audit-modules=N     glibc with N LD_AUDIT modules\n"
    "      --freebsd-static-tls-extra=N\n"
    "                            FreeBSD rtld with LD_STATIC_TLS_EXTRA=N\n"
    "      --target-libc=LIBC    the oldest C library the output must run "
    "on:\n"
    "                            glibc-X.Y, musl-X.Y, freebsd-N, "
    "manylinux_2_N,\n"
    "                            musllinux_1_N (default: the build "
    "machine's)\n"
    "      --print-target        show the target range and the TLS model it\n"
    "                            asks for, per architecture, and exit\n"
    "Where static TLS came from:\n"
    "      --objects=PATH        the objects, archives (.a, .rlib) or build "
    "tree a\n"
    "                            library was linked from: name the members "
    "that\n"
    "                            brought static TLS in; repeatable\n"
    "      --debug-dir=DIR       where separate debug files are (default\n"
    "                            /usr/lib/debug; under --sysroot)\n"
    "Packages (.whl, .tar.*, .deb, .conda), read in memory:\n"
    "      --max-member-size=N   largest member to read (default 1G; K, M, G)\n"
    "Other:\n"
    "  -j, --jobs=N              lint on N threads (default: one per core)\n"
    "      --list-archs          list the architectures tlsguard knows\n"
    "      --list-rules          list the rules: id, default severity, title\n"
    "      --explain=RULE        what a rule means, why it matters, every fix\n"
    "      --disable=RULE[,...]  do not report these rules; repeatable\n"
    "  -h, --help                show this help and exit\n"
    "  -V, --version             show the version and exit\n"
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

enum {
  OPT_FAIL_ON = 256,
  OPT_ALLOW_SONAME,
  OPT_ALLOW_SYMBOL,
  OPT_CONFIG,
  OPT_NO_CONFIG,
  OPT_GLIBC_TUNABLES,
  OPT_LIST_ARCHS,
  OPT_DEPS,
  OPT_NO_DEPS,
  OPT_SYSROOT,
  OPT_LD_LIBRARY_PATH,
  OPT_PLATFORM,
  OPT_LOADER,
  OPT_HOST,
  OPT_LOAD_ORDER,
  OPT_GATE,
  OPT_AUDIT_MODULES,
  OPT_FREEBSD_EXTRA,
  OPT_OBJECTS,
  OPT_DEBUG_DIR,
  OPT_MAX_MEMBER_SIZE,
  OPT_PRELOAD,
  OPT_HWCAPS,
  OPT_TARGET_LIBC,
  OPT_PRINT_TARGET,
  OPT_LIST_RULES,
  OPT_EXPLAIN,
  OPT_DISABLE,
};

static const char short_options[] = ":f:o:vj:L:hV";

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"verbose", no_argument, NULL, 'v'},
    {"jobs", required_argument, NULL, 'j'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"gate", required_argument, NULL, OPT_GATE},
    {"allow-soname", required_argument, NULL, OPT_ALLOW_SONAME},
    {"allow-symbol", required_argument, NULL, OPT_ALLOW_SYMBOL},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"deps", no_argument, NULL, OPT_DEPS},
    {"no-deps", no_argument, NULL, OPT_NO_DEPS},
    {"sysroot", required_argument, NULL, OPT_SYSROOT},
    {"library-path", required_argument, NULL, 'L'},
    {"ld-library-path", required_argument, NULL, OPT_LD_LIBRARY_PATH},
    {"platform", required_argument, NULL, OPT_PLATFORM},
    {"loader", required_argument, NULL, OPT_LOADER},
    {"host", required_argument, NULL, OPT_HOST},
    {"load-order", no_argument, NULL, OPT_LOAD_ORDER},
    {"glibc-tunables", required_argument, NULL, OPT_GLIBC_TUNABLES},
    {"audit-modules", required_argument, NULL, OPT_AUDIT_MODULES},
    {"freebsd-static-tls-extra", required_argument, NULL, OPT_FREEBSD_EXTRA},
    {"objects", required_argument, NULL, OPT_OBJECTS},
    {"debug-dir", required_argument, NULL, OPT_DEBUG_DIR},
    {"max-member-size", required_argument, NULL, OPT_MAX_MEMBER_SIZE},
    {"preload", required_argument, NULL, OPT_PRELOAD},
    {"hwcaps", required_argument, NULL, OPT_HWCAPS},
    {"target-libc", required_argument, NULL, OPT_TARGET_LIBC},
    {"print-target", no_argument, NULL, OPT_PRINT_TARGET},
    {"list-archs", no_argument, NULL, OPT_LIST_ARCHS},
    {"list-rules", no_argument, NULL, OPT_LIST_RULES},
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"disable", required_argument, NULL, OPT_DISABLE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

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

/* Pass 1. Returns -1 to go on, else the exit status. */
static int parse_pass1(int argc, char **argv, struct cli *cli) {
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'f':
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
    case 'o':
      cli->output_path = optarg;
      break;
    case 'v':
      cli->out.verbose = true;
      break;
    case 'j': {
      char *end;
      cli->jobs = strtol(optarg, &end, 10);
      if (*end || cli->jobs < 1 || cli->jobs > 1024)
        return usage_error("--jobs wants a number from 1 to 1024, not '%s'",
                           optarg);
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
    case 'h':
      fputs(usage_text, stdout);
      return 0;
    case 'V':
      printf("tlsguard-lint %s\n", TLSGUARD_VERSION);
      return 0;
    case ':':
      return usage_error("option '%s' needs a value", argv[optind - 1]);
    case '?':
      return usage_error("unknown option '%s'", argv[optind - 1]);
    default:
      break; /* applied in pass 2 */
    }
  }
  if (optind >= argc && !cli->print_target)
    return usage_error("no input files");
  return -1;
}

/* Pass 2: policy and search options, applied over the config file.
 * Returns -1 to go on, else the exit status. */
static int parse_pass2(int argc, char **argv, struct lint_policy *policy,
                       struct search_config *search,
                       struct objects_index *objects) {
  const char *ld_library_path = NULL, *preload = NULL;
  bool ld_library_path_set = false, preload_set = false;
  int c;
  optind = 0;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    char err[256];
    switch (c) {
    case OPT_FAIL_ON:
      if (!policy_parse_fail_on(policy, optarg))
        return usage_error(
            "--fail-on wants error, warning, note or never, not '%s'", optarg);
      break;
    case OPT_GATE:
      if (!policy_parse_gate(policy, optarg))
        return usage_error("--gate wants strict or predict, not '%s'", optarg);
      break;
    case OPT_ALLOW_SONAME:
      allow_list_add(&policy->sonames, optarg, "--allow-soname");
      break;
    case OPT_ALLOW_SYMBOL:
      allow_list_add(&policy->symbols, optarg, "--allow-symbol");
      break;
    case OPT_DEPS:
      policy->deps = true;
      break;
    case OPT_NO_DEPS:
      policy->deps = false;
      break;
    case OPT_SYSROOT:
      free(search->root);
      search->root = xstrdup(optarg);
      break;
    case 'L':
      search_config_add_library_path(search, optarg);
      break;
    case OPT_LD_LIBRARY_PATH:
      ld_library_path = optarg;
      ld_library_path_set = true;
      break;
    case OPT_PRELOAD:
      preload = optarg;
      preload_set = true;
      break;
    case OPT_HWCAPS:
      search_config_set_hwcaps(search, optarg);
      break;
    case OPT_PLATFORM:
      free(search->platform);
      search->platform = xstrdup(optarg);
      break;
    case OPT_LOADER:
      if (!policy_parse_loaders(policy, optarg))
        return usage_error(
            "--loader wants glibc, musl, freebsd or all, not '%s'", optarg);
      break;
    case OPT_HOST:
      free(policy->host);
      policy->host = xstrdup(optarg);
      break;
    case OPT_LOAD_ORDER:
      policy->load_order = true;
      break;
    case OPT_GLIBC_TUNABLES:
      if (!loader_options_apply_glibc_tunables(&policy->loader, optarg, err,
                                               sizeof err))
        return usage_error("%s", err);
      break;
    case OPT_AUDIT_MODULES:
      if (!parse_count(optarg, &policy->loader.glibc_audit_modules, 16))
        return usage_error(
            "--audit-modules wants a number from 0 to 16, not '%s'", optarg);
      break;
    case OPT_OBJECTS:
      objects_index_add(objects, optarg);
      policy->objects = objects;
      break;
    case OPT_DEBUG_DIR:
      if (!policy->debug_dirs) {
        policy->debug_dirs = xstrdup(optarg);
      } else {
        char *joined = xasprintf("%s:%s", policy->debug_dirs, optarg);
        free(policy->debug_dirs);
        policy->debug_dirs = joined;
      }
      break;
    case OPT_DISABLE: {
      char bad[128];
      if (!policy_disable_rules(policy, optarg, bad, sizeof bad))
        return usage_error(
            "--disable: unknown rule '%s' (tlsguard-lint --list-rules lists "
            "them)",
            bad);
      break;
    }
    case OPT_MAX_MEMBER_SIZE:
      if (!parse_size(optarg, &policy->limits.max_member))
        return usage_error(
            "--max-member-size wants a size such as 512M, not '%s'", optarg);
      break;
    case OPT_TARGET_LIBC: {
      char why[512];
      if (!libc_target_parse(optarg, &policy->target, why, sizeof why))
        return usage_error("%s", why);
      policy->target_known = true;
      break;
    }
    case OPT_FREEBSD_EXTRA:
      if (!parse_count(optarg, &policy->loader.freebsd_static_tls_extra,
                       1ull << 30))
        return usage_error(
            "--freebsd-static-tls-extra wants a byte count, not '%s'", optarg);
      break;
    default:
      break;
    }
  }
  if (policy->load_order && !policy->deps)
    return usage_error(
        "--load-order needs the dependency closure; drop --no-deps");
  /* This shell's LD_LIBRARY_PATH describes this machine, not a sysroot. */
  if (!ld_library_path_set && !search->root)
    ld_library_path = getenv("LD_LIBRARY_PATH");
  if (ld_library_path)
    search_config_set_ld_library_path(search, ld_library_path);
  if (!preload_set && !search->root)
    preload = getenv("LD_PRELOAD");
  if (preload)
    search_config_set_preload(search, preload);
  return -1;
}

int main(int argc, char **argv) {
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
  struct lint_context ctx = {.policy = &policy};
  search_config_init(&ctx.search);
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
    status = parse_pass2(argc, argv, &policy, &ctx.search, &objects);
  /* An unreadable --objects path is an error, but the inputs are still linted.
   */
  for (size_t i = 0; status < 0 && i < objects.n_errors; i++)
    fprintf(stderr, "tlsguard-lint: error: --objects: %s\n",
            text_name(objects.errors[i]));
  policy.debug_root = ctx.search.root;
  if (status < 0 && !policy.target_known) {
    /* The build machine's C library (or the sysroot's) and every newer one.
     * Without one, the target findings are left out. */
    policy.target_known =
        libc_target_default(ctx.search.root, &policy.target, err, sizeof err);
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
    search_config_finish(&ctx.search);
    ctx.modules = module_cache_new();
    if (policy.host) {
      ctx.host = resolve_input(&ctx.search, ctx.modules, policy.host,
                               ctx.search.root != NULL);
      if (!ctx.host || !ctx.host->module) {
        char *why =
            ctx.host ? NULL : explain_path_in_root(&ctx.search, policy.host);
        fprintf(stderr, "tlsguard-lint: error: --host=%s: %s\n", policy.host,
                ctx.host ? ctx.host->error_message
                : why    ? why
                         : "no such file");
        free(why);
        status = LINT_EXIT_ERROR;
      }
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
    struct input_list inputs = {.load_order = policy.load_order};
    for (int i = optind; i < argc; i++)
      inputs_expand(&inputs, argv[i]);
    status = lint_run(&inputs, &ctx, &cli.out, &dest, (unsigned)cli.jobs);
    if (objects.n_errors)
      status = LINT_EXIT_ERROR;
    inputs_free(&inputs);
  }
  module_cache_free(ctx.modules);
  search_config_free(&ctx.search);
  objects_index_free(&objects);
  policy_free(&policy);
  return finish(status, &dest);
}
