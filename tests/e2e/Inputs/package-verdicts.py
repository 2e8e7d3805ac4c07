"""package-verdicts.py REPORT.json: one line per package in a tlsguard-lint
JSON report: its name (without version), the worst verdict of the package
and its members, how many ELF members were read, and the rules found."""
import json
import sys

report = json.load(open(sys.argv[1]))
packages = []
for f in report["files"]:
    if "!" not in f["path"]:
        packages.append({"name": f["path"].rsplit("/", 1)[-1].split("_")[0],
                         "verdicts": [f["verdict"]],
                         "members": f.get("elf_members", 0),
                         "rules": set()})
    packages[-1]["verdicts"].append(f["verdict"])
    packages[-1]["rules"].update(x["rule"] for x in f.get("findings") or [])
order = ["ok", "fail", "error"]
for p in packages:
    worst = max(p["verdicts"], key=order.index)
    print("%s: %s, %d ELF members, rules: %s" % (
        p["name"], worst, p["members"], " ".join(sorted(p["rules"])) or "-"))
print("unreadable: %d" % report["summary"]["error"])
