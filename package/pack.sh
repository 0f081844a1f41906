#!/bin/sh
# pack.sh WEB OUT: the npm package of the JavaScript library, OUT/<name>-<version>.tgz,
# made by npm pack from package/ (package.json, README.md, LICENSE) and the library
# files of WEB (edgen.wasm and wasm_exec.js from make build). OUT keeps exactly one
# tarball. Run from the module root; `make package` does.
set -eu
web=$1
out=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/worker" "$out"
cp package/package.json package/LICENSE "$stage/"
# The npm README: package/README.md with, at its marker line, the sections of the
# repository README's "The npm package" from "Bundlers" on, one level up.
awk '
	FNR == NR {
		if (/^### Bundlers/) keep = 1
		else if (/^## /) keep = 0
		if (keep) { sub(/^### /, "## "); section = section $0 "\n" }
		next
	}
	/^<!-- pack.sh puts here/ { printf "%s", section; next }
	{ print }
' README.md package/README.md > "$stage/README.md"
grep -q '^## Bundlers' "$stage/README.md" || { echo "package: no Bundlers section taken from README.md" >&2; exit 1; }
for f in edgen.js load.js edgen.d.ts edgen.wasm wasm_exec.js worker/client.js worker/client.d.ts worker/edgen-worker.js; do
	test -f "$web/$f" || { echo "package: $web/$f is missing (make build makes the wasm files)" >&2; exit 1; }
	cp "$web/$f" "$stage/$f"
done

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

rm -f "$out"/*.tgz
npm pack --silent --pack-destination "$out" "$stage"
