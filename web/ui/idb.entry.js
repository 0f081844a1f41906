// @ts-check
// The npm part of the chats' store: idb, IndexedDB with Promises. esbuild
// bundles this file into lib/idb.js (make build), the one module db.js
// imports.
export { openDB } from "idb";
