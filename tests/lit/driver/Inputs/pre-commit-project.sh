#!/bin/sh
# pre-commit-project.sh HOOKS_FILE DIR: a hooks repository holding tlsguard's
# .pre-commit-hooks.yaml (DIR/hooks) and a project using its tlsguard-lint
# hook at that commit (DIR/project), both fresh git repositories.
set -eu
hooks_file=$1
dir=$2
git_commit() { git -c user.name=test -c user.email=test@example.invalid -c commit.gpgsign=false commit -q "$@"; }

mkdir -p "$dir/hooks" "$dir/project"
cd "$dir/hooks"
git init -q
cp "$hooks_file" .pre-commit-hooks.yaml
git add .pre-commit-hooks.yaml
git_commit -m hooks
rev=$(git rev-parse HEAD)

cd "$dir/project"
git init -q
cat > .pre-commit-config.yaml <<CONFIG
repos:
  - repo: $dir/hooks
    rev: $rev
    hooks:
      - id: tlsguard-lint
      - id: tlsguard-lint-build
        args: [dist]
CONFIG
git add .pre-commit-config.yaml
git_commit -m config
