// @ts-check
// The npm package's surface (web/edgen/): edgen.js exports exactly the
// values edgen.d.ts declares, and what ships (package.json "files") holds
// every module its entry points import, internal ones included, while
// "exports" offers none of those to users.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { web } from "../overlay.mjs";

const dir = path.join(web, "edgen");
const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));

/**
 * The names of the values (functions, classes, constants, re-exports of
 * them) that the declaration file declares as exports; types are left out.
 * @param {string} file
 */
function declaredValues(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  /** @type {Set<string>} */
  const names = new Set();
  /** @type {Set<string>} */
  const classes = new Set();
  for (const s of source.statements) {
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      if (ts.isClassDeclaration(s)) classes.add(s.name.text);
      if (exported) names.add(s.name.text);
    } else if (ts.isVariableStatement(s) && exported) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    }
  }
  for (const s of source.statements) {
    if (!ts.isExportDeclaration(s) || s.isTypeOnly || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if (classes.has((e.propertyName ?? e.name).text)) names.add(e.name.text);
    }
  }
  return names;
}

test("edgen.js exports exactly what edgen.d.ts declares", async () => {
  const module = await import("../edgen/edgen.js");
  assert.deepEqual(new Set(Object.keys(module)), declaredValues(path.join(dir, "edgen.d.ts")));
});

test("worker/client.js exports exactly what worker/client.d.ts declares", async () => {
  const module = await import("../edgen/worker/client.js");
  assert.deepEqual(new Set(Object.keys(module)), declaredValues(path.join(dir, "worker", "client.d.ts")));
});

test("every module the package's files import ships with it", () => {
  const files = new Set(pkg.files);
  const built = ["wasm_exec.js", "structured.js"]; // make build's, which import nothing of the package
  for (const file of pkg.files.filter((/** @type {string} */ f) => f.endsWith(".js") && !built.includes(f))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(dir, file), "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const shipped = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      assert.ok(files.has(shipped), `${file} imports ${fileName}, which package.json's "files" leaves out`);
    }
  }
});

test("the package's internal module ships, but users cannot import it", () => {
  assert.ok(pkg.files.includes("surface.js"));
  const offered = JSON.stringify(pkg.exports);
  assert.doesNotMatch(offered, /surface/);
});
