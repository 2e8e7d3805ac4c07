#include "debuginfo.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Bounds for damaged DWARF: a real library has far fewer. */
#define MAX_DIE_DEPTH 64
#define MAX_DIES (50u * 1000u * 1000u)

const char *tls_var_source_name(enum tls_var_source s) {
  switch (s) {
  case TLS_VARS_DWARF:
    return "DWARF";
  case TLS_VARS_SYMTAB:
    return ".symtab";
  case TLS_VARS_DYNSYM:
    return ".dynsym";
  case TLS_VARS_NONE:
    break;
  }
  return "none";
}

static void add_var(struct tls_variables *v, const char *name,
                    const char *linkage, uint64_t size, uint64_t offset,
                    bool offset_known, const char *file, unsigned line) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->vars[i].name, name) && v->vars[i].offset == offset)
      return; /* the same variable seen from another unit */
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->vars = xrealloc(v->vars, v->cap * sizeof *v->vars);
  }
  v->vars[v->n++] = (struct tls_variable){
      xstrdup(name), linkage ? xstrdup(linkage) : NULL, size, offset,
      offset_known,  file ? xstrdup(file) : NULL,       line};
}

struct walk {
  struct tls_variables *out;
  size_t dies;
};

/* dwarf_decl_file, and DWARF 5's file index 0 (the unit's primary source
 * file), which libdw 0.188 does not accept. */
static const char *decl_file(Dwarf_Die *die) {
  const char *f = dwarf_decl_file(die);
  if (f)
    return f;
  Dwarf_Attribute attr;
  Dwarf_Word idx;
  Dwarf_Die cu;
  Dwarf_Files *files;
  size_t nfiles;
  if (!dwarf_attr_integrate(die, DW_AT_decl_file, &attr) ||
      dwarf_formudata(&attr, &idx) != 0 || !dwarf_diecu(die, &cu, NULL, NULL) ||
      dwarf_getsrcfiles(&cu, &files, &nfiles) != 0 || idx >= nfiles)
    return NULL;
  return dwarf_filesrc(files, idx, NULL, NULL);
}

static void visit_variable(struct walk *w, Dwarf_Die *die) {
  Dwarf_Attribute attr;
  if (!dwarf_attr(die, DW_AT_location, &attr))
    return;
  Dwarf_Op *ops;
  size_t nops;
  if (dwarf_getlocation(&attr, &ops, &nops) != 0)
    return;
  bool tls = false;
  uint64_t offset = 0;
  bool offset_known = false;
  for (size_t i = 0; i < nops; i++)
    if (ops[i].atom == DW_OP_form_tls_address ||
        ops[i].atom == DW_OP_GNU_push_tls_address) {
      tls = true;
      if (i > 0) {
        uint8_t prev = ops[i - 1].atom;
        if (prev == DW_OP_const8u || prev == DW_OP_const4u ||
            prev == DW_OP_constu || prev == DW_OP_addr) {
          offset = ops[i - 1].number;
          offset_known = true;
        }
      }
    }
  if (!tls)
    return;
  const char *name = dwarf_diename(die);
  Dwarf_Word size = 0;
  Dwarf_Attribute type_attr;
  Dwarf_Die type;
  if (dwarf_attr_integrate(die, DW_AT_type, &type_attr) &&
      dwarf_formref_die(&type_attr, &type) &&
      dwarf_aggregate_size(&type, &size) != 0)
    size = 0;
  int line = 0;
  dwarf_decl_line(die, &line);
  Dwarf_Attribute link_attr;
  const char *linkage = NULL;
  if (dwarf_attr_integrate(die, DW_AT_linkage_name, &link_attr) ||
      dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &link_attr))
    linkage = dwarf_formstring(&link_attr);
  add_var(w->out, name ? name : "?", linkage, size, offset, offset_known,
          decl_file(die), line > 0 ? (unsigned)line : 0);
}

static void walk_children(struct walk *w, Dwarf_Die *parent, int depth) {
  if (depth > MAX_DIE_DEPTH)
    return;
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0)
    return;
  do {
    if (++w->dies > MAX_DIES)
      return;
    int tag = dwarf_tag(&child);
    if (tag == DW_TAG_variable)
      visit_variable(w, &child);
    if (dwarf_haschildren(&child))
      walk_children(w, &child, depth + 1);
  } while (dwarf_siblingof(&child, &child) == 0);
}

static void walk_dwarf(Dwarf *dw, struct tls_variables *out) {
  struct walk w = {out, 0};
  Dwarf_Off off = 0, next;
  size_t hsize;
  int r;
  while ((r = dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) == 0) {
    Dwarf_Die cu;
    if (dwarf_offdie(dw, off + hsize, &cu))
      walk_children(&w, &cu, 0);
    off = next;
  }
  if (r < 0)
    out->problem =
        xasprintf("debug information is damaged: %s", dwarf_errmsg(-1));
}

static bool add_symbol(void *ctx, const char *name, uint64_t offset,
                       uint64_t size) {
  add_var(ctx, name, NULL, size, offset, true, NULL, 0);
  return false;
}

/* Symbols of type STT_TLS: st_value is the offset in the TLS segment. */
static void from_symbols(const struct elf_module *m,
                         struct tls_variables *out) {
  if (elf_module_each_tls_symbol(m, add_symbol, out)) {
    if (out->n)
      out->source = TLS_VARS_SYMTAB;
    return;
  }
  for (uint64_t i = 1; i < m->dynsym.nsyms; i++) {
    GElf_Sym sym;
    if (!gelf_getsym(m->dynsym.syms, (int)i, &sym) ||
        GELF_ST_TYPE(sym.st_info) != STT_TLS || sym.st_shndx == SHN_UNDEF)
      continue;
    const char *name = m->dynsym.strtab && sym.st_name < m->dynsym.strsz
                           ? m->dynsym.strtab + sym.st_name
                           : NULL;
    if (name && *name && memchr(name, '\0', m->dynsym.strsz - sym.st_name))
      add_var(out, name, NULL, sym.st_size, sym.st_value, true, NULL, 0);
  }
  if (out->n)
    out->source = TLS_VARS_DYNSYM;
}

static int by_offset(const void *a, const void *b) {
  const struct tls_variable *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

void tls_variables_find(const struct elf_module *m, const char *on_disk_path,
                        const char *root, const char *debug_dirs,
                        struct tls_variables *out) {
  memset(out, 0, sizeof *out);
  /* DWARF in the module itself. */
  Dwarf *dw = dwarf_begin_elf(m->elf, DWARF_C_READ, NULL);
  if (dw) {
    walk_dwarf(dw, out);
    dwarf_end(dw);
    if (out->n)
      out->source = TLS_VARS_DWARF;
  }
  /* A separate debug file: libdwfl looks it up by build-id and debuglink. */
  if (!out->n && on_disk_path) {
    char *path = NULL;
    const char *dirs = debug_dirs ? debug_dirs : "/usr/lib/debug";
    if (root && strcmp(root, "/")) {
      char *rooted = xstrdup("");
      char *copy = xstrdup(dirs);
      for (char *save = NULL, *d = strtok_r(copy, ":", &save); d;
           d = strtok_r(NULL, ":", &save)) {
        char *next = xasprintf("%s%s%s%s", rooted, *rooted ? ":" : "", root, d);
        free(rooted);
        rooted = next;
      }
      free(copy);
      path = xasprintf("+::.debug:%s", rooted);
      free(rooted);
    } else {
      path = xasprintf("+::.debug:%s", dirs);
    }
    Dwfl_Callbacks *cb = xcalloc(1, sizeof *cb);
    cb->find_elf = dwfl_build_id_find_elf;
    cb->find_debuginfo = dwfl_standard_find_debuginfo;
    cb->section_address = dwfl_offline_section_address;
    cb->debuginfo_path = &path;
    Dwfl *dwfl = dwfl_begin(cb);
    if (dwfl) {
      Dwfl_Module *mod =
          dwfl_report_offline(dwfl, on_disk_path, on_disk_path, -1);
      dwfl_report_end(dwfl, NULL, NULL);
      Dwarf_Addr bias;
      Dwarf *sep = mod ? dwfl_module_getdwarf(mod, &bias) : NULL;
      if (sep) {
        const char *debugfile = NULL;
        dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, NULL, &debugfile);
        walk_dwarf(sep, out);
        if (out->n) {
          out->source = TLS_VARS_DWARF;
          if (debugfile && strcmp(debugfile, on_disk_path))
            out->debug_file = xstrdup(debugfile);
        }
      }
      dwfl_end(dwfl);
    }
    free(cb);
    free(path);
  }
  if (!out->n)
    from_symbols(m, out);
  if (out->n > 1)
    qsort(out->vars, out->n, sizeof *out->vars, by_offset);
}

void tls_variables_free(struct tls_variables *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->vars[i].name);
    free(v->vars[i].linkage);
    free(v->vars[i].file);
  }
  free(v->vars);
  free(v->debug_file);
  free(v->problem);
  memset(v, 0, sizeof *v);
}

const struct tls_variable *tls_variable_at(const struct tls_variables *v,
                                           uint64_t offset) {
  for (size_t i = 0; i < v->n; i++) {
    const struct tls_variable *t = &v->vars[i];
    if (t->offset_known && offset >= t->offset &&
        offset - t->offset < (t->size ? t->size : 1))
      return t;
  }
  return NULL;
}

const struct tls_variable *tls_variable_named(const struct tls_variables *v,
                                              const char *name) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->vars[i].name, name) ||
        (v->vars[i].linkage && !strcmp(v->vars[i].linkage, name)))
      return &v->vars[i];
  return NULL;
}
