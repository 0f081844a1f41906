# Every command of the README is a target here. `make help` lists them.
GO      ?= go
WASMENV := GOOS=js GOARCH=wasm
WEB     ?= web
# net/http's HTTP/2 is dead code under fetch (the browser speaks HTTP/2 itself): -125 KB brotli.
WASMTAGS := -tags=nethttpomithttp2
# Under fetch net/http never dials: its socket path (DNS, TCP, TLS and its
# certificates and maths, gzip) stays linked only as the fallback for a JS host
# without fetch. Compiling those packages without inlining (-l) only makes
# them smaller, as requests do not run them (an upload reads its multipart
# boundary from crypto/rand, once): -100 KB brotli.
WASMCOLD  := crypto/... vendor/golang.org/x/crypto/... math/big encoding/asn1 \
	net vendor/golang.org/x/net/dns/dnsmessage compress/... hash/crc32
WASMFLAGS := $(WASMTAGS) $(foreach p,$(WASMCOLD),-gcflags=$(p)=-l)

.PHONY: help build run test test-js lint lint-js deps peers bench size clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The browser side's sources live in web/ (edgen/: the npm package; ui/: the
# chat components the page and the extension share; page/: the demo page;
# extension/); what the build makes for them goes to OUT, which mirrors web/:
# OUT/edgen/edgen.wasm and wasm_exec.js beside the loader, OUT/ui/lib/markdown.js,
# OUT/ui/lib/idb.js and expression.js beside the modules that import them.
# serve.go serves web/ with OUT laid over it.
#
# make build rebuilds only what changed (targets are real files). COMPRESS=fast
# (the default, for development: gzip -1, brotli -q 4) or COMPRESS=full
# (release and package: gzip -9, brotli -q 11) sets the .gz/.br compression.
OUT     ?= build/web
COMPRESS ?= fast
GZIP_LEVEL_fast := 1
GZIP_LEVEL_full := 9
BROTLI_Q_fast   := 4
BROTLI_Q_full   := 11
GZIP_LEVEL = $(or $(GZIP_LEVEL_$(COMPRESS)),$(error COMPRESS must be fast or full, not $(COMPRESS)))
BROTLI_Q   = $(BROTLI_Q_$(COMPRESS))
WASM_SRC  := go.mod go.sum $(shell find wasm client internal -name '*.go' -not -name '*_test.go' 2>/dev/null)
SERVE_SRC := go.mod go.sum serve.go $(shell find internal client -name '*.go' -not -name '*_test.go' 2>/dev/null)
SERVE_BIN := .bin/serve
WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js
# The browser side's npm parts (web/package.json), each web/ui/NAME.entry.js
# bundled by esbuild into OUT/ui/lib/NAME.js: marked, DOMPurify and highlight.js
# (its core and 17 languages) into markdown.js; idb (IndexedDB with Promises,
# the chats' store) into idb.js; jsep (the arithmetic tool's parser) into
# expression.js. esbuild also bundles the extension.
WEB_NPM   := $(WEB)/node_modules/.package-lock.json
ESBUILD   := $(WEB)/node_modules/.bin/esbuild
WASM_OUT  := $(OUT)/edgen/edgen.wasm
EXEC_OUT  := $(OUT)/edgen/wasm_exec.js
WEB_LIB   := $(OUT)/ui/lib/markdown.js $(OUT)/ui/lib/idb.js $(OUT)/ui/lib/expression.js
# chat.completions.parse()'s npm parts (@cfworker/json-schema, partial-json),
# bundled beside the loader and imported on first use (web/edgen/parse.js).
EDGEN_LIB := $(OUT)/edgen/structured.js
COMPRESSED := $(foreach f,$(WASM_OUT) $(EXEC_OUT),$(f).gz $(f).br)

build: $(WASM_OUT) $(EXEC_OUT) $(COMPRESSED) $(WEB_LIB) $(EDGEN_LIB) ## compile edgen.wasm, copy wasm_exec.js (plus .gz/.br), bundle ui/lib/*.js and edgen/structured.js, all into build/web

# No build ID (-buildid=): it changes with any input, go.mod's go line
# included, and moves brotli's size by up to 3 KB, which make size would
# then report as the code's.
$(WASM_OUT): $(WASM_SRC)
	@mkdir -p $(@D)
	$(WASMENV) $(GO) build $(WASMFLAGS) -trimpath -ldflags='-s -w -buildid=' -o $@ ./wasm

# wasmtest builds its wasm binaries with the flags this prints.
.PHONY: wasmflags
wasmflags:
	@echo '$(WASMFLAGS)'

$(EXEC_OUT): $(WASM_EXEC)
	@mkdir -p $(@D)
	cp "$<" $@

# build/compression holds the last COMPRESS used, so switching it recompresses.
build/compression: FORCE
	@mkdir -p build; echo '$(COMPRESS)' | cmp -s - $@ || echo '$(COMPRESS)' > $@

%.gz: % build/compression
	gzip -$(GZIP_LEVEL) -c $< > $@

%.br: % build/compression
	@if command -v brotli >/dev/null; then brotli -q $(BROTLI_Q) -c $< > $@; \
	else echo "brotli not installed: no $@ (make deps installs it)"; fi

$(WEB_NPM): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund

# wasmtest's builtDir makes these with OUT=<a fresh build>.
.PHONY: web-lib
web-lib: $(WEB_LIB)

$(OUT)/ui/lib/%.js: $(WEB)/ui/%.entry.js $(WEB_NPM)
	$(ESBUILD) $< --bundle --format=esm --minify --legal-comments=eof --log-level=warning --outfile=$@

$(EDGEN_LIB): $(WEB)/edgen/structured.entry.js $(WEB_NPM)
	$(ESBUILD) $< --bundle --format=esm --minify --legal-comments=eof --log-level=warning --outfile=$@

$(SERVE_BIN): $(SERVE_SRC)
	$(GO) build -o $@ serve.go

run: build $(SERVE_BIN) ## the demo page at http://127.0.0.1:8080 (ARGS="-fake" and other serve.go flags)
	$(SERVE_BIN) -web $(WEB) -build $(OUT) $(ARGS)

.PHONY: FORCE
FORCE:

# The browser extension (web/extension/), one source for two builds, each a
# folder to load unpacked and a zip ready to upload: Chrome's (its side panel,
# a service worker) in build/extension and build/edgen-extension.zip, and
# Firefox's (its sidebar, background scripts) in build/extension-firefox and
# build/edgen-extension-firefox.zip. web/manifest.mjs writes each manifest:
# web/extension/manifest.json with the browser's manifest.<browser>.json
# merged in. esbuild bundles the scripts and styles (web/bundle.mjs: the
# panel imports the library from web/edgen/ and the chat from web/ui/), so no
# list of files is kept here: the rest of web/extension/ (HTML, icons) is
# copied as it is, and the client's edgen.wasm comes from OUT.
# EXTENSION_DIR=<dir> puts the folders elsewhere (<dir> and <dir>-firefox),
# the zips next to them; wasmtest's TestExtension and TestExtensionFirefox
# run this target with OUT=<a fresh build>.
EXTENSION_DIR ?= build/extension
EXTENSION_FIREFOX_DIR := $(EXTENSION_DIR)-firefox
EXTENSION_ZIP := $(dir $(abspath $(EXTENSION_DIR)))edgen-extension.zip
EXTENSION_FIREFOX_ZIP := $(dir $(abspath $(EXTENSION_DIR)))edgen-extension-firefox.zip

# The content scripts of the Prompt API for sites (web/extension/lend/, Chrome
# only: its offscreen document hosts the client), bundled as classic scripts.
LEND_SCRIPTS := $(addprefix $(WEB)/extension/lend/,relay.js page.js page-replace.js)

# $(call extension-build,BROWSER,DIR,ZIP): one browser's folder DIR and its
# zip ZIP, whose manifest is the one the store takes (without "key", which the
# Web Store refuses). The scripts see the browser as EXTENSION_BROWSER.
define extension-build
	rm -rf $(2) $(3) $(2).zip-stage
	mkdir -p $(2)
	cd $(WEB)/extension && find . -type f ! -name '*.js' ! -name '*.css' ! -name '*.go' ! -name '*.ts' ! -name 'manifest*.json' \
		$(if $(filter chrome,$(1)),,! -path './lend/*') -exec cp --parents {} $(abspath $(2))/ \;
	node $(WEB)/bundle.mjs $(OUT) $(2) --define:EXTENSION_BROWSER='"$(1)"' \
		$(WEB)/extension/panel.js $(WEB)/extension/background.js $(WEB)/extension/panel.css \
		$(if $(filter chrome,$(1)),$(WEB)/extension/lend/offscreen.js)
	$(if $(filter chrome,$(1)),node $(WEB)/bundle.mjs $(OUT) $(2)/lend --iife $(LEND_SCRIPTS))
	cp $(WASM_OUT) $(2)/
	node $(WEB)/manifest.mjs $(1) $(2)
	cp -r $(2) $(2).zip-stage && node $(WEB)/manifest.mjs $(1) $(2).zip-stage --store
	cd $(2).zip-stage && if command -v zip >/dev/null; then zip -q -X -r $(3) .; \
	else python3 -m zipfile -c $(3) *; fi
	rm -rf $(2).zip-stage
endef

.PHONY: extension
extension: $(WASM_OUT) $(EXEC_OUT) $(WEB_LIB) $(EDGEN_LIB) ## assemble the Manifest V3 extension for Chrome (build/extension) and Firefox (build/extension-firefox), and their zips
	$(call extension-build,chrome,$(EXTENSION_DIR),$(EXTENSION_ZIP))
	$(call extension-build,firefox,$(EXTENSION_FIREFOX_DIR),$(EXTENSION_FIREFOX_ZIP))

# The npm package of the JavaScript library: web/edgen/ (its package.json,
# whose "files" is the one list of what ships, and the one version number)
# with edgen.wasm and wasm_exec.js from OUT. wasmtest's TestPackage runs this
# target with OUT=<a fresh build>.
PACKAGE_OUT ?= build

.PHONY: package
package: build ## the npm package: build/edgen-wasm-<version>.tgz (npm pack)
	sh $(WEB)/edgen/pack.sh $(WEB)/edgen $(OUT)/edgen $(PACKAGE_OUT)

# Debian's packages the tests need, and a command of each that shows it is
# there: Xvfb and xdotool give the extension test a real keyboard; Firefox
# ESR and WebKitGTK (WebKitWebDriver and its MiniBrowser, on Xvfb) are the
# other engines the tests run in. No browser is downloaded from elsewhere.
DEBIAN_DEPS := chromium:chromium brotli:brotli xvfb:Xvfb xdotool:xdotool \
	firefox-esr:firefox-esr webkit2gtk-driver:WebKitWebDriver

deps: ## install what the tests need: Chromium, Firefox ESR, WebKitGTK, brotli, Xvfb and xdotool from Debian, npm packages
	@missing=$$(for d in $(DEBIAN_DEPS); do command -v $${d#*:} >/dev/null || echo $${d%%:*}; done); \
	if [ -n "$$missing" ]; then \
		echo "installing from Debian:" $$missing; \
		apt-get update && apt-get install -y $$missing; fi
	cd wasmtest && npm ci --no-audit --no-fund

# The real servers of ../shared/peers (ollama, Prism) for the interop tests:
# started unless they already answer; ollama is built once (4-7 min), then
# cached under PEERS_WORK. The tests find them through these variables.
PEERS       ?= $(abspath ../shared/peers)
PEERS_WORK  ?= $(HOME)/.cache/edgen-peers
OLLAMA_PORT ?= 11434
PRISM_PORT  ?= 4010
export EDGEN_TEST_OLLAMA_URL := http://127.0.0.1:$(OLLAMA_PORT)/v1/
export EDGEN_TEST_PRISM_URL  := http://127.0.0.1:$(PRISM_PORT)/v1/
# Tests that start a peer of their own (TestDoctor's ollama) find its
# scripts and its built binary here.
export EDGEN_PEERS      := $(PEERS)
export EDGEN_PEERS_WORK := $(PEERS_WORK)

peers: ## start ollama and Prism from ../shared/peers, unless they already answer
	@test -d $(PEERS) || { echo "peers: $(PEERS) is missing" >&2; exit 1; }
	@curl -fs -o /dev/null http://127.0.0.1:$(OLLAMA_PORT)/api/version || \
		WORK=$(PEERS_WORK) PORT=$(OLLAMA_PORT) bash $(PEERS)/ollama/run-ollama.sh
	@curl -fs -o /dev/null http://127.0.0.1:$(PRISM_PORT)/v1/models || \
		WORK=$(PEERS_WORK) PORT=$(PRISM_PORT) bash $(PEERS)/prism/run-prism.sh

STATICCHECK := $(CURDIR)/.bin/staticcheck

# Two Go modules: the library's at the root, and wasmtest/, whose tests need
# a JavaScript engine and bring their own dependencies (chromedp), which
# users of the library never download. lint and test cover both.
lint: $(STATICCHECK) lint-js ## gofmt, go vet and staticcheck, each for the native and the js/wasm build, in both Go modules; lint-js
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...
	$(STATICCHECK) ./...
	$(WASMENV) $(STATICCHECK) ./...
	cd wasmtest && $(GO) vet ./...
	cd wasmtest && $(WASMENV) $(GO) vet ./...
	cd wasmtest && $(STATICCHECK) ./...
	cd wasmtest && $(WASMENV) $(STATICCHECK) ./...

# web/'s JavaScript: tsc --noEmit over the browser side (web/tsconfig.json,
# strict, checkJs: JSDoc types; the page and the extension see the library
# through web/edgen/edgen.d.ts), then over the Node side (tsconfig.node.json:
# the tools and the tests), and ESLint (web/eslint.config.js).
lint-js: $(WEB_NPM) ## tsc and eslint over web/'s JavaScript
	cd $(WEB) && node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/tsc -p tsconfig.node.json && node_modules/.bin/eslint .

# The JS unit tests of the modules that need no browser (web/test/*.test.js,
# node --test): they import web/ with OUT laid over it (web/test/hooks.mjs).
test-js: $(WEB_LIB) ## the JS unit tests (node --test web/test): store, errors, Markdown, settings, the package's surface
	cd $(WEB) && EDGEN_WEB_OUT=$(abspath $(OUT)) node --import ./test/setup.mjs --test test/*.test.js

# staticcheck, built natively (it then checks either build), pinned.
$(STATICCHECK):
	GOBIN=$(CURDIR)/.bin $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

# lint, build and peers run side by side (on a fresh machine ollama's build
# is the long pole); the wasmtest module takes several minutes, hence -timeout.
# EDGEN_REQUIRE_PEERS=1: a peer test whose server is missing fails here (a
# plain `go test ./...` skips it).
test: export EDGEN_REQUIRE_PEERS := 1
test: deps ## every test: native Go (-race), the JS unit tests, the wasm in Node and three browsers, the page, the interop with ollama and Prism
	$(MAKE) -j3 --output-sync=target lint build peers
	$(MAKE) test-js
	$(GO) test -race -count=1 -timeout 30m ./...
	cd wasmtest && $(GO) test -race -count=1 -timeout 30m ./...

bench: build wasmtest/bench/node_modules/.package-lock.json ## browser benchmark table (edgen.wasm vs openai JS vs fetch floor), then Go decoding; BENCHFLAGS=-profile adds the profile
	@command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium brotli; }
	cd wasmtest && $(GO) run ./bench -root $(CURDIR) $(BENCHFLAGS)
	$(GO) test -bench . -benchmem -run '^$$' ./client/

wasmtest/bench/node_modules/.package-lock.json: wasmtest/bench/package-lock.json
	cd wasmtest/bench && npm ci --no-audit --no-fund

size: build ## edgen.wasm raw, gzip -9 and brotli -q 11
	@printf '%-22s %10s\n' raw "$$(wc -c < $(WASM_OUT))"
	@printf '%-22s %10s\n' gzip-9 "$$(gzip -9 -c $(WASM_OUT) | wc -c)"
	@printf '%-22s %10s\n' brotli-11 "$$(brotli -q 11 -c $(WASM_OUT) | wc -c)"

clean: ## remove build outputs
	rm -rf build .bin
