// Type declarations for edgen.js, the JavaScript face of the Edgen client
// (Go compiled to WebAssembly). Field names are the wire's; a field the
// server sends as null is null, a field it leaves out is missing.

// ------------------------------------------------------------ loading

/** Options of load(): where edgen.wasm is, plus client settings for configure(). */
export interface LoadOptions extends ClientOptions {
  /** URL of edgen.wasm; default: edgen.wasm beside edgen.js. */
  wasmURL?: string | URL;
}

/**
 * Loads edgen.wasm and resolves to the API, the same object as
 * globalThis.edgen. The Go program starts once: a later call applies its
 * client settings to that API (as configure() does) and rejects if it names
 * another wasmURL.
 */
export function load(options?: LoadOptions): Promise<EdgenAPI>;

/** The object load() resolves to, also globalThis.edgen. */
export interface EdgenAPI extends Edgen, ErrorClasses {
  /** True once the API is callable; false again if the Go program exits. */
  ready: boolean;
  /** The WebAssembly memory of the Go program, when load() started it. */
  readonly memory?: WebAssembly.Memory;
  /** Creates an independent client with its own settings. */
  Edgen: typeof Edgen;
  Stream: typeof Stream;
  StreamRequest: typeof StreamRequest;
  findLocalServers: typeof findLocalServers;
}

declare global {
  /** Defined by edgen.wasm; fully usable once edgen.ready is true. */
  var edgen: EdgenAPI | undefined;
}

// ------------------------------------------------------------ settings

/**
 * Client settings (edgen.configure, new edgen.Edgen, load), also accepted
 * per request. Any other key is a TypeError naming it.
 */
export interface ClientOptions {
  /** Base URL of the API; default http://127.0.0.1:33322/v1/. Relative URLs resolve against the page. */
  baseURL?: string;
  /** Sent as "Authorization: Bearer <key>" only when set. Edgen needs none. */
  apiKey?: string;
  /** Milliseconds to wait for the response headers, and then for each chunk; 0 means none. Default 10 minutes. */
  timeout?: number;
  /** Retries on connection errors, timeouts, 408, 409, 429 and >= 500. Default 2. */
  maxRetries?: number;
  /** Extra request headers; null or undefined removes one. */
  headers?: Record<string, string | null | undefined>;
  /**
   * What the client logs: requests and responses at "debug", retries at
   * "info". Default "off", or "info" when a logger is given. API keys and
   * header values are never logged.
   */
  logLevel?: LogLevel;
  /** Where the log goes; default console. */
  logger?: Logger;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** A logger: each method gets the message and its attributes. console is one. */
export interface Logger {
  debug(message: string, attributes: Record<string, unknown>): void;
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Per-request options: the client settings for this request, and its signal. */
export interface RequestOptions extends ClientOptions {
  /** Aborting rejects with APIUserAbortError and closes the connection. */
  signal?: AbortSignal;
}

/** The raw response beside the data, from withResponse(). */
export interface RawResponse {
  status: number;
  headers: Headers;
}

/** What every method that does not stream returns. */
export interface APIPromise<T> extends Promise<T> {
  /** The data with the raw response, as in the OpenAI JS library. */
  withResponse(): Promise<{ data: T; response: RawResponse }>;
  /** The response as a fetch Response (its body the JSON text). */
  asResponse(): Promise<Response>;
}

// ------------------------------------------------------------ clients

/** A client with the whole API. `edgen` itself is one, bound to the default settings. */
export declare class Edgen {
  constructor(options?: ClientOptions);
  /**
   * Changes the settings. Keys left out keep their value; a key set to
   * undefined goes back to its default. Throws a TypeError for a bad value.
   */
  configure(options: ClientOptions): void;
  /**
   * Why this client's server (or the one at baseURL) can or cannot be used
   * from here, with the fix, asked with the client's API key and headers.
   * A request or two; it never rejects.
   */
  diagnose(baseURL?: string | URL): Promise<Diagnosis>;
  readonly chat: Chat;
  readonly audio: { readonly transcriptions: Transcriptions };
  readonly embeddings: Embeddings;
  readonly images: Images;
  readonly models: Models;
  readonly misc: Misc;
}

/** Creates a chat completion: a Promise, or with stream: true a StreamRequest. */
export interface ChatCreate {
  (params: ChatCompletionCreateParamsStreaming, options?: RequestOptions): StreamRequest;
  (params: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ChatCompletion>;
  (params: ChatCompletionCreateParams, options?: RequestOptions): StreamRequest | APIPromise<ChatCompletion>;
}

/** The chat model's status, for a download progress bar. */
export type ChatStatus = (options?: RequestOptions) => APIPromise<Status>;

/** edgen.chat(...), also edgen.chat.completions.create(...). */
export interface Chat extends ChatCreate {
  readonly completions: { readonly create: ChatCreate; readonly status: ChatStatus };
  /** The same as chat.completions.status. */
  readonly status: ChatStatus;
}

export interface Transcriptions {
  create(params: TranscriptionCreateParams, options?: RequestOptions): APIPromise<Transcription>;
  status(options?: RequestOptions): APIPromise<Status>;
}

export interface Embeddings {
  create(params: EmbeddingCreateParams, options?: RequestOptions): APIPromise<CreateEmbeddingResponse>;
  status(options?: RequestOptions): APIPromise<Status>;
}

export interface Images {
  generate(params: ImageGenerateParams, options?: RequestOptions): APIPromise<ImageGeneration>;
}

export interface Models {
  list(options?: RequestOptions): APIPromise<ModelList>;
  /** id looks like "owner/repo"; it is sent as one path segment. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Model>;
  delete(id: string, options?: RequestOptions): APIPromise<ModelDeleted>;
  /** The same as delete. */
  del(id: string, options?: RequestOptions): APIPromise<ModelDeleted>;
}

export interface Misc {
  version(options?: RequestOptions): APIPromise<Version>;
}

// ------------------------------------------------------------ streams

/**
 * What chat({stream: true}) returns: awaiting it gives the Stream once the
 * response headers arrived (an HTTP error rejects); it is also async-iterable
 * itself, so `for await` works without an `await` first.
 */
export declare class StreamRequest implements PromiseLike<Stream>, AsyncIterable<ChatCompletionChunk> {
  private constructor();
  then<T = Stream, E = never>(
    onfulfilled?: ((value: Stream) => T | PromiseLike<T>) | null,
    onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E>;
  catch<E = never>(onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<Stream | E>;
  finally(onfinally?: (() => void) | null): Promise<Stream>;
  /** The Stream with the raw response, once the headers arrived. */
  withResponse(): Promise<{ data: Stream; response: RawResponse }>;
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk>;
}

/**
 * A streamed chat completion, consumed once. `break`, abort() and the
 * request's AbortSignal close the connection; after the signal fired, the
 * pending next() rejects with APIUserAbortError, while break and abort()
 * end quietly.
 */
export declare class Stream implements AsyncIterable<ChatCompletionChunk> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk>;
  /** Ends the stream quietly and closes the connection. */
  abort(): void;
  /** The chunks as newline-delimited JSON bytes. Consumes the stream. */
  toReadableStream(): ReadableStream<Uint8Array>;
  /**
   * The answer the Go client's ChatCompletionAccumulator makes of every
   * chunk (those already iterated included); reads the stream to its end if
   * nobody iterates it, else waits for the iteration to end.
   */
  finalChatCompletion(): Promise<ChatCompletion>;
}

// ------------------------------------------------------------ errors

/**
 * Every API failure (TypeError aside, for bad arguments). The message gives
 * the server's own words first, then the status and code.
 */
export declare class APIError extends Error {
  constructor(message: string, init?: {
    status?: number; headers?: Record<string, string>; error?: unknown;
    code?: string; type?: string; param?: string; requestID?: string; cause?: unknown;
  });
  /** HTTP status, when a response arrived (for an error event in a stream: the stream's). */
  readonly status: number | undefined;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string> | undefined;
  /** The error body: parsed JSON, else its text; undefined when empty. */
  readonly error: unknown;
  /** Edgen's error tag ("no_such_model") or the OpenAI envelope's code (else its type). */
  readonly code: string | undefined;
  /** The OpenAI envelope's type, or a problem+json body's type URI. */
  readonly type: string | undefined;
  /** The OpenAI envelope's param: the request field at fault. */
  readonly param: string | undefined;
  /** The x-request-id response header. */
  readonly requestID: string | undefined;
}
/** No usable response: the connection failed or broke mid-stream. */
export declare class APIConnectionError extends APIError {
  /**
   * Why, with the fix: the diagnosis of the request's server, as
   * diagnose() makes it. The probes run when this is first read, so the
   * error itself comes at once; later reads give the same Promise.
   */
  readonly reason: Promise<Diagnosis>;
}
/** The timeout passed while waiting for the headers or the next chunk. */
export declare class APITimeoutError extends APIConnectionError {}
/** The OpenAI JS library's name of APITimeoutError: the same class. */
export { APITimeoutError as APIConnectionTimeoutError };
/** The request's AbortSignal fired; cause is the signal's reason. */
export declare class APIUserAbortError extends APIError {}
/** An HTTP error status; the subclasses name the usual ones. */
export declare class APIStatusError extends APIError {
  readonly status: number;
  readonly headers: Record<string, string>;
}
export declare class BadRequestError extends APIStatusError {}
export declare class AuthenticationError extends APIStatusError {}
export declare class PermissionDeniedError extends APIStatusError {}
export declare class NotFoundError extends APIStatusError {}
export declare class ConflictError extends APIStatusError {}
export declare class UnprocessableEntityError extends APIStatusError {}
export declare class RateLimitError extends APIStatusError {}
export declare class InternalServerError extends APIStatusError {}

/** The error classes, also properties of `edgen`. */
export interface ErrorClasses {
  APIError: typeof APIError;
  APIConnectionError: typeof APIConnectionError;
  APITimeoutError: typeof APITimeoutError;
  APIConnectionTimeoutError: typeof APITimeoutError;
  APIUserAbortError: typeof APIUserAbortError;
  APIStatusError: typeof APIStatusError;
  BadRequestError: typeof BadRequestError;
  AuthenticationError: typeof AuthenticationError;
  PermissionDeniedError: typeof PermissionDeniedError;
  NotFoundError: typeof NotFoundError;
  ConflictError: typeof ConflictError;
  UnprocessableEntityError: typeof UnprocessableEntityError;
  RateLimitError: typeof RateLimitError;
  InternalServerError: typeof InternalServerError;
}

// ------------------------------------------------------------ the doctor

/**
 * Why an API cannot be used from here, or "ok":
 * - "invalid-url": not an http(s) address;
 * - "mixed-content": an https page calling plain http on another computer;
 * - "blocked-by-page": the page's Content-Security-Policy forbids the address;
 * - "nothing-listening": no server at that host and port (in Node also: no such host);
 * - "refuses-origin": a server answers, but not to this page's origin (CORS);
 * - "local-network-denied" / "local-network-prompt": the browser's local-network
 *   permission (Chrome's Local Network Access) is denied, or not yet granted;
 * - "unauthorized" (401), "forbidden" (403, from the server or a proxy),
 *   "gateway" (a proxy's 502, 503 or 504), "server-error" (another 5xx);
 * - "not-openai": it answers, but not as an OpenAI-compatible API (HTML,
 *   JSON without a models list, 404);
 * - "no-answer": it took the connection but did not answer in time.
 */
export type DiagnosisReason =
  | "ok" | "invalid-url" | "mixed-content" | "blocked-by-page" | "nothing-listening" | "refuses-origin"
  | "local-network-denied" | "local-network-prompt" | "unauthorized" | "forbidden" | "gateway"
  | "server-error" | "not-openai" | "no-answer";

/** What diagnose() found. */
export interface Diagnosis {
  /** reason is "ok": the API answers with a models list. */
  ok: boolean;
  reason: DiagnosisReason;
  /** The API's base URL probed, absolute, with a trailing slash. */
  baseURL: string;
  /** What was found, in a sentence for a person. */
  title: string;
  /** What to do about it, for the server that is there; "" when ok. */
  fix: string;
  /** The server that usually listens at that port (ollama at 11434, ...), if one does. */
  usual?: string;
  /** The server's name, when its answer tells ("Edgen", "ollama", "llama.cpp", "vLLM", "LM Studio"). */
  server?: string;
  /** The ids of its models, when ok. */
  models?: string[];
  /** The status of its answer, when it answered. */
  status?: number;
}

/** Options of diagnose(). */
export interface DiagnoseOptions {
  /** Sent as a real request would send it. */
  apiKey?: string;
  /** Sent as a real request would send them; null or undefined removes one. */
  headers?: Record<string, string | null | undefined>;
  /** Milliseconds each probe waits for an answer; default 3000. */
  timeout?: number;
}

/** Options of findLocalServers(). */
export interface FindServersOptions {
  /** Where to look: default Edgen 33322, ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000, Jan 1337, on 127.0.0.1. */
  servers?: { name: string; port: number }[];
  /** Milliseconds each probe waits for an answer; default 3000. */
  timeout?: number;
}

/**
 * Why the API at baseURL (default Edgen's, http://127.0.0.1:33322/v1/) can
 * or cannot be used from here, with the fix: a GET of its models list,
 * then, when that fails, a no-cors request and the local-network
 * permission to tell the causes apart. It never rejects.
 */
export function diagnose(baseURL?: string | URL, options?: DiagnoseOptions): Promise<Diagnosis>;

/**
 * Looks for servers on this computer (127.0.0.1) at their usual ports, all
 * at once, and resolves to the diagnosis of each that answers: "ok" ones
 * with their name and models, the others with the fix. The page's own
 * server is left out.
 */
export function findLocalServers(options?: FindServersOptions): Promise<Diagnosis[]>;

// ------------------------------------------------------------ requests

export type ChatCompletionRole = "system" | "user" | "assistant" | "tool";

export interface ChatCompletionContentPartText {
  type: "text";
  text: string;
}

/** Edgen's image part, with a flat url. */
export interface ChatCompletionContentPartImage {
  type: "image_url";
  url: string;
  detail?: string | null;
}

/** OpenAI's image part, the url nested in image_url: what OpenAI-compatible servers read (Edgen does not). */
export interface ChatCompletionContentPartImageNested {
  type: "image_url";
  image_url: { url: string; detail?: string | null };
}

export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | ChatCompletionContentPartImageNested;

export interface ChatCompletionSystemMessageParam {
  role: "system";
  content?: string | null;
  name?: string | null;
}

export interface ChatCompletionUserMessageParam {
  role: "user";
  content: string | ChatCompletionContentPart[];
  name?: string | null;
}

export interface ChatCompletionAssistantMessageParam {
  role: "assistant";
  content?: string | null;
  name?: string | null;
  tool_calls?: ChatCompletionMessageToolCall[] | null;
}

export interface ChatCompletionToolMessageParam {
  role: "tool";
  content?: string | null;
  tool_call_id: string;
}

export type ChatCompletionMessageParam =
  | ChatCompletionSystemMessageParam
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam;

export interface ChatCompletionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export type ChatCompletionToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; function: { name: string } };

export interface ChatCompletionCreateParamsBase {
  /** "" or "default": the server's configured model; "owner/repo/file" downloads one on first use. */
  model: string;
  messages: ChatCompletionMessageParam[];
  frequency_penalty?: number | null;
  /** Token id (as a string) to bias. */
  logit_bias?: Record<string, number> | null;
  max_tokens?: number | null;
  n?: number | null;
  presence_penalty?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
  /** With stream: true; include_usage asks OpenAI-compatible servers for a last chunk carrying the usage. */
  stream_options?: { include_usage?: boolean } | null;
  response_format?: { type: string } | null;
  temperature?: number | null;
  top_p?: number | null;
  tools?: ChatCompletionTool[] | null;
  tool_choice?: ChatCompletionToolChoice | null;
  user?: string | null;
  /** Edgen: forget the conversation after this request. */
  one_shot?: boolean | null;
  /** Edgen: a hint of the context size to use. */
  context_hint?: number | null;
}

export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase {
  stream: true;
}

export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase {
  stream?: false | null;
}

export type ChatCompletionCreateParams = ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming;

export interface TranscriptionCreateParams {
  /** The audio: a File's name is sent with it. */
  file: Blob | ArrayBuffer | ArrayBufferView;
  model: string;
  language?: string | null;
  prompt?: string | null;
  response_format?: string | null;
  temperature?: number | null;
  create_session?: boolean | null;
  session?: string | null;
}

export interface EmbeddingCreateParams {
  input: string | string[];
  model: string;
}

export interface ImageGenerateParams {
  prompt: string;
  model: string;
  width?: number | null;
  height?: number | null;
  uncond_prompt?: string | null;
  steps?: number | null;
  images?: number | null;
  seed?: number | null;
  guidance_scale?: number | null;
  vae_scale?: number | null;
}

// ------------------------------------------------------------ responses

export interface ChatCompletionMessageToolCall {
  id: string;
  type: "function" | string;
  function: { name: string; arguments: string };
}

export interface ChatCompletionMessage {
  role: ChatCompletionRole | string;
  content: string | null;
  name?: string | null;
  tool_calls?: ChatCompletionMessageToolCall[] | null;
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: string | null;
}

export interface CompletionUsage {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  /** Edgen: "text_completion". */
  object: string;
  created: number;
  /** Edgen: always "main". */
  model: string;
  system_fingerprint?: string | null;
  choices: ChatCompletionChoice[];
  usage?: CompletionUsage | null;
}

export interface ChatCompletionChunkToolCall {
  index: number;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: {
    role?: string | null;
    content?: string | null;
    tool_calls?: ChatCompletionChunkToolCall[] | null;
  };
  finish_reason: string | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint?: string | null;
  choices: ChatCompletionChunkChoice[];
  usage?: CompletionUsage | null;
}

/** The answer of the three status routes. */
export interface Status {
  active_model: string;
  download_ongoing: boolean;
  /** 0 to 100. */
  download_progress: number;
  last_errors: string[];
}

export interface Transcription {
  text: string;
  /** Present only when a session exists. */
  session?: string;
}

export interface Embedding {
  object: string;
  embedding: number[];
  index: number;
}

/** The vectors are under `embeddings` from Edgen, under `data` from OpenAI-compatible servers: the body as sent. */
export interface CreateEmbeddingResponse {
  object: string;
  embeddings?: Embedding[];
  data?: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** Each image as its raw bytes, a number per byte. */
export interface ImageGeneration {
  images: number[][];
}

export interface Model {
  id: string;
  object: string;
  created: number;
  owned_by: string;
}

export interface ModelList {
  object: string;
  data: Model[];
  page?: number;
  per_page?: number;
}

export interface ModelDeleted {
  id: string;
  object: string;
  deleted: boolean;
}

export interface Version {
  major: number;
  minor: number;
  patch: number;
  build: string;
}

