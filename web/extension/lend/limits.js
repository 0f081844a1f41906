// @ts-check
// The limits a site lives within when it borrows the person's model. The
// offscreen document enforces them before anything reaches the server, and
// refuses with the Prompt API's own errors; the tests read them from here.

/**
 * The context window a session reports (contextWindow, inputQuota), in
 * tokens: what a typical local model takes at once. OpenAI-shaped servers
 * do not say their model's window, so this is the one figure used.
 */
export const CONTEXT_WINDOW = 4096;

/**
 * The most sessions one origin may hold open at once, across its tabs. A
 * session the page drops without destroy() is freed once the page's
 * garbage collector takes it (the explainer's N-shot example clones one per
 * question and never destroys them).
 */
export const MAX_SESSIONS = 8;

/**
 * The most characters of one call's input (a prompt, an append, the initial
 * prompts): far above what CONTEXT_WINDOW holds, so the window's
 * QuotaExceededError comes first; this bounds the work of measuring.
 */
export const MAX_INPUT_CHARS = 200_000;

/**
 * The most characters of one message through the relay, whole: a bigger
 * message is refused there and never reaches the extension.
 */
export const MAX_MESSAGE_CHARS = 400_000;

/**
 * The rate: an origin may make RATE_BURST calls that reach the server
 * (availability, create, prompt, promptStreaming) at once, and one more
 * each RATE_REFILL_MS after that: room for the explainer's examples run one
 * after the other (about 25 calls in a few seconds), not for a flood.
 */
export const RATE_BURST = 40;
export const RATE_REFILL_MS = 500;

/** How often create() asks the server's status route while a download runs, in ms. */
export const PROGRESS_POLL_MS = 500;

/**
 * The sampling parameters of LanguageModel.params(): Chrome's own defaults
 * and maxima, so code written for Chrome's model asks for what it expects.
 */
export const PARAMS = Object.freeze({ defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 });
