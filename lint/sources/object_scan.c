#include "tlsguard/object_scan.h"
#include "elf/elf_module.h"

#include <ar.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf_count.h"
#include "tlsguard/report.h"

struct function_sym {
  uint64_t value, size;
  size_t shndx;
  const char *name;
};

static void add_access(struct object_scan *s, const struct tls_access *a) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->accesses = xrealloc(s->accesses, s->cap * sizeof *s->accesses);
  }
  s->accesses[s->n++] = *a;
  if (tls_model_is_static(a->model))
    s->n_static++;
}

void object_scan_free(struct object_scan *s) {
  for (size_t i = 0; i < s->n; i++) {
    free(s->accesses[i].symbol);
    free(s->accesses[i].function);
    free(s->accesses[i].section);
  }
  free(s->accesses);
  memset(s, 0, sizeof *s);
}

/* Every function symbol, to name the function an access sits in. */
static size_t collect_functions(Elf *elf, Elf_Scn *symscn,
                                struct function_sym **out) {
  *out = NULL;
  GElf_Shdr sh;
  Elf_Data *d = elf_getdata(symscn, NULL);
  if (!gelf_getshdr(symscn, &sh))
    return 0;
  size_t n = elf_data_count(elf, d, ELF_T_SYM), count = 0;
  for (size_t i = 0; i < n; i++) {
    GElf_Sym sym;
    if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
      continue;
    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (!name || !*name)
      continue;
    *out = xrealloc(*out, (count + 1) * sizeof **out);
    (*out)[count++] =
        (struct function_sym){sym.st_value, sym.st_size, sym.st_shndx, name};
  }
  return count;
}

static const char *function_at(const struct function_sym *f, size_t n,
                               size_t shndx, uint64_t offset) {
  for (size_t i = 0; i < n; i++)
    if (f[i].shndx == shndx && offset >= f[i].value &&
        offset - f[i].value < f[i].size)
      return f[i].name;
  return NULL;
}

/* A local TLS variable reached through its section symbol plus an addend:
 * name it by the TLS symbol at that offset. */
static const char *tls_symbol_at(Elf *elf, Elf_Scn *symscn, size_t shndx,
                                 int64_t addend) {
  GElf_Shdr sh;
  Elf_Data *d = elf_getdata(symscn, NULL);
  if (!gelf_getshdr(symscn, &sh))
    return NULL;
  size_t n = elf_data_count(elf, d, ELF_T_SYM);
  for (size_t i = 0; i < n; i++) {
    GElf_Sym sym;
    if (gelf_getsym(d, (int)i, &sym) && GELF_ST_TYPE(sym.st_info) == STT_TLS &&
        sym.st_shndx == shndx && (int64_t)sym.st_value == addend)
      return elf_strptr(elf, sh.sh_link, sym.st_name);
  }
  return NULL;
}

/* Every relocation section's TLS accesses; false (out freed) at the first
 * section that cannot be read. */
static bool scan_sections(const struct elf_module *m, Elf *elf, size_t shstrndx,
                          struct object_scan *out, char *err, size_t errlen) {
  Elf_Scn *scn = NULL;
  while ((scn = elf_nextscn(elf, scn))) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) {
      snprintf(err, errlen, "cannot read a section header: %s", elf_errmsg(-1));
      object_scan_free(out);
      return false;
    }
    if (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL)
      continue;
    Elf_Scn *target = elf_getscn(elf, sh.sh_info);
    Elf_Scn *symscn = elf_getscn(elf, sh.sh_link);
    GElf_Shdr tsh, ssh;
    if (!target || !symscn || !gelf_getshdr(target, &tsh) ||
        !gelf_getshdr(symscn, &ssh)) {
      snprintf(err, errlen,
               "relocation section %zu names a section that does not exist",
               elf_ndxscn(scn));
      object_scan_free(out);
      return false;
    }
    if (!(tsh.sh_flags & SHF_ALLOC))
      continue; /* .debug_info and friends: locations, not accesses */
    Elf_Data *rd = elf_getdata(scn, NULL);
    Elf_Data *sd = elf_getdata(symscn, NULL);
    if (!rd || !sd) {
      snprintf(err, errlen, "cannot read relocation section %zu: %s",
               elf_ndxscn(scn), elf_errmsg(-1));
      object_scan_free(out);
      return false;
    }
    const char *tname = elf_strptr(elf, shstrndx, tsh.sh_name);
    struct function_sym *funcs = NULL;
    size_t nfuncs = 0;
    bool funcs_read = false;
    size_t n = elf_data_count(elf, rd,
                              sh.sh_type == SHT_RELA ? ELF_T_RELA : ELF_T_REL);
    size_t nsyms = elf_data_count(elf, sd, ELF_T_SYM);
    for (size_t i = 0; i < n; i++) {
      GElf_Rela r;
      if (sh.sh_type == SHT_RELA) {
        if (!gelf_getrela(rd, (int)i, &r))
          break;
      } else {
        GElf_Rel rel;
        if (!gelf_getrel(rd, (int)i, &rel))
          break;
        r.r_offset = rel.r_offset, r.r_info = rel.r_info, r.r_addend = 0;
      }
      uint32_t type = (uint32_t)GELF_R_TYPE(r.r_info);
      enum tls_model model = tls_obj_reloc_model(m->arch, type);
      if (model == TLS_MODEL_NONE)
        continue;
      GElf_Sym sym;
      const char *sname = NULL;
      size_t symndx = GELF_R_SYM(r.r_info);
      if (symndx < nsyms && gelf_getsym(sd, (int)symndx, &sym)) {
        if (GELF_ST_TYPE(sym.st_info) == STT_SECTION) {
          sname = tls_symbol_at(elf, symscn, sym.st_shndx, r.r_addend);
          if (!sname) {
            Elf_Scn *s = elf_getscn(elf, sym.st_shndx);
            GElf_Shdr ssh2;
            if (s && gelf_getshdr(s, &ssh2))
              sname = elf_strptr(elf, shstrndx, ssh2.sh_name);
          }
        } else {
          sname = elf_strptr(elf, ssh.sh_link, sym.st_name);
        }
      }
      if (!funcs_read) {
        nfuncs = collect_functions(elf, symscn, &funcs);
        funcs_read = true;
      }
      const char *fn = function_at(funcs, nfuncs, sh.sh_info, r.r_offset);
      struct tls_access a = {
          .model = model,
          .type = type,
          .type_name = tls_reloc_name(m->arch, type),
          .symbol = xstrdup(sname && *sname ? sname : "?"),
          .function = fn ? xstrdup(fn) : NULL,
          .section = xstrdup(tname ? tname : "?"),
          .offset = r.r_offset,
      };
      add_access(out, &a);
    }
    free(funcs);
  }
  return true;
}

bool object_scan(const struct elf_module *m, struct object_scan *out, char *err,
                 size_t errlen) {
  memset(out, 0, sizeof *out);
  Elf *elf = elf_module_sections(m);
  size_t shstrndx;
  bool ok = elf && elf_getshdrstrndx(elf, &shstrndx) == 0;
  if (!ok)
    snprintf(err, errlen, "cannot read the section header string table: %s",
             elf_errmsg(-1));
  else
    ok = scan_sections(m, elf, shstrndx, out, err, errlen);
  if (elf)
    elf_end(elf);
  return ok;
}

bool ar_archive_each(const char *path, void *image, size_t size,
                     archive_member_fn fn, void *ctx, Elf **archive, char *err,
                     size_t errlen) {
  *archive = NULL;
  if (size >= 8 && !memcmp(image, "!<thin>\n", 8)) {
    snprintf(err, errlen,
             "a thin archive: its members live in other files; lint those");
    return false;
  }
  elf_version(EV_CURRENT);
  Elf *ar = elf_memory(image, size);
  if (!ar || elf_kind(ar) != ELF_K_AR) {
    snprintf(err, errlen, "not a readable ar archive: %s", elf_errmsg(-1));
    if (ar)
      elf_end(ar);
    return false;
  }
  /* An archive of no members is whole: glibc ships libpthread.a and
   * librt.a as just the magic, and link lines name them. */
  if (size == SARMAG) {
    *archive = ar;
    return true;
  }
  Elf_Cmd cmd = ELF_C_READ_MMAP;
  Elf *member;
  bool ok = true;
  uint64_t end = SARMAG; /* where the last complete member ends */
  while ((member = elf_begin(-1, cmd, ar))) {
    /* The header belongs to the archive's cursor: copy the name before
     * elf_next moves it. */
    Elf_Arhdr *h = elf_getarhdr(member);
    char *name = xstrdup(h && h->ar_name ? h->ar_name : "?");
    /* libelf clamps a member cut short to what is there; the header's own
     * ar_size field says what should be. */
    int64_t hdr_off = elf_getaroff(member);
    if (hdr_off >= 0 && (uint64_t)hdr_off + sizeof(struct ar_hdr) <= size) {
      const struct ar_hdr *raw =
          (const struct ar_hdr *)((const char *)image + hdr_off);
      char digits[sizeof raw->ar_size + 1];
      memcpy(digits, raw->ar_size, sizeof raw->ar_size);
      digits[sizeof raw->ar_size] = '\0';
      uint64_t declared = strtoull(digits, NULL, 10);
      end = (uint64_t)hdr_off + sizeof(struct ar_hdr) + declared;
      if (end > size) {
        snprintf(err, errlen,
                 "archive member %s is cut short: it declares %" PRIu64
                 " bytes, %" PRIu64 " are there",
                 name, declared,
                 (uint64_t)(size - (size_t)hdr_off - sizeof(struct ar_hdr)));
        ok = false;
      }
      end += declared & 1;
    }
    cmd = elf_next(member);
    if (!h || !strcmp(name, "/") || !strcmp(name, "//") ||
        !strcmp(name, "/SYM64/") || elf_kind(member) != ELF_K_ELF) {
      free(name);
      elf_end(member);
      if (cmd == ELF_C_NULL)
        break;
      continue;
    }
    char *label = xasprintf("%s(%s)", path, name);
    struct elf_module *m = xcalloc(1, sizeof *m);
    char merr[512];
    enum module_error e =
        elf_module_open_elf(m, label, member, merr, sizeof merr);
    fn(ctx, name, m, e, merr); /* takes m */
    free(label);
    free(name);
    if (cmd == ELF_C_NULL)
      break;
  }
  /* elf_next says ELF_C_NULL after the last member; stopping earlier means a
   * member header libelf could not read. */
  if (!ok) {
    /* err names the member cut short */
  } else if (cmd != ELF_C_NULL) {
    snprintf(err, errlen, "archive ends early or is damaged: %s",
             elf_errmsg(-1));
    ok = false;
  } else if (end < size) {
    /* libelf stops quietly at a member header cut short. */
    snprintf(err, errlen,
             "archive ends early or is damaged: %zu bytes after the last "
             "complete member",
             size - (size_t)end);
    ok = false;
  }
  *archive = ar;
  return ok;
}
