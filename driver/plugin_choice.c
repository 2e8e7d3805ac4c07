#include "plugin_choice.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builds.h"
#include "compiler_identity.h"
#include "diag.h"

static void identify(const struct real_compiler *rc, struct plugin_choice *p,
                     bool verbose) {
  if (p->identified)
    return;
  enum identity_source source;
  compiler_identity(rc->compiler_path, &p->id, &source);
  p->identified = true;
  if (!verbose)
    return;
  const char *how = source == IDENTITY_CACHED ? "cached" : "asked the compiler";
  if (p->id.compiler == HOST_UNKNOWN)
    diag_trace("compiler: %s is neither clang nor gcc (%s)", rc->compiler_path,
               how);
  else
    diag_trace("compiler: %s is %s %u (%s)", rc->compiler_path,
               host_compiler_name(p->id.compiler), p->id.major, how);
}

static bool has_build(const struct plugin_choice *p) {
  char path[PATH_MAX];
  return p->dir && p->id.compiler != HOST_UNKNOWN &&
         build_path(p->dir, &p->id, path, sizeof path) &&
         access(path, R_OK) == 0;
}

void plugin_choose(const struct real_compiler *rc,
                   const struct install_layout *self,
                   const struct driver_settings *s,
                   const struct command_line *cl, struct plugin_choice *p) {
  memset(p, 0, sizeof *p);
  if (!cl->c_family_input || cl->has_tlsguard_plugin || s->no_plugin) {
    if (s->verbose)
      diag_trace("plugin: not added (%s)",
                 !cl->c_family_input       ? "no C-family source to compile"
                 : cl->has_tlsguard_plugin ? "the command line names it"
                                           : "TLSGUARD_NO_PLUGIN");
    return;
  }
  p->dir = install_layout_plugin_dir(self);
  if (!p->dir) {
    if (s->verbose)
      diag_trace("plugin: not added (no tlsguard.so found)");
    return;
  }
  identify(rc, p, s->verbose);
  if (!has_build(p)) {
    if (s->verbose)
      diag_trace("plugin: not added (no build for %s %u in %s)",
                 host_compiler_name(p->id.compiler), p->id.major, p->dir);
    return;
  }
  p->selector = xasprintf("%s/tlsguard.so", p->dir);
  if (s->verbose)
    diag_trace("plugin: %s", p->selector);
}

void plugin_choice_free(struct plugin_choice *p) {
  free(p->dir);
  free(p->selector);
}

/* Why the code was not rewritten at compile time, as far as this driver
 * can tell from the compiler it runs. */
void plugin_explain(const struct real_compiler *rc,
                    const struct install_layout *self,
                    const struct driver_settings *s, struct plugin_choice *p) {
  if (s->no_plugin) {
    diag_note("TLSGUARD_NO_PLUGIN is set: nothing was rewritten at compile "
              "time");
    return;
  }
  if (!p->dir)
    p->dir = install_layout_plugin_dir(self);
  if (!p->dir) {
    diag_note("no tlsguard plugin was found (tlsguard.so in the lib "
              "directory beside %s's bin, or TLSGUARD_PLUGIN_DIR): nothing "
              "was rewritten at compile time",
              driver_name(rc->lang));
    return;
  }
  identify(rc, p, false);
  char builds[512];
  list_builds(p->dir, builds, sizeof builds);
  if (!has_build(p)) {
    if (p->id.compiler == HOST_UNKNOWN)
      diag_note("%s is neither clang nor gcc, so it gets no tlsguard plugin "
                "and its compiles are not rewritten; plugin builds in %s: %s",
                rc->compiler_path, p->dir, builds);
    else
      diag_note("%s is %s %u, which has no tlsguard plugin build, so its "
                "compiles are not rewritten; builds in %s: %s; compile with "
                "one of those (%s=...)",
                rc->compiler_path, host_compiler_name(p->id.compiler),
                p->id.major, p->dir, builds, compiler_variable(rc->lang));
    return;
  }
  diag_note("%s %u has the tlsguard plugin, so what it compiles through %s "
            "is rewritten; this static TLS comes from objects or archives "
            "compiled some other way, or kept on purpose (plugin mode=off or "
            "warn, allow=)",
            host_compiler_name(p->id.compiler), p->id.major,
            driver_name(rc->lang));
}
