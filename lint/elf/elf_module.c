#include "tlsguard/elf_module.h"
#include "elf/dynsym.h"
#include "elf/elf_module.h"

#include <ar.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "elf/elf_count.h"
#include "elf/elf_fields.h"
#include "elf/file_buffer.h"
#include "elf/held_file.h"
#include "tlsguard/dynsym.h"
#include "tlsguard/loader_model.h"

/* Upper bound on program headers and dynamic entries we accept; real files
 * have tens. Anything above is a corrupted count, not a bigger file. */
#define MAX_PHDRS 4096
#define MAX_DYN_ENTRIES (1u << 20)

static enum module_error fail(char *err, size_t errlen, enum module_error code,
                              const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum module_error fail(char *err, size_t errlen, enum module_error code,
                              const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return code;
}

bool elf_module_each_tls_symbol(const struct elf_module *m, tls_symbol_fn fn,
                                void *ctx) {
  Elf *elf = elf_module_sections(m);
  Elf_Scn *scn = NULL;
  bool has_symtab = false;
  while (!has_symtab && elf && (scn = elf_nextscn(elf, scn))) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
      continue;
    has_symtab = true;
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t n = elf_data_count(elf, d, ELF_T_SYM);
    for (size_t i = 0; i < n; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(d, (int)i, &sym) ||
          GELF_ST_TYPE(sym.st_info) != STT_TLS || sym.st_shndx == SHN_UNDEF)
        continue;
      const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
      if (name && *name && fn(ctx, name, sym.st_value, sym.st_size))
        break;
    }
  }
  if (elf)
    elf_end(elf);
  return has_symtab;
}

const char *module_kind_name(enum module_kind kind) {
  switch (kind) {
  case MODULE_SHARED_OBJECT:
    return "shared-object";
  case MODULE_PIE_EXECUTABLE:
    return "pie-executable";
  case MODULE_EXECUTABLE:
    return "executable";
  case MODULE_RELOCATABLE:
    return "relocatable";
  case MODULE_OTHER:
    break;
  }
  return "other";
}

/* The PT_LOAD segments, kept only while parsing. */
struct load_map {
  GElf_Phdr *loads;
  size_t n;
};

static bool load_map_lookup(const struct load_map *lm, uint64_t vaddr,
                            uint64_t len, uint64_t *offset) {
  for (size_t i = 0; i < lm->n; i++) {
    const GElf_Phdr *p = &lm->loads[i];
    if (vaddr < p->p_vaddr || vaddr - p->p_vaddr >= p->p_filesz)
      continue;
    uint64_t rel = vaddr - p->p_vaddr;
    if (len > p->p_filesz - rel)
      return false;
    *offset = p->p_offset + rel;
    return true;
  }
  return false;
}

/* Bytes from vaddr to the end of its PT_LOAD's file image. */
static uint64_t load_map_extent(const struct load_map *lm, uint64_t vaddr) {
  for (size_t i = 0; i < lm->n; i++) {
    const GElf_Phdr *p = &lm->loads[i];
    if (vaddr >= p->p_vaddr && vaddr - p->p_vaddr < p->p_filesz)
      return p->p_filesz - (vaddr - p->p_vaddr);
  }
  return 0;
}

static GElf_Phdr phdr_at(const struct elf_module *m, const unsigned char *p) {
  return (GElf_Phdr){.p_type = ELF_FIELD(m, p, Phdr, p_type),
                     .p_flags = ELF_FIELD(m, p, Phdr, p_flags),
                     .p_offset = ELF_FIELD(m, p, Phdr, p_offset),
                     .p_vaddr = ELF_FIELD(m, p, Phdr, p_vaddr),
                     .p_paddr = ELF_FIELD(m, p, Phdr, p_paddr),
                     .p_filesz = ELF_FIELD(m, p, Phdr, p_filesz),
                     .p_memsz = ELF_FIELD(m, p, Phdr, p_memsz),
                     .p_align = ELF_FIELD(m, p, Phdr, p_align)};
}

bool elf_module_vaddr_to_offset(const struct elf_module *m, uint64_t vaddr,
                                uint64_t len, uint64_t *offset) {
  size_t entsize = ELF_SIZE(m, Phdr);
  for (size_t i = 0; m->phdrs.p && i < m->phdrs.size / entsize; i++) {
    GElf_Phdr p = phdr_at(m, m->phdrs.p + i * entsize);
    if (p.p_type != PT_LOAD)
      continue;
    if (vaddr < p.p_vaddr || vaddr - p.p_vaddr >= p.p_filesz)
      continue;
    uint64_t rel = vaddr - p.p_vaddr;
    if (len > p.p_filesz - rel)
      return false;
    *offset = p.p_offset + rel;
    return true;
  }
  return false;
}

void elf_module_tls_block(const struct elf_module *m,
                          struct tls_block_req *req) {
  req->size = m->tls.present ? m->tls.memsz : 0;
  req->align = m->tls.align ? m->tls.align : 1;
  req->firstbyte_offset =
      m->tls.align ? (m->tls.vaddr & (m->tls.align - 1)) : 0;
}

/* Where a table the dynamic section points at lies in the file image;
 * false when it is empty or not inside a PT_LOAD's file image. */
static bool table_offset(const struct elf_module *m, const struct load_map *lm,
                         uint64_t vaddr, uint64_t size, uint64_t *off) {
  return size != 0 && load_map_lookup(lm, vaddr, size, off) &&
         *off <= m->size && size <= m->size - *off;
}

/* A table the dynamic section points at: its bytes, as the file has them
 * (elf_fields.h reads them); NULL when it does not lie inside a PT_LOAD's
 * file image. */
static struct image_bytes bytes_at(const struct elf_module *m,
                                   const struct load_map *lm, uint64_t vaddr,
                                   uint64_t size) {
  uint64_t off;
  if (!table_offset(m, lm, vaddr, size, &off))
    return (struct image_bytes){NULL, 0};
  return (struct image_bytes){(const unsigned char *)m->map + off, size};
}

static const char *dynstr(const struct elf_module *m, uint64_t off) {
  const struct dynsym_view *d = &m->dynsym;
  if (!d->strtab || off >= d->strsz)
    return NULL;
  if (!memchr(d->strtab + off, '\0', d->strsz - off))
    return NULL;
  return d->strtab + off;
}

/* The dynamic entries, by tag, as musl's decode_vec reads them: a tag up to
 * DT_FLAGS is its own index; the few high tags the linter reads (GNU and
 * Sun extensions) get the slots after it. A repeated tag keeps its last
 * value, DT_NEEDED is counted instead. */
enum {
  DYN_LOW_TAGS = DT_FLAGS + 1,
  DYN_GNU_HASH = DYN_LOW_TAGS,
  DYN_RELACOUNT,
  DYN_RELCOUNT,
  DYN_FLAGS_1,
  DYN_VERSYM,
  DYN_VERDEF,
  DYN_VERDEFNUM,
  DYN_VERNEED,
  DYN_VERNEEDNUM,
  DYN_SLOTS
};

static const int64_t dyn_high_tags[DYN_SLOTS - DYN_LOW_TAGS] = {
    [DYN_GNU_HASH - DYN_LOW_TAGS] = DT_GNU_HASH,
    [DYN_RELACOUNT - DYN_LOW_TAGS] = DT_RELACOUNT,
    [DYN_RELCOUNT - DYN_LOW_TAGS] = DT_RELCOUNT,
    [DYN_FLAGS_1 - DYN_LOW_TAGS] = DT_FLAGS_1,
    [DYN_VERSYM - DYN_LOW_TAGS] = DT_VERSYM,
    [DYN_VERDEF - DYN_LOW_TAGS] = DT_VERDEF,
    [DYN_VERDEFNUM - DYN_LOW_TAGS] = DT_VERDEFNUM,
    [DYN_VERNEED - DYN_LOW_TAGS] = DT_VERNEED,
    [DYN_VERNEEDNUM - DYN_LOW_TAGS] = DT_VERNEEDNUM,
};

struct dyn_tags {
  uint64_t v[DYN_SLOTS];
  uint64_t seen; /* bit per slot: the tag is present (its value may be 0) */
  size_t n_needed;
};

_Static_assert(DYN_SLOTS <= 64, "dyn_tags.seen has a bit per slot");

/* The slot of a tag, or -1 for one the linter does not read. */
static int dyn_slot(int64_t tag) {
  if (tag >= 0 && tag < DYN_LOW_TAGS)
    return (int)tag;
  for (int k = 0; k < DYN_SLOTS - DYN_LOW_TAGS; k++)
    if (dyn_high_tags[k] == tag)
      return DYN_LOW_TAGS + k;
  return -1;
}

static bool dyn_has(const struct dyn_tags *t, int slot) {
  return t->seen >> slot & 1;
}

/* Number of dynamic symbols: DT_HASH's nchain, else the GNU hash chains,
 * else everything up to the end of the segment. */
static uint64_t count_dynsyms(struct elf_module *m, const struct load_map *lm,
                              const struct dyn_tags *t, uint64_t sym_size) {
  uint64_t limit = load_map_extent(lm, t->v[DT_SYMTAB]) / sym_size;
  struct dynsym_view *d = &m->dynsym;
  if (d->sysv_hash.p && d->sysv_hash.size >= 8) {
    uint64_t nchain = elf_read_u32(m, d->sysv_hash.p + 4);
    return nchain < limit ? nchain : limit;
  }
  if (d->gnu_hash.p && d->gnu_hash.size >= 16) {
    const unsigned char *h = d->gnu_hash.p;
    uint64_t hsize = d->gnu_hash.size;
    uint64_t nbuckets = elf_read_u32(m, h);
    uint64_t symoffset = elf_read_u32(m, h + 4);
    uint64_t bloom_size = elf_read_u32(m, h + 8);
    uint64_t word = m->elf_class == ELFCLASS64 ? 8 : 4;
    uint64_t buckets_off = 16 + bloom_size * word;
    if (bloom_size > hsize || nbuckets > hsize ||
        buckets_off + nbuckets * 4 > hsize)
      return limit;
    uint64_t max = 0;
    for (uint64_t i = 0; i < nbuckets; i++) {
      uint64_t b = elf_read_u32(m, h + buckets_off + i * 4);
      if (b > max)
        max = b;
    }
    if (max < symoffset)
      return symoffset < limit ? symoffset : limit;
    uint64_t chain_off = buckets_off + nbuckets * 4;
    for (uint64_t i = max;; i++) {
      uint64_t pos = chain_off + (i - symoffset) * 4;
      if (pos + 4 > hsize || i >= limit)
        return limit;
      if (elf_read_u32(m, h + pos) & 1)
        return i + 1;
    }
  }
  /* Section headers, if present and sane, give the exact size. */
  Elf *elf = elf_module_sections(m);
  Elf_Scn *scn = NULL;
  uint64_t n = limit;
  while (elf && (scn = elf_nextscn(elf, scn))) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM &&
        sh.sh_addr == t->v[DT_SYMTAB]) {
      n = sh.sh_size / sym_size < limit ? sh.sh_size / sym_size : limit;
      break;
    }
  }
  if (elf)
    elf_end(elf);
  return n;
}

/* The dynamic symbol table and what reads it: the hash tables (which also
 * give its length) and the version tables. */
static enum module_error read_dynsym_view(struct elf_module *m,
                                          const struct load_map *lm,
                                          const struct dyn_tags *t, char *err,
                                          size_t errlen) {
  if (!dyn_has(t, DT_SYMTAB))
    return MODULE_OK;
  struct dynsym_view *ds = &m->dynsym;
  size_t sym_size = ELF_SIZE(m, Sym);
  if (t->v[DT_SYMENT] && t->v[DT_SYMENT] != sym_size)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "DT_SYMENT is %llu, expected %zu",
                (unsigned long long)t->v[DT_SYMENT], sym_size);
  if (t->v[DT_HASH]) {
    uint64_t ext = load_map_extent(lm, t->v[DT_HASH]);
    struct image_bytes h8 = bytes_at(m, lm, t->v[DT_HASH], ext >= 8 ? 8 : 0);
    if (h8.p) {
      uint64_t nbucket = elf_read_u32(m, h8.p);
      uint64_t nchain = elf_read_u32(m, h8.p + 4);
      uint64_t bytes = 8 + 4 * (nbucket + nchain);
      if (nbucket + nchain < ext / 4 && bytes <= ext)
        ds->sysv_hash = bytes_at(m, lm, t->v[DT_HASH], bytes);
    }
  }
  if (t->v[DYN_GNU_HASH]) {
    uint64_t ext = load_map_extent(lm, t->v[DYN_GNU_HASH]);
    if (ext >= 16)
      ds->gnu_hash = bytes_at(m, lm, t->v[DYN_GNU_HASH], ext);
  }
  ds->nsyms = count_dynsyms(m, lm, t, sym_size);
  if (ds->nsyms)
    ds->syms = bytes_at(m, lm, t->v[DT_SYMTAB], ds->nsyms * sym_size);
  if (!ds->syms.p)
    ds->nsyms = 0;
  if (t->v[DYN_VERSYM] && ds->nsyms)
    ds->versym = bytes_at(m, lm, t->v[DYN_VERSYM], ds->nsyms * 2);
  if (t->v[DYN_VERDEF] && t->v[DYN_VERDEFNUM]) {
    ds->verdef = bytes_at(m, lm, t->v[DYN_VERDEF],
                          load_map_extent(lm, t->v[DYN_VERDEF]));
    ds->verdefnum = t->v[DYN_VERDEFNUM];
  }
  if (t->v[DYN_VERNEED] && t->v[DYN_VERNEEDNUM]) {
    ds->verneed = bytes_at(m, lm, t->v[DYN_VERNEED],
                           load_map_extent(lm, t->v[DYN_VERNEED]));
    ds->verneednum = t->v[DYN_VERNEEDNUM];
  }
  return MODULE_OK;
}

/* One dynamic entry; d_tag is signed (Elf32_Sword, Elf64_Sxword). */
static GElf_Dyn dyn_at(const struct elf_module *m, const unsigned char *p) {
  uint64_t tag = ELF_FIELD(m, p, Dyn, d_tag);
  return (GElf_Dyn){.d_tag = m->elf_class == ELFCLASS64 ? (int64_t)tag
                                                        : (int32_t)tag,
                    .d_un.d_val = ELF_FIELD(m, p, Dyn, d_un)};
}

static enum module_error parse_dynamic(struct elf_module *m,
                                       const GElf_Phdr *dyn_ph,
                                       struct load_map *lm, struct dyn_tags *t,
                                       char *err, size_t errlen) {
  /* objcopy --only-keep-debug and dh_strip keep the program headers of
   * the library but not its contents: every section the loader would map
   * is NOBITS, so the dynamic segment has a size and no bytes. */
  if (dyn_ph->p_filesz == 0 && dyn_ph->p_memsz != 0)
    return fail(err, errlen, MODULE_ERR_DEBUG_ONLY,
                "a separate debug-information file (its dynamic section and "
                "code have no bytes in the file), not a loadable object: lint "
                "the library it was split from; tlsguard-lint reads this file "
                "itself, through --debug-dir, for variable names and lines");
  if (dyn_ph->p_offset > m->size ||
      dyn_ph->p_filesz > m->size - dyn_ph->p_offset)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "dynamic segment (offset %#llx, size %llu) extends past the "
                "end of the file",
                (unsigned long long)dyn_ph->p_offset,
                (unsigned long long)dyn_ph->p_filesz);
  const unsigned char *dyn = (const unsigned char *)m->map + dyn_ph->p_offset;
  size_t entsize = ELF_SIZE(m, Dyn);
  size_t n = dyn_ph->p_filesz / entsize;
  if (n > MAX_DYN_ENTRIES)
    n = MAX_DYN_ENTRIES;
  bool terminated = false;
  size_t i;
  for (i = 0; i < n; i++) {
    GElf_Dyn d = dyn_at(m, dyn + i * entsize);
    if (d.d_tag == DT_NULL) {
      terminated = true;
      break;
    }
    if (d.d_tag == DT_NEEDED)
      t->n_needed++;
    int slot = dyn_slot(d.d_tag);
    if (slot >= 0) {
      t->v[slot] = d.d_un.d_val;
      t->seen |= (uint64_t)1 << slot;
    }
  }
  if (!terminated)
    return fail(
        err, errlen, MODULE_ERR_MALFORMED,
        "dynamic segment has no DT_NULL terminator within its %llu bytes",
        (unsigned long long)dyn_ph->p_filesz);
  m->dt_flags = t->v[DT_FLAGS];
  m->dt_flags_1 = t->v[DYN_FLAGS_1];
  m->dt_symbolic = dyn_has(t, DT_SYMBOLIC);

  struct dynsym_view *ds = &m->dynsym;
  if (dyn_has(t, DT_STRTAB)) {
    struct image_bytes s = bytes_at(m, lm, t->v[DT_STRTAB], t->v[DT_STRSZ]);
    if (!s.p)
      return fail(err, errlen, MODULE_ERR_MALFORMED,
                  "dynamic string table (DT_STRTAB %#llx, DT_STRSZ %llu) lies "
                  "outside the "
                  "file's loadable segments",
                  (unsigned long long)t->v[DT_STRTAB],
                  (unsigned long long)t->v[DT_STRSZ]);
    ds->strtab = (const char *)s.p;
    ds->strsz = s.size;
  }

  /* Second pass for the string-valued entries, now that the table is known. */
  if (t->n_needed) {
    m->needed = calloc(t->n_needed, sizeof *m->needed);
    if (!m->needed)
      return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  }
  for (size_t j = 0; j < i; j++) {
    GElf_Dyn d = dyn_at(m, dyn + j * entsize);
    if (d.d_tag != DT_NEEDED)
      continue;
    const char *name = dynstr(m, d.d_un.d_val);
    if (!name)
      return fail(err, errlen, MODULE_ERR_MALFORMED,
                  "DT_NEEDED entry points outside the dynamic string table");
    m->needed[m->n_needed++] = name;
  }
  if (dyn_has(t, DT_SONAME) && !(m->soname = dynstr(m, t->v[DT_SONAME])))
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "DT_SONAME points outside the dynamic string table");
  if (dyn_has(t, DT_RPATH) && !(m->rpath = dynstr(m, t->v[DT_RPATH])))
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "DT_RPATH points outside the dynamic string table");
  if (dyn_has(t, DT_RUNPATH) && !(m->runpath = dynstr(m, t->v[DT_RUNPATH])))
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "DT_RUNPATH points outside the dynamic string table");

  return read_dynsym_view(m, lm, t, err, errlen);
}

static enum module_error add_tls_reloc(struct elf_module *m, size_t *cap,
                                       uint64_t offset, uint32_t type,
                                       uint32_t symndx, int64_t addend,
                                       enum tls_dyn_class cls, char *err,
                                       size_t errlen) {
  if (m->n_tls_relocs == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    struct tls_reloc *n = realloc(m->tls_relocs, ncap * sizeof *n);
    if (!n)
      return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
    m->tls_relocs = n;
    *cap = ncap;
  }
  struct tls_reloc *r = &m->tls_relocs[m->n_tls_relocs++];
  memset(r, 0, sizeof *r);
  r->offset = offset;
  r->type = type;
  r->symndx = symndx;
  r->addend = addend;
  r->cls = cls;
  switch (cls) {
  case TLS_DYN_STATIC:
    m->n_static++;
    break;
  case TLS_DYN_MODULE:
    m->n_module++;
    break;
  case TLS_DYN_OFFSET:
    m->n_offset++;
    break;
  case TLS_DYN_DESC:
    m->n_desc++;
    break;
  case TLS_DYN_NONE:
    break;
  }
  if (symndx == 0)
    return MODULE_OK;
  GElf_Sym sym;
  if (!dynsym_get(m, symndx, &sym, NULL))
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "TLS relocation at %#llx refers to symbol %u, past the dynamic "
                "symbol table",
                (unsigned long long)offset, symndx);
  r->symname = dynstr(m, sym.st_name);
  if (!r->symname)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "symbol %u has a name outside the dynamic string table",
                symndx);
  r->sym_defined = sym.st_shndx != SHN_UNDEF;
  r->sym_weak = GELF_ST_BIND(sym.st_info) == STB_WEAK;
  bool hidden;
  r->symversion = dynsym_version_name(m, symndx, &hidden);
  return MODULE_OK;
}

/* A relocation's type and symbol from its r_info (a MIPS64 table would need
 * MIPS64's own r_info layout; only machines with a table in tls_abi.c get
 * here). */
static void reloc_info(const struct elf_module *m, uint64_t info,
                       uint32_t *type, uint32_t *sym) {
  if (m->elf_class == ELFCLASS64)
    *type = (uint32_t)ELF64_R_TYPE(info), *sym = (uint32_t)ELF64_R_SYM(info);
  else
    *type = ELF32_R_TYPE(info), *sym = ELF32_R_SYM(info);
}

/* Scan one relocation table. Relative relocations come first and
 * DT_RELACOUNT/DT_RELCOUNT says how many: they are skipped unread. */
static enum module_error
scan_relocs(struct elf_module *m, const struct load_map *lm, uint64_t vaddr,
            uint64_t size, uint64_t entsize, bool rela, uint64_t skip,
            size_t *cap, const char *what, char *err, size_t errlen) {
  if (size == 0)
    return MODULE_OK;
  size_t want = rela ? ELF_SIZE(m, Rela) : ELF_SIZE(m, Rel);
  if (entsize && entsize != want)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "%s entry size is %llu, expected %zu", what,
                (unsigned long long)entsize, want);
  if (size % want)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "%s size %llu is not a multiple of the entry size %zu", what,
                (unsigned long long)size, want);
  uint64_t count = size / want;
  if (skip > count)
    skip = count;
  uint64_t start = vaddr + skip * want;
  uint64_t left = count - skip;
  if (left == 0)
    return MODULE_OK;
  struct image_bytes table = bytes_at(m, lm, start, left * want);
  if (!table.p)
    return fail(
        err, errlen, MODULE_ERR_MALFORMED,
        "%s (%#llx, %llu bytes) lies outside the file's loadable segments",
        what, (unsigned long long)vaddr, (unsigned long long)size);
  /* Relocations come in runs of one type (GLOB_DAT, JUMP_SLOT, ...): the
   * class lookup is done once per run. Offset and addend are read only for
   * the few that reach TLS. */
  uint32_t run_type = UINT32_MAX;
  enum tls_dyn_class run_cls = TLS_DYN_NONE;
  for (uint64_t i = 0; i < left; i++) {
    const unsigned char *r = table.p + i * want;
    uint32_t type, sym;
    reloc_info(m, ELF_FIELD(m, r, Rel, r_info), &type, &sym);
    if (type != run_type)
      run_type = type, run_cls = tls_dyn_reloc_class(m->arch, type);
    enum tls_dyn_class cls = run_cls;
    if (cls == TLS_DYN_NONE)
      continue;
    uint64_t offset = ELF_FIELD(m, r, Rel, r_offset);
    int64_t addend = 0;
    if (rela) {
      uint64_t a = ELF_FIELD(m, r, Rela, r_addend);
      addend = m->elf_class == ELFCLASS64 ? (int64_t)a : (int32_t)a;
    }
    enum module_error e =
        add_tls_reloc(m, cap, offset, type, sym, addend, cls, err, errlen);
    if (e)
      return e;
    m->tls_relocs[m->n_tls_relocs - 1].has_addend = rela;
  }
  return MODULE_OK;
}

static enum module_error scan_all_relocs(struct elf_module *m,
                                         const struct load_map *lm,
                                         const struct dyn_tags *t, char *err,
                                         size_t errlen) {
  size_t cap = 0;
  enum module_error e;
  e = scan_relocs(m, lm, t->v[DT_RELA], t->v[DT_RELASZ], t->v[DT_RELAENT], true,
                  t->v[DYN_RELACOUNT], &cap, "relocation table DT_RELA", err,
                  errlen);
  if (e)
    return e;
  e = scan_relocs(m, lm, t->v[DT_REL], t->v[DT_RELSZ], t->v[DT_RELENT], false,
                  t->v[DYN_RELCOUNT], &cap, "relocation table DT_REL", err,
                  errlen);
  if (e)
    return e;
  if (t->v[DT_JMPREL] && t->v[DT_PLTRELSZ]) {
    bool rela = t->v[DT_PLTREL] != DT_REL;
    uint64_t start = t->v[DT_JMPREL], size = t->v[DT_PLTRELSZ];
    /* Some linkers count .rela.plt inside DT_RELASZ as well; scan the rest
     * only. */
    uint64_t tbl = rela ? t->v[DT_RELA] : t->v[DT_REL],
             tblsz = rela ? t->v[DT_RELASZ] : t->v[DT_RELSZ];
    if (tblsz && start >= tbl && start < tbl + tblsz) {
      uint64_t end = start + size;
      start = tbl + tblsz;
      size = end > start ? end - start : 0;
    }
    e = scan_relocs(m, lm, start, size, 0, rela, 0, &cap,
                    "PLT relocation table DT_JMPREL", err, errlen);
    if (e)
      return e;
  }
  return MODULE_OK;
}

static enum module_error parse_segments(struct elf_module *m,
                                        const unsigned char *phdrs,
                                        size_t phnum, struct load_map *lm,
                                        char *err, size_t errlen);

/* e_ident and the header size, checked before libelf sees the image, so the
 * message names the actual defect. */
static enum module_error check_ident(const unsigned char *b, size_t size,
                                     char *err, size_t errlen) {
  if (size < EI_NIDENT)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "truncated ELF header (%zu bytes)", size);
  if (b[EI_CLASS] != ELFCLASS32 && b[EI_CLASS] != ELFCLASS64)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "invalid ELF class %u in e_ident", b[EI_CLASS]);
  if (b[EI_DATA] != ELFDATA2LSB && b[EI_DATA] != ELFDATA2MSB)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "invalid byte order %u in e_ident", b[EI_DATA]);
  size_t ehsize =
      b[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
  if (size < ehsize)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "truncated ELF header (%zu bytes; an ELF%d header has %zu)",
                size, b[EI_CLASS] == ELFCLASS64 ? 64 : 32, ehsize);
  return MODULE_OK;
}

/* The program header count: e_phnum, or when that is PN_XNUM, section
 * header 0's sh_info (as libelf's elf_getphdrnum reads it). */
static enum module_error phdr_count(const struct elf_module *m,
                                    const unsigned char *eh, size_t *phnum,
                                    char *err, size_t errlen) {
  *phnum = ELF_FIELD(m, eh, Ehdr, e_phnum);
  if (*phnum != PN_XNUM)
    return MODULE_OK;
  uint64_t shoff = ELF_FIELD(m, eh, Ehdr, e_shoff);
  if (shoff == 0 || shoff > m->size || m->size - shoff < ELF_SIZE(m, Shdr))
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "cannot read the program header count: e_phnum is PN_XNUM "
                "and there is no section header 0 to hold it");
  *phnum = ELF_FIELD(m, (const unsigned char *)m->map + shoff, Shdr, sh_info);
  return MODULE_OK;
}

/* A linked file is read as the loader reads it, from its ELF header and
 * program headers (check_ident has checked the header's size): no libelf
 * handle, which would make a descriptor for every section and read the
 * section header table at the file's end. Other files get the handle
 * (object files are read by section). */
static enum module_error parse(struct elf_module *m, char *err, size_t errlen) {
  const unsigned char *eh = m->map;
  m->elf_class = eh[EI_CLASS];
  m->byte_order = eh[EI_DATA];
  m->osabi = eh[EI_OSABI];
  m->machine = ELF_FIELD(m, eh, Ehdr, e_machine);
  m->type = ELF_FIELD(m, eh, Ehdr, e_type);
  m->arch = tls_arch_for(m->machine, m->elf_class);

  switch (m->type) {
  case ET_EXEC:
    m->kind = MODULE_EXECUTABLE;
    break;
  case ET_DYN:
    m->kind = MODULE_SHARED_OBJECT;
    break;
  default:
    /* Read by section (object_scan), or not at all. */
    m->kind = m->type == ET_REL ? MODULE_RELOCATABLE : MODULE_OTHER;
    return MODULE_OK;
  }

  size_t phnum;
  enum module_error e = phdr_count(m, eh, &phnum, err, errlen);
  if (e)
    return e;
  size_t phentsize = ELF_SIZE(m, Phdr);
  uint64_t phoff = ELF_FIELD(m, eh, Ehdr, e_phoff);
  if (phnum) {
    unsigned declared = ELF_FIELD(m, eh, Ehdr, e_phentsize);
    if (declared != phentsize)
      return fail(err, errlen, MODULE_ERR_MALFORMED,
                  "e_phentsize is %u, expected %zu", declared, phentsize);
    if (phoff > m->size || (uint64_t)phnum * phentsize > m->size - phoff)
      return fail(err, errlen, MODULE_ERR_MALFORMED,
                  "program header table (offset %#llx, %zu entries) extends "
                  "past the end of the file (%zu bytes)",
                  (unsigned long long)phoff, phnum, m->size);
  }
  if (phnum > MAX_PHDRS)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "absurd program header count %zu", phnum);

  struct load_map lm = {calloc(phnum ? phnum : 1, sizeof(GElf_Phdr)), 0};
  if (!lm.loads)
    return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  /* phoff is checked only when there are program headers. */
  if (phnum)
    m->phdrs = (struct image_bytes){(const unsigned char *)m->map + phoff,
                                    phnum * phentsize};
  e = parse_segments(m, m->phdrs.p, phnum, &lm, err, errlen);
  free(lm.loads);
  return e;
}

static enum module_error parse_segments(struct elf_module *m,
                                        const unsigned char *phdrs,
                                        size_t phnum, struct load_map *lm,
                                        char *err, size_t errlen) {
  GElf_Phdr dyn_ph = {0};
  bool has_dyn = false;
  for (size_t i = 0; i < phnum; i++) {
    GElf_Phdr p = phdr_at(m, phdrs + i * ELF_SIZE(m, Phdr));
    switch (p.p_type) {
    case PT_LOAD:
      if (p.p_offset > m->size || p.p_filesz > m->size - p.p_offset)
        return fail(err, errlen, MODULE_ERR_MALFORMED,
                    "loadable segment %zu (offset %#llx, size %llu) extends "
                    "past the end of the "
                    "file (%zu bytes)",
                    i, (unsigned long long)p.p_offset,
                    (unsigned long long)p.p_filesz, m->size);
      lm->loads[lm->n++] = p;
      break;
    case PT_DYNAMIC:
      dyn_ph = p;
      has_dyn = true;
      break;
    case PT_TLS:
      m->tls.present = p.p_memsz != 0;
      m->tls.vaddr = p.p_vaddr;
      m->tls.memsz = p.p_memsz;
      m->tls.filesz = p.p_filesz;
      m->tls.align = p.p_align;
      if (p.p_align & (p.p_align - 1))
        return fail(err, errlen, MODULE_ERR_MALFORMED,
                    "TLS segment alignment %llu is not a power of two",
                    (unsigned long long)p.p_align);
      break;
    default:
      break;
    }
  }

  /* glibc's _dl_map_object_from_fd refuses it before anything else. */
  if (lm->n == 0)
    return fail(err, errlen, MODULE_ERR_MALFORMED,
                "no loadable segment (PT_LOAD): no loader can map it (glibc: "
                "\"object file has no loadable segments\")");
  struct dyn_tags t;
  memset(&t, 0, sizeof t);
  if (has_dyn) {
    m->has_dynamic = true;
    enum module_error e = parse_dynamic(m, &dyn_ph, lm, &t, err, errlen);
    if (e)
      return e;
  }
  /* DF_1_PIE is what glibc's dlopen refuses ("cannot dynamically load
   * position-independent executable", elf/dl-load.c). PT_INTERP alone makes
   * a runnable library (libc.so.6, pam_cap.so), which dlopen loads. */
  if (m->kind == MODULE_SHARED_OBJECT && (m->dt_flags_1 & DF_1_PIE))
    m->kind = MODULE_PIE_EXECUTABLE;
  if (!has_dyn || !m->arch)
    return MODULE_OK;
  return scan_all_relocs(m, lm, &t, err, errlen);
}

/* The SIGBUS guard (elf_module.h, file_map). The count is the thread's
 * own: a fault is taken by the thread that read the page. */
static _Thread_local volatile unsigned long read_faults;
static struct sigaction sigbus_before;
static uintptr_t page_mask;

static void on_sigbus(int sig, siginfo_t *si, void *context) {
  if (si->si_code == BUS_ADRERR && si->si_addr) {
    void *page = (void *)((uintptr_t)si->si_addr & page_mask);
    if (mmap(page, ~page_mask + 1, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      read_faults++;
      return;
    }
  }
  /* Not a read past the end of a file: the handler that was there before
   * (the sanitizer's), or the default action, when the access repeats. */
  (void)sig;
  (void)context;
  sigaction(SIGBUS, &sigbus_before, NULL);
}

static void sigbus_guard_install(void) {
  page_mask = ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, &sigbus_before);
}

unsigned long file_read_faults(void) { return read_faults; }

static pthread_once_t libelf_once = PTHREAD_ONCE_INIT;

static void libelf_init(void) {
  elf_version(EV_CURRENT);
  sigbus_guard_install();
}

static void reset(struct elf_module *m, const char *name) {
  pthread_once(&libelf_once, libelf_init);
  memset(m, 0, sizeof *m);
  m->fd = -1;
  m->path = strdup(name);
}

static const char *file_type_name(mode_t mode) {
  return S_ISFIFO(mode)   ? "a FIFO"
         : S_ISCHR(mode)  ? "a character device"
         : S_ISBLK(mode)  ? "a block device"
         : S_ISSOCK(mode) ? "a socket"
         : S_ISDIR(mode)  ? "a directory"
                          : "unknown type";
}

FILE *file_open_stream(const char *path, bool pipes, const char **why) {
  static _Thread_local char text[64];
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    *why = strerror(errno);
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 ||
      !(S_ISREG(st.st_mode) || (pipes && S_ISFIFO(st.st_mode)))) {
    snprintf(text, sizeof text, "not a regular file (%s)",
             file_type_name(st.st_mode));
    *why = text;
    close(fd);
    return NULL;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FILE *f = fdopen(fd, "r");
  if (!f) {
    *why = strerror(errno);
    close(fd);
  }
  return f;
}

/* The file file_head last read, left open for this thread's next
 * open_regular of the same path: an input's head is read to tell what it
 * is, and then (an ELF file, an ar archive) the whole of it; one open, not
 * two (with their stat, fstat and close). */
static _Thread_local int held_fd = -1;
static _Thread_local char *held_path;
static _Thread_local struct stat held_st;
/* The path named the file itself, not a symbolic link to it. */
static _Thread_local bool held_not_link;
/* A thread that ends holding one closes it (and a leak checker sees no
 * path left behind). */
static pthread_key_t held_key;
static pthread_once_t held_key_once = PTHREAD_ONCE_INIT;

static void release_held(void) {
  if (held_fd < 0)
    return;
  close(held_fd);
  held_fd = -1;
  free(held_path);
  held_path = NULL;
}

static void release_at_thread_exit(void *unused) {
  (void)unused;
  release_held();
}

static void make_held_key(void) {
  pthread_key_create(&held_key, release_at_thread_exit);
}

static void hold(const char *path, int fd, const struct stat *st,
                 bool not_link) {
  release_held();
  if (!(held_path = strdup(path))) {
    close(fd);
    return;
  }
  held_fd = fd;
  held_st = *st;
  held_not_link = not_link;
  pthread_once(&held_key_once, make_held_key);
  pthread_setspecific(held_key, &held_fd); /* any non-NULL value */
}

/* file_head_expect_regular's word for the next file_head. */
static _Thread_local const char *expected_path;
static _Thread_local bool expected_link;

void file_head_expect_regular(const char *path, bool link) {
  expected_path = path;
  expected_link = link;
}

bool file_head_held_regular(const char *path) {
  return held_fd >= 0 && held_not_link && !strcmp(held_path, path);
}

/* Open a non-empty regular file for reading; *st describes it, and
 * *not_link says whether path named it itself (the last component not a
 * symbolic link: lstat, then stat only for a link). */
static enum module_error open_regular(const char *path, int *fd_out,
                                      struct stat *st, bool *not_link,
                                      char *err, size_t errlen) {
  /* The input list's lstat has just said what path is (a regular file):
   * straight to the open, whose fstat checks what was opened. */
  bool expected = expected_path && !strcmp(expected_path, path);
  expected_path = NULL;
  if (held_fd >= 0 && !strcmp(held_path, path)) {
    *fd_out = held_fd;
    *st = held_st;
    *not_link = held_not_link;
    held_fd = -1;
    free(held_path);
    held_path = NULL;
    return MODULE_OK;
  }
  release_held();
  if (expected) {
    *not_link = !expected_link;
  } else {
    if (lstat(path, st) != 0)
      return fail(err, errlen, MODULE_ERR_IO, "cannot open: %s",
                  strerror(errno));
    *not_link = !S_ISLNK(st->st_mode);
    if (!*not_link && stat(path, st) != 0)
      return fail(err, errlen, MODULE_ERR_IO, "cannot open: %s",
                  strerror(errno));
    if (S_ISDIR(st->st_mode))
      return fail(err, errlen, MODULE_ERR_IO, "is a directory");
    if (!S_ISREG(st->st_mode))
      return fail(err, errlen, MODULE_ERR_NOT_ELF,
                  "not a regular file (%s); special files are not read",
                  file_type_name(st->st_mode));
  }
  /* O_NONBLOCK: should the path be swapped for a FIFO after stat, open must
   * not hang. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return fail(err, errlen, MODULE_ERR_IO, "cannot open: %s", strerror(errno));
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    return fail(err, errlen, MODULE_ERR_NOT_ELF,
                "not a regular file; special files are not read");
  }
  if (st->st_size == 0) {
    close(fd);
    return fail(err, errlen, MODULE_ERR_NOT_ELF, "empty file");
  }
  if ((uint64_t)st->st_size > SIZE_MAX) {
    close(fd);
    return fail(err, errlen, MODULE_ERR_IO, "file too large to map");
  }
  *fd_out = fd;
  return MODULE_OK;
}

/* Writable copy-on-write mapping: libelf's in-memory handles may convert
 * byte order in place; pages that are only read are never copied. */
static enum module_error map_fd(int fd, size_t size, void **map, char *err,
                                size_t errlen) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED)
    return fail(err, errlen, MODULE_ERR_IO, "cannot map: %s", strerror(errno));
  *map = p;
  return MODULE_OK;
}

enum module_error file_map(const char *path, void **map, size_t *size,
                           char *err, size_t errlen) {
  *map = NULL;
  *size = 0;
  struct stat st;
  int fd;
  pthread_once(&libelf_once, libelf_init);
  bool not_link;
  enum module_error e = open_regular(path, &fd, &st, &not_link, err, errlen);
  if (e)
    return e;
  e = map_fd(fd, (size_t)st.st_size, map, err, errlen);
  close(fd);
  if (e)
    return e;
  *size = (size_t)st.st_size;
  return MODULE_OK;
}

enum module_error file_head(const char *path, unsigned char *buf, size_t cap,
                            size_t *got, char *err, size_t errlen) {
  *got = 0;
  struct stat st;
  int fd;
  bool not_link;
  enum module_error e = open_regular(path, &fd, &st, &not_link, err, errlen);
  if (e)
    return e;
  ssize_t n;
  do
    n = pread(fd, buf, cap, 0);
  while (n < 0 && errno == EINTR);
  int saved = errno;
  if (n < 0) {
    close(fd);
    return fail(err, errlen, MODULE_ERR_IO, "cannot read: %s", strerror(saved));
  }
  hold(path, fd, &st, not_link);
  *got = (size_t)n;
  return MODULE_OK;
}

static enum module_error open_image(struct elf_module *m, const char *path,
                                    bool kept, char *err, size_t errlen);

static enum module_error open_path(struct elf_module *m, const char *path,
                                   bool kept, char *err, size_t errlen) {
  reset(m, path);
  if (!m->path)
    return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  unsigned long faults = read_faults;
  enum module_error e = open_image(m, path, kept, err, errlen);
  if (read_faults != faults)
    return fail(err, errlen, MODULE_ERR_IO, FILE_CHANGED_MESSAGE);
  return e;
}

enum module_error elf_module_open_file(struct elf_module *m, const char *path,
                                       char *err, size_t errlen) {
  return open_path(m, path, false, err, errlen);
}

enum module_error elf_module_open_kept(struct elf_module *m, const char *path,
                                       char *err, size_t errlen) {
  return open_path(m, path, true, err, errlen);
}

/* Files up to FILE_BUFFER_MAX are read into a buffer (unless kept for the
 * run: elf_module_open_kept); larger ones are mapped. A mapping costs a map,
 * page faults and an unmap, and an unmap in a process with a second thread a
 * cross-CPU TLB flush: for a small file, whose pages a parse touches nearly all
 * of, one read into a reused buffer is cheaper. A large library is mostly code
 * the parse never reads: mapped, it is not copied. */
static enum module_error file_read_small(int fd, size_t size, void **buf,
                                         char *err, size_t errlen) {
  unsigned char *b = file_buffer_get(size);
  if (!b)
    return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  size_t got = 0;
  while (got < size) {
    ssize_t n = pread(fd, b + got, size - got, (off_t)got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int saved = errno;
      file_buffer_free(b);
      if (n < 0)
        return fail(err, errlen, MODULE_ERR_IO, "cannot read: %s",
                    strerror(saved));
      return fail(err, errlen, MODULE_ERR_IO, FILE_CHANGED_MESSAGE);
    }
    got += (size_t)n;
  }
  *buf = b;
  return MODULE_OK;
}

static enum module_error open_image(struct elf_module *m, const char *path,
                                    bool kept, char *err, size_t errlen) {
  struct stat st;
  int fd;
  bool not_link;
  enum module_error e = open_regular(path, &fd, &st, &not_link, err, errlen);
  if (e)
    return e;
  bool buffered = (uint64_t)st.st_size <= FILE_BUFFER_MAX && !kept;
  e = buffered ? file_read_small(fd, (size_t)st.st_size, &m->map, err, errlen)
               : map_fd(fd, (size_t)st.st_size, &m->map, err, errlen);
  close(fd);
  if (e)
    return e;
  m->size = (size_t)st.st_size;
  m->owns_buffer = buffered;
  m->owns_map = !buffered;
  const unsigned char *b = m->map;
  if (m->size >= SARMAG && !memcmp(b, ARMAG, SARMAG))
    return fail(err, errlen, MODULE_ERR_ARCHIVE, "an ar archive");
  if (m->size < SELFMAG || memcmp(b, ELFMAG, SELFMAG))
    return fail(err, errlen, MODULE_ERR_NOT_ELF,
                "not an ELF file (no ELF magic)");
  e = check_ident(b, m->size, err, errlen);
  if (e)
    return e;
  return parse(m, err, errlen);
}

enum module_error elf_module_open_memory(struct elf_module *m, const char *name,
                                         void *image, size_t size, char *err,
                                         size_t errlen) {
  reset(m, name);
  if (!m->path)
    return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  m->map = image;
  m->size = size;
  if (size == 0)
    return fail(err, errlen, MODULE_ERR_NOT_ELF, "empty file");
  if (size >= SARMAG && !memcmp(image, ARMAG, SARMAG))
    return fail(err, errlen, MODULE_ERR_ARCHIVE, "an ar archive");
  if (size < SELFMAG || memcmp(image, ELFMAG, SELFMAG))
    return fail(err, errlen, MODULE_ERR_NOT_ELF,
                "not an ELF file (no ELF magic)");
  enum module_error e = check_ident(image, size, err, errlen);
  if (e)
    return e;
  return parse(m, err, errlen);
}

enum module_error elf_module_open_elf(struct elf_module *m, const char *name,
                                      Elf *elf, char *err, size_t errlen) {
  reset(m, name);
  if (!m->path)
    return fail(err, errlen, MODULE_ERR_NOMEM, "out of memory");
  /* The member's bytes are the archive's image: they outlive its handle. */
  size_t size = 0;
  char *raw = elf_rawfile(elf, &size);
  elf_end(elf);
  m->map = raw;
  m->size = size;
  if (!raw || size < EI_NIDENT)
    return fail(err, errlen, MODULE_ERR_MALFORMED, "truncated archive member");
  enum module_error e =
      check_ident((const unsigned char *)raw, size, err, errlen);
  if (e)
    return e;
  return parse(m, err, errlen);
}

Elf *elf_module_sections(const struct elf_module *m) {
  return m->map ? elf_memory((char *)m->map, m->size) : NULL;
}

void elf_module_close(struct elf_module *m) {
  if (m->owns_map && m->map)
    munmap(m->map, m->size);
  if (m->owns_buffer)
    file_buffer_free(m->map);
  if (m->fd >= 0)
    close(m->fd);
  free(m->needed);
  free(m->tls_relocs);
  free(m->dynsym.verdef_index);
  free(m->dynsym.verneed_memo);
  free(m->path);
  memset(m, 0, sizeof *m);
  m->fd = -1;
}
