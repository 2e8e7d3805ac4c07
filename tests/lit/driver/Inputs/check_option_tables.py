"""The driver's option tables (driver/compiler_options.def,
driver/linker_options.def) stay fit for their binary search: rows sorted by
name in byte order (strcmp), no name twice, none longer than option_table.c's
LONGEST_NAME; every row's form and role is one the code knows, and a row
whose role reads a value has a way to write one.

usage: check_option_tables.py SRC_ROOT
"""
import os
import re
import sys

root = sys.argv[1]
driver = os.path.join(root, "driver")
problems = []


def read(name):
    with open(os.path.join(driver, name)) as f:
        return f.read()


header = read("option_table.h")
roles = set(re.findall(r"\bROLE_([A-Z_]+)\b", header))
longest = int(re.search(r"LONGEST_NAME = (\d+)", read("option_table.c")).group(1))
forms = {"FLAG", "SEP", "JOINED", "JOINED_OR_SEP"}
# The roles that read a value (read_option in command_line.c).
valued = {"OUTPUT", "LANGUAGE", "LIBRARY_DIR", "SYSROOT", "PLUGIN",
          "LINKER_ARG", "LINKER_ARGS", "LINKER_OPTION"}
# What an argument handed to the linker can mean (the linker's reader has no
# language, no plugin and no linker of its own to hand arguments to).
linker_roles = {"NONE", "SHARED", "STOPS_BEFORE_LINK", "OUTPUT", "LIBRARY", "LIBRARY_DIR"}
row_re = re.compile(r'^OPTION\("((?:[^"\\]|\\.)*)", ([A-Z_]+), ([A-Z_]+)\)$')

total = 0
for table in ("compiler_options.def", "linker_options.def"):
    names = []
    for number, line in enumerate(read(table).splitlines(), 1):
        if not line.startswith("OPTION("):
            continue
        m = row_re.match(line)
        if not m:
            problems.append(f"{table}:{number}: not a row: {line}")
            continue
        name, form, role = m.groups()
        if form not in forms:
            problems.append(f"{table}:{number}: {name}: unknown form {form}")
        if role not in roles:
            problems.append(f"{table}:{number}: {name}: unknown role {role}")
        if table.startswith("linker") and role not in linker_roles:
            problems.append(f"{table}:{number}: {name}: role {role} means nothing to the linker's reader")
        if role in valued and form == "FLAG":
            problems.append(f"{table}:{number}: {name}: role {role} reads a value, form FLAG has none")
        if len(name) > longest:
            problems.append(f"{table}:{number}: {name}: longer than LONGEST_NAME ({longest})")
        if names and names[-1].encode() >= name.encode():
            problems.append(f"{table}:{number}: {name} is not after {names[-1]} (byte order)")
        names.append(name)
    if not names:
        problems.append(f"{table}: no rows")
    total += len(names)

for p in problems:
    print(p)
print(f"{total} rows checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
