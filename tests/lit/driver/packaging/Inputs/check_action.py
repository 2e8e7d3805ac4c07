#!/usr/bin/env python3
"""Validates a GitHub composite action (action.yml) the way the runner would
reject it, plus what tlsguard's action promises: the required keys, every
input an expression names exists, every step an expression names has that
id, run steps say their shell, and the scripts the steps run exist.

    check_action.py ACTION_YML     prints one line per problem and a summary
"""
import os
import re
import sys

import yaml

path = sys.argv[1]
root = os.path.dirname(os.path.abspath(path))
problems = []


def problem(msg):
    problems.append(msg)
    print(f"{path}: {msg}")


with open(path) as f:
    text = f.read()
try:
    action = yaml.safe_load(text)
except yaml.YAMLError as e:
    print(f"{path}: not YAML: {e}")
    sys.exit(1)
if not isinstance(action, dict):
    print(f"{path}: not a mapping")
    sys.exit(1)

for key in ("name", "description", "runs"):
    if not action.get(key):
        problem(f"missing required key '{key}'")
inputs = action.get("inputs") or {}
outputs = action.get("outputs") or {}
runs = action.get("runs") or {}
if runs.get("using") != "composite":
    problem(f"runs.using is {runs.get('using')!r}, not 'composite'")
steps = runs.get("steps") or []
if not steps:
    problem("runs.steps is empty")

for name, spec in inputs.items():
    if not isinstance(spec, dict) or "description" not in spec:
        problem(f"input '{name}' has no description")
for name, spec in outputs.items():
    if not isinstance(spec, dict) or "value" not in spec:
        problem(f"output '{name}' has no value (composite outputs need one)")

ids = []
for i, step in enumerate(steps):
    label = step.get("name") or f"step {i + 1}"
    if "id" in step:
        ids.append(step["id"])
    if ("run" in step) == ("uses" in step):
        problem(f"'{label}': needs exactly one of run and uses")
    if "run" in step:
        if not step.get("shell"):
            problem(f"'{label}': a run step in a composite action needs shell:")
        for script in re.findall(r"\$GITHUB_ACTION_PATH/([\w./-]+)", step["run"]):
            target = os.path.join(root, script)
            if not os.access(target, os.X_OK):
                problem(f"'{label}': runs {script}, which is not an executable file in the action")
        if "${{" in step["run"]:
            problem(f"'{label}': an expression inside run: (pass inputs through env: instead)")
if len(set(ids)) != len(ids):
    problem("duplicate step ids")

# Expressions anywhere: inputs.X and steps.X must exist, and steps.X must be
# an earlier step when used in a step (outputs may name any step).
def walk(node, where):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, where)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, where)
    elif isinstance(node, str):
        yield node, where


def check_refs(s, where, known_steps):
    for expr in re.findall(r"\$\{\{(.*?)\}\}", s) + ([s] if where.endswith(".if") else []):
        for name in re.findall(r"\binputs\.([\w-]+)", expr):
            if name not in inputs:
                problem(f"{where}: names input '{name}', which is not declared")
        for name in re.findall(r"\bsteps\.([\w-]+)", expr):
            if name not in known_steps:
                problem(f"{where}: names step '{name}', which has no earlier step with that id")


seen = []
for i, step in enumerate(steps):
    label = step.get("name") or f"step {i + 1}"
    for key, value in step.items():
        for s, where in walk(value, f"'{label}'.{key}"):
            check_refs(s, where, seen)
    if "id" in step:
        seen.append(step["id"])
for s, where in walk(outputs, "outputs"):
    check_refs(s, where, ids)

print(f"{len(steps)} steps, {len(inputs)} inputs, {len(outputs)} outputs checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
