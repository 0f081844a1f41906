// Prints the fields of every interface that a .d.ts file exports, as one
// JSON line, for TestWireTypesMatchGo (wasmtest/wiretypes_test.go):
// node dtsfields.mjs <edgen.d.ts>. It reads the file with the TypeScript
// compiler's type checker, so inherited fields (extends) and type aliases
// are resolved as tsc resolves them.
//
// {"Name": {"field": {"optional": bool, "type": Type}}}, where a Type is
// {"nullable": bool, "alts": [Alt]}: the alternatives of a union, null and
// undefined taken out, string, number and boolean literals folded into
// their kind. An Alt is {"kind": k} with k one of
//   "string", "number", "boolean", "any" (unknown or any),
//   "binary" (Blob, ArrayBuffer, ArrayBufferView: bytes the shim reads),
//   "array" and "record" (an index signature) with "elem": Type,
//   "ref" with "name": an interface this file exports,
//   "object" with "fields": an object type written inline,
//   "other" with "text": anything else (a function, a class).
import ts from "typescript";

const file = process.argv[2];
const program = ts.createProgram([file], {
  strict: true, noEmit: true, types: [],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.asynciterable.d.ts"],
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(file);
if (!source) throw new Error(`${file}: not found`);
const diagnostics = ts.getPreEmitDiagnostics(program, source);
if (diagnostics.length > 0) {
  throw new Error(ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n",
  }));
}

const binary = new Set(["Blob", "ArrayBuffer", "ArrayBufferView"]);

/** Whether sym is an interface declared in the file read. */
function ownInterface(sym) {
  return !!sym && (sym.flags & ts.SymbolFlags.Interface) !== 0 &&
    (sym.declarations ?? []).some((d) => d.getSourceFile() === source);
}

/** The fields of an object type, inherited ones included. */
function fields(type) {
  const out = {};
  for (const prop of checker.getPropertiesOfType(type)) {
    out[prop.name] = {
      optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
      type: describe(checker.getTypeOfSymbol(prop)),
    };
  }
  return out;
}

/** A Type: the alternatives of t, null and undefined set apart. */
function describe(t) {
  const result = { nullable: false, alts: [] };
  const seen = new Set();
  const add = (alt) => {
    const key = JSON.stringify(alt);
    if (!seen.has(key)) {
      seen.add(key);
      result.alts.push(alt);
    }
  };
  for (const member of t.isUnion() ? t.types : [t]) {
    const f = member.flags;
    if (f & ts.TypeFlags.Null) result.nullable = true;
    else if (f & ts.TypeFlags.Undefined) continue;
    else add(alternative(member));
  }
  return result;
}

/** The Alt of a type that is no union. */
function alternative(t) {
  const f = t.flags;
  if (f & (ts.TypeFlags.StringLike)) return { kind: "string" };
  if (f & (ts.TypeFlags.NumberLike)) return { kind: "number" };
  if (f & (ts.TypeFlags.BooleanLike)) return { kind: "boolean" };
  if (f & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { kind: "any" };
  if (checker.isArrayType(t)) return { kind: "array", elem: describe(checker.getTypeArguments(t)[0]) };
  const sym = t.getSymbol();
  if (ownInterface(sym)) return { kind: "ref", name: sym.name };
  if (sym && binary.has(sym.name)) return { kind: "binary" };
  if (f & ts.TypeFlags.Object && sym && (sym.flags & ts.SymbolFlags.TypeLiteral)) {
    const index = checker.getIndexInfosOfType(t);
    if (index.length === 1 && checker.getPropertiesOfType(t).length === 0) {
      return { kind: "record", elem: describe(index[0].type) };
    }
    if (index.length === 0 && t.getCallSignatures().length === 0) return { kind: "object", fields: fields(t) };
  }
  return { kind: "other", text: checker.typeToString(t) };
}

const interfaces = {};
for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(source))) {
  if (ownInterface(sym)) interfaces[sym.name] = fields(checker.getDeclaredTypeOfSymbol(sym));
}
console.log(JSON.stringify(interfaces));
