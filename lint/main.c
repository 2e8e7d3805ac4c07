/* tlsguard-lint: the command line. Options are documented in
 * docs/man/tlsguard-lint.1; keep the two in step. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "inputs.h"
#include "lint_run.h"
#include "output.h"
#include "policy.h"
#include "tlsguard/tls_abi.h"

static void usage(FILE *out) {
  fputs(
      "Usage: tlsguard-lint [OPTION]... FILE|DIR|@LIST...\n"
      "Check shared objects for thread-local storage that needs the static TLS "
      "block,\n"
      "which makes a late dlopen (Python import, ctypes, plugins) fail.\n"
      "\n"
      "Inputs: files, directories (walked recursively, ELF found by magic), "
      "and\n"
      "@LIST files naming one path per line (@- reads standard input).\n"
      "\n"
      "Output:\n"
      "  -f, --format=FORMAT       text (default), json or sarif\n"
      "  -o, --output=FILE         write the report to FILE\n"
      "  -v, --verbose             also show ok files, notes and allow-listed "
      "findings\n"
      "Policy:\n"
      "      --fail-on=LEVEL       fail on error (default), warning, note, or "
      "never\n"
      "      --allow-soname=GLOB   accept static TLS in libraries whose soname "
      "(or file\n"
      "                            name) matches GLOB; repeatable\n"
      "      --allow-symbol=GLOB   accept static TLS reached through TLS "
      "symbols matching\n"
      "                            GLOB; repeatable\n"
      "      --config=FILE         read policy from FILE (default: "
      "$TLSGUARD_CONFIG, else\n"
      "                            the nearest .tlsguard from the working "
      "directory up)\n"
      "      --no-config           read no config file\n"
      "Loader model:\n"
      "      --glibc-tunables=VAL  model glibc with this GLIBC_TUNABLES value, "
      "e.g.\n"
      "                            glibc.rtld.optional_static_tls=4096\n"
      "Other:\n"
      "  -j, --jobs=N              lint on N threads (default: one per core)\n"
      "      --list-archs          list the architectures tlsguard knows and "
      "exit\n"
      "  -h, --help                show this help and exit\n"
      "  -V, --version             show the version and exit\n"
      "\n"
      "Exit status: 0 no finding at or above the failing level, 1 findings,\n"
      "2 usage error or an input that could not be read (other inputs are "
      "still checked).\n",
      out);
}

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
};

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"verbose", no_argument, NULL, 'v'},
    {"jobs", required_argument, NULL, 'j'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"allow-soname", required_argument, NULL, OPT_ALLOW_SONAME},
    {"allow-symbol", required_argument, NULL, OPT_ALLOW_SYMBOL},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"glibc-tunables", required_argument, NULL, OPT_GLIBC_TUNABLES},
    {"list-archs", no_argument, NULL, OPT_LIST_ARCHS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void list_archs(void) {
  unsigned n;
  const struct tls_arch *a = tls_arch_list(&n);
  for (unsigned i = 0; i < n; i++)
    printf("%-14s e_machine %-4u ELFCLASS%u  TLS variant %s\n", a[i].name,
           a[i].e_machine, a[i].elf_class == 2 ? 64 : 32,
           a[i].variant == TLS_VARIANT_1 ? "I" : "II");
}

int main(int argc, char **argv) {
  struct output_options out_opts = {FORMAT_TEXT, false};
  const char *output_path = NULL, *config_path = NULL;
  bool no_config = false;
  long jobs = sysconf(_SC_NPROCESSORS_ONLN);

  /* Pass 1: options that decide where the policy comes from, and checks of
   * every value; pass 2 applies policy options over the config file. */
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":f:o:vj:hV", long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'f':
      if (!strcmp(optarg, "text"))
        out_opts.format = FORMAT_TEXT;
      else if (!strcmp(optarg, "json"))
        out_opts.format = FORMAT_JSON;
      else if (!strcmp(optarg, "sarif"))
        out_opts.format = FORMAT_SARIF;
      else
        return usage_error("unknown format '%s' (expected text, json or sarif)",
                           optarg);
      break;
    case 'o':
      output_path = optarg;
      break;
    case 'v':
      out_opts.verbose = true;
      break;
    case 'j': {
      char *end;
      jobs = strtol(optarg, &end, 10);
      if (*end || jobs < 1 || jobs > 1024)
        return usage_error("--jobs wants a number from 1 to 1024, not '%s'",
                           optarg);
      break;
    }
    case OPT_CONFIG:
      config_path = optarg;
      break;
    case OPT_NO_CONFIG:
      no_config = true;
      break;
    case OPT_FAIL_ON:
    case OPT_ALLOW_SONAME:
    case OPT_ALLOW_SYMBOL:
    case OPT_GLIBC_TUNABLES:
      break;
    case OPT_LIST_ARCHS:
      list_archs();
      return 0;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("tlsguard-lint %s\n", TLSGUARD_VERSION);
      return 0;
    case ':':
      return usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
      return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return usage_error("no input files");

  struct lint_policy policy;
  policy_init(&policy);
  char *discovered = NULL;
  if (!config_path && !no_config)
    config_path = discovered = config_discover();
  if (config_path) {
    char err[4200];
    if (!config_load(&policy, config_path, err, sizeof err)) {
      fprintf(stderr, "%s\n", err);
      free(discovered);
      policy_free(&policy);
      return LINT_EXIT_ERROR;
    }
  }
  free(discovered);

  optind = 0;
  while ((c = getopt_long(argc, argv, ":f:o:vj:hV", long_options, NULL)) !=
         -1) {
    switch (c) {
    case OPT_FAIL_ON:
      if (!policy_parse_fail_on(&policy, optarg)) {
        policy_free(&policy);
        return usage_error(
            "--fail-on wants error, warning, note or never, not '%s'", optarg);
      }
      break;
    case OPT_ALLOW_SONAME:
      allow_list_add(&policy.sonames, optarg, "--allow-soname");
      break;
    case OPT_ALLOW_SYMBOL:
      allow_list_add(&policy.symbols, optarg, "--allow-symbol");
      break;
    case OPT_GLIBC_TUNABLES: {
      char err[256];
      if (!loader_options_apply_glibc_tunables(&policy.loader, optarg, err,
                                               sizeof err)) {
        policy_free(&policy);
        return usage_error("%s", err);
      }
      break;
    }
    default:
      break;
    }
  }

  FILE *out = stdout;
  if (output_path && !(out = fopen(output_path, "w"))) {
    perror(output_path);
    policy_free(&policy);
    return LINT_EXIT_ERROR;
  }

  struct input_list inputs = {0};
  for (int i = optind; i < argc; i++)
    inputs_expand(&inputs, argv[i]);
  enum lint_exit status =
      lint_run(&inputs, &policy, &out_opts, out, (unsigned)jobs);
  inputs_free(&inputs);
  policy_free(&policy);
  if (out != stdout && fclose(out) != 0) {
    perror(output_path);
    return LINT_EXIT_ERROR;
  }
  return status;
}
