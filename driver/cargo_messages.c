/* JSON is parsed with jansson (Debian libjansson-dev): a small, strict
 * RFC 8259 parser with a plain C API and no dependencies of its own. */
#include "cargo_messages.h"

#include <jansson.h>
#include <string.h>

void cargo_outputs_init(struct cargo_outputs *o) {
  strvec_init(&o->libraries);
  strvec_init(&o->native_dirs);
}

void cargo_outputs_free(struct cargo_outputs *o) {
  strvec_free(&o->libraries);
  strvec_free(&o->native_dirs);
}

static void push_unique(struct strvec *v, const char *s) {
  for (size_t i = 0; i < v->len; i++)
    if (!strcmp(v->items[i], s))
      return;
  strvec_push(v, s);
}

static bool array_has_string(json_t *array, const char *want) {
  size_t i;
  json_t *item;
  json_array_foreach(array, i, item) {
    if (json_is_string(item) && !strcmp(json_string_value(item), want))
      return true;
  }
  return false;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static void read_artifact(json_t *msg, struct cargo_outputs *o) {
  json_t *target = json_object_get(msg, "target");
  json_t *types = json_object_get(target, "crate_types");
  if (!json_is_array(types))
    types = json_object_get(target, "kind");
  if (!json_is_array(types) ||
      !(array_has_string(types, "cdylib") || array_has_string(types, "dylib")))
    return;
  size_t i;
  json_t *name;
  json_array_foreach(json_object_get(msg, "filenames"), i, name) {
    if (json_is_string(name) && ends_with(json_string_value(name), ".so"))
      push_unique(&o->libraries, json_string_value(name));
  }
}

/* "native=/path", "all=/path", or a bare path. */
static void read_build_script(json_t *msg, struct cargo_outputs *o) {
  size_t i;
  json_t *path;
  json_array_foreach(json_object_get(msg, "linked_paths"), i, path) {
    if (!json_is_string(path))
      continue;
    const char *p = json_string_value(path);
    const char *eq = strchr(p, '=');
    if (eq && p[0] != '/')
      p = eq + 1;
    push_unique(&o->native_dirs, p);
  }
}

bool cargo_message_read(const char *line, struct cargo_outputs *o) {
  const char *p = line + strspn(line, " \t");
  if (*p != '{')
    return false;
  json_t *msg = json_loads(p, 0, NULL);
  if (!json_is_object(msg)) {
    json_decref(msg);
    return false;
  }
  const char *reason = json_string_value(json_object_get(msg, "reason"));
  if (reason && !strcmp(reason, "compiler-artifact"))
    read_artifact(msg, o);
  else if (reason && !strcmp(reason, "build-script-executed"))
    read_build_script(msg, o);
  json_decref(msg);
  return true;
}
