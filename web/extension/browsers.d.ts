// What the extension's scripts see of the browser beyond @types/chrome.

/** The browser `make extension` bundles for (web/bundle.mjs --define). */
declare const EXTENSION_BROWSER: "chrome" | "firefox";

/** Firefox's own namespace, for its sidebar, which Chrome has not. */
declare const browser: { sidebarAction: { open(): Promise<void> } };
