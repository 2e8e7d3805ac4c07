/* GCC's entry points in tlsguard.so. GCC looks up plugin_is_GPL_compatible
 * and plugin_init in the object named by -fplugin=, which is this selector,
 * not the build it loads. The selector's constructor has already loaded
 * tlsguard-gcc-N.so for the gcc major in this process (or refused), so
 * plugin_init only hands the call over to that build's own plugin_init.
 * In clang these symbols are never looked up. */
#include "selector.h"

#include <stdio.h>
#include <stdlib.h>

/* GCC refuses a plugin without it. tlsguard is GPL-compatible (see
 * LICENSE); the GCC build carries the same symbol. */
__attribute__((visibility("default"))) int plugin_is_GPL_compatible;

/* The arguments are GCC's struct plugin_name_args and plugin_gcc_version;
 * the selector passes them through untouched and needs neither layout. */
typedef int gcc_plugin_init_fn(void *info, void *version);

int plugin_init(void *info, void *version);

__attribute__((visibility("default"))) int plugin_init(void *info,
                                                       void *version) {
  gcc_plugin_init_fn *init;
  *(void **)&init = selector_build_symbol("plugin_init");
  if (!init) {
    fprintf(stderr, "tlsguard: error: the loaded tlsguard build exports no "
                    "plugin_init\ntlsguard: note: it is not a GCC plugin "
                    "build; rebuild tlsguard\n");
    return 1;
  }
  return init(info, version);
}
