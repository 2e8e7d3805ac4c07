#include "tlsguard/debuginfo.h"
#include "sources/debuginfo.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/dynsym.h"
#include "elf/elf_module.h"
#include "tlsguard/report.h"

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
                    bool offset_known, uint64_t die, unsigned line) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->vars[i].name, name) && v->vars[i].offset == offset)
      return; /* the same variable seen from another unit */
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->vars = xrealloc(v->vars, v->cap * sizeof *v->vars);
  }
  v->vars[v->n++] =
      (struct tls_variable){xstrdup(name), linkage ? xstrdup(linkage) : NULL,
                            size,          offset,
                            offset_known,  NULL,
                            line,          die};
}

struct walk {
  struct tls_variables *out;
  size_t dies;
  bool into_functions;
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
          dwarf_dieoffset(die), line > 0 ? (unsigned)line : 0);
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
    /* Definitions with static storage sit in units and namespaces (a
     * class's static member is defined there too, by DW_AT_specification);
     * only a function-local static needs the bodies, and types never. */
    bool scope = tag == DW_TAG_namespace || tag == DW_TAG_module;
    bool body = tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block ||
                tag == DW_TAG_inlined_subroutine;
    if (dwarf_haschildren(&child) && (scope || (w->into_functions && body)))
      walk_children(w, &child, depth + 1);
  } while (dwarf_siblingof(&child, &child) == 0);
}

static void walk_dwarf(Dwarf *dw, struct tls_variables *out,
                       bool into_functions) {
  struct walk w = {out, 0, into_functions};
  Dwarf_Off off = 0, next;
  size_t hsize;
  int r;
  while ((r = dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) == 0) {
    Dwarf_Die cu;
    if (dwarf_offdie(dw, off + hsize, &cu))
      walk_children(&w, &cu, 0);
    off = next;
  }
  if (r < 0 && !out->problem) { /* the second walk meets it again */
    out->problem = DEBUGINFO_DAMAGED;
    out->problem_detail = xstrdup(dwarf_errmsg(-1));
  }
}

static bool add_symbol(void *ctx, const char *name, uint64_t offset,
                       uint64_t size) {
  add_var(ctx, name, NULL, size, offset, true, 0, 0);
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
    const char *name;
    if (dynsym_get(m, i, &sym, &name) && GELF_ST_TYPE(sym.st_info) == STT_TLS &&
        sym.st_shndx != SHN_UNDEF && *name)
      add_var(out, name, NULL, sym.st_size, sym.st_value, true, 0, 0);
  }
  if (out->n)
    out->source = TLS_VARS_DYNSYM;
}

/* The GNU build-id from a PT_NOTE segment, as lowercase hex; false when
 * there is none. */
static bool build_id_hex(const struct elf_module *m, Elf *elf, char *out,
                         size_t outlen) {
  size_t phnum;
  if (!elf || elf_getphdrnum(elf, &phnum) != 0)
    return false;
  for (size_t i = 0; i < phnum; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_NOTE)
      continue;
    if (ph.p_offset > m->size || ph.p_filesz > m->size - ph.p_offset)
      continue;
    Elf_Data *d = elf_getdata_rawchunk(elf, (int64_t)ph.p_offset, ph.p_filesz,
                                       ELF_T_NHDR);
    size_t off = 0, name_off, desc_off;
    GElf_Nhdr nh;
    while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
      if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
          memcmp((const char *)d->d_buf + name_off, "GNU", 4) ||
          nh.n_descsz < 2 || nh.n_descsz * 2 + 1 > outlen)
        continue;
      const unsigned char *id = (const unsigned char *)d->d_buf + desc_off;
      for (size_t k = 0; k < nh.n_descsz; k++)
        snprintf(out + 2 * k, 3, "%02x", id[k]);
      return true;
    }
  }
  return false;
}

/* A place libdwfl would open: a regular file it may read, or one it must
 * not be let near -- libdwfl opens candidates with a plain open(), which
 * waits forever on a FIFO. */
struct debug_candidates {
  char *special; /* the first candidate that is not a regular file */
  mode_t special_mode;
};

static bool exists(struct debug_candidates *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return false;
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    if (!c->special) {
      c->special = xstrdup(path);
      c->special_mode = st.st_mode;
    }
    return false;
  }
  return access(path, R_OK) == 0;
}

/* Whether a separate debug file can be there at all: libdwfl's search is
 * thorough and costs milliseconds, so it only runs when one of the places
 * it looks at holds a file (a few stat calls for the common case of none). */
static bool debug_file_may_exist(const struct elf_module *m, Elf *elf,
                                 const char *on_disk_path, const char *root,
                                 const char *dirs, struct debug_candidates *c) {
  char id[256];
  bool have_id = build_id_hex(m, elf, id, sizeof id);
  const char *link = NULL;
  size_t shstrndx;
  Elf_Scn *scn = NULL;
  if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0)
    while ((scn = elf_nextscn(elf, scn))) {
      GElf_Shdr sh;
      const char *name;
      if (gelf_getshdr(scn, &sh) &&
          (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
          !strcmp(name, ".gnu_debuglink")) {
        /* A NOBITS section has a size and no bytes (d_buf is NULL). */
        Elf_Data *d = elf_getdata(scn, NULL);
        if (d && d->d_buf && d->d_size && memchr(d->d_buf, '\0', d->d_size))
          link = d->d_buf;
        break;
      }
    }
  if (!have_id && !link)
    return false;
  char *dir = xstrdup(on_disk_path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    strcpy(dir, ".");
  bool found = false;
  if (link) {
    char *a = xasprintf("%s/%s", dir, link),
         *b = xasprintf("%s/.debug/%s", dir, link);
    /* Every candidate is looked at, to find a special file among them. */
    bool in_dir = exists(c, a), in_dot_debug = exists(c, b);
    found = in_dir || in_dot_debug;
    free(a);
    free(b);
  }
  char *copy = xstrdup(dirs);
  for (char *save = NULL, *d = strtok_r(copy, ":", &save); d;
       d = strtok_r(NULL, ":", &save)) {
    const char *prefix = root && strcmp(root, "/") ? root : "";
    if (have_id) {
      char *p =
          xasprintf("%s%s/.build-id/%.2s/%s.debug", prefix, d, id, id + 2);
      found |= exists(c, p);
      free(p);
    }
    if (link) {
      char *p =
          xasprintf("%s%s%s/%s", prefix, d, dir[0] == '/' ? dir : "", link);
      found |= exists(c, p);
      free(p);
    }
  }
  free(copy);
  free(dir);
  return found;
}

/* Whether everything the caller wants is among the variables found. */
static bool all_found(const struct tls_variables *v,
                      const struct tls_wanted *want) {
  if (!want)
    return false;
  for (size_t i = 0; i < want->n_offsets; i++)
    if (!tls_variable_at(v, want->offsets[i]))
      return false;
  for (size_t i = 0; i < want->n_names; i++)
    if (!tls_variable_named(v, want->names[i]))
      return false;
  return true;
}

static int by_offset(const void *a, const void *b) {
  const struct tls_variable *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool is_wanted(const struct tls_variable *t,
                      const struct tls_wanted *want) {
  for (size_t i = 0; i < want->n_offsets; i++)
    if (t->offset_known && want->offsets[i] >= t->offset &&
        want->offsets[i] - t->offset < (t->size ? t->size : 1))
      return true;
  for (size_t i = 0; i < want->n_names; i++)
    if (!strcmp(t->name, want->names[i]) ||
        (t->linkage && !strcmp(t->linkage, want->names[i])))
      return true;
  return false;
}

static Dwarf_Off unit_of(Dwarf_Die *die) {
  Dwarf_Die cu;
  return dwarf_diecu(die, &cu, NULL, NULL) ? dwarf_dieoffset(&cu)
                                           : (Dwarf_Off)-1;
}

/* The declaring files (see the header): the wanted variables', then the
 * others' that share a unit with one, whose line table is decoded by then. */
static void resolve_files(Dwarf *dw, const struct tls_wanted *want,
                          struct tls_variables *out) {
  if (out->n > 1)
    qsort(out->vars, out->n, sizeof *out->vars, by_offset);
  Dwarf_Off *units = xcalloc(out->n + 1, sizeof *units);
  size_t n_units = 0;
  for (int pass = 0; pass < (want ? 2 : 1); pass++)
    for (size_t i = 0; i < out->n; i++) {
      struct tls_variable *t = &out->vars[i];
      Dwarf_Die die;
      if (t->file || !dwarf_offdie(dw, t->die, &die))
        continue;
      if (want && pass == 0 && !is_wanted(t, want))
        continue;
      if (pass == 1) {
        Dwarf_Off u = unit_of(&die);
        size_t k = 0;
        while (k < n_units && units[k] != u)
          k++;
        if (k == n_units)
          continue;
      }
      const char *file = decl_file(&die);
      if (file)
        t->file = xstrdup(file);
      if (want && pass == 0)
        units[n_units++] = unit_of(&die);
    }
  free(units);
}

/* Scopes first, function bodies only when something is missing. */
static void read_dwarf(Dwarf *dw, const struct tls_wanted *want,
                       struct tls_variables *out) {
  if (want)
    walk_dwarf(dw, out, false);
  if (!want || !all_found(out, want))
    walk_dwarf(dw, out, true);
  resolve_files(dw, want, out);
}

void tls_variables_find(const struct elf_module *m, const char *on_disk_path,
                        const char *root, const char *debug_dirs,
                        const struct tls_wanted *want,
                        struct tls_variables *out) {
  memset(out, 0, sizeof *out);
  /* DWARF in the module itself, through a handle of this call's own. */
  Elf *elf = elf_module_sections(m);
  Dwarf *dw = elf ? dwarf_begin_elf(elf, DWARF_C_READ, NULL) : NULL;
  if (dw) {
    read_dwarf(dw, want, out);
    dwarf_end(dw);
    if (out->n)
      out->source = TLS_VARS_DWARF;
  }
  /* A separate debug file: libdwfl looks it up by build-id and debuglink. */
  struct debug_candidates special = {NULL, 0};
  bool may_exist = !out->n && on_disk_path &&
                   debug_file_may_exist(
                       m, elf, on_disk_path, root,
                       debug_dirs ? debug_dirs : "/usr/lib/debug", &special);
  if (special.special) {
    /* Not searched at all: libdwfl would try the special file too. */
    if (!out->problem) {
      out->problem = DEBUGINFO_NOT_REGULAR;
      out->problem_path = special.special;
      out->problem_mode = special.special_mode;
    } else {
      free(special.special);
    }
    may_exist = false;
  }
  if (may_exist) {
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
        read_dwarf(sep, want, out);
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
  if (elf)
    elf_end(elf);
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
  free(v->problem_path);
  free(v->problem_detail);
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
