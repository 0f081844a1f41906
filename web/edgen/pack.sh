#!/bin/sh
# pack.sh SRC BUILT OUT: the npm package of the JavaScript library,
# OUT/<name>-<version>.tgz, made by npm pack from SRC (web/edgen: package.json,
# README.md, LICENSE and the library's sources) and BUILT (edgen.wasm and
# wasm_exec.js from make build, and structured.js, which bundles parse()'s
# npm parts with their licenses). package.json's "files" is the one list of
# what ships: each entry must be there. OUT keeps exactly one tarball. Run from
# the module root; `make package` does.
set -eu
src=$1
built=$2
out=$3
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$out"
cp -R "$src"/. "$stage"/
cp "$built/edgen.wasm" "$built/wasm_exec.js" "$built/structured.js" "$stage"/
# The npm README: the package's README.md with, at its marker line, the sections
# of the repository README's "The npm package" from "Bundlers" on, one level up.
awk '
	FNR == NR {
		if (/^### Bundlers/) keep = 1
		else if (/^## /) keep = 0
		if (keep) { sub(/^### /, "## "); section = section $0 "\n" }
		next
	}
	/^<!-- pack.sh puts here/ { printf "%s", section; next }
	{ print }
' README.md "$src/README.md" > "$stage/README.md"
grep -q '^## Bundlers' "$stage/README.md" || { echo "package: no Bundlers section taken from README.md" >&2; exit 1; }

# The licenses of what edgen.wasm and wasm_exec.js are built from: Go and every module linked in.
{
	echo "edgen.wasm and wasm_exec.js contain code of Go and of these modules, under these licenses."
	printf '\n== Go %s\n\n' "$(go env GOVERSION)"
	cat "$(go env GOROOT)/LICENSE"
	GOOS=js GOARCH=wasm go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' ./wasm | sort -u |
		while read -r path version dir; do
			printf '\n== %s %s\n\n' "$path" "$version"
			cat "$dir"/LICENSE*
		done
} > "$stage/THIRD-PARTY-NOTICES"

node -e '
	const { existsSync } = require("node:fs");
	const missing = require(process.argv[1] + "/package.json").files.filter((f) => !existsSync(process.argv[1] + "/" + f));
	if (missing.length) { console.error("package: missing " + missing.join(", ") + " (make build makes the wasm files)"); process.exit(1); }
' "$stage"
rm -f "$out"/*.tgz
npm pack --silent --pack-destination "$out" "$stage"
