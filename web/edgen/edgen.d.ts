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
  ChatCompletionRunner: typeof ChatCompletionRunner;
  ParseStream: typeof ParseStream;
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

/**
 * What every method that does not stream returns, as in the OpenAI JS
 * library: awaiting it gives the data; withResponse() gives the same data
 * object with the fetch Response, and asResponse() that same Response.
 */
export interface APIPromise<T> extends Promise<T> {
  /**
   * The data (the very object the Promise resolves to) and the response:
   * the same Response object that asResponse() resolves to, with `ok`,
   * `status`, `url`, `headers.get()` and the body's JSON text unread.
   */
  withResponse(): Promise<{ data: T; response: Response }>;
  /** The response as a fetch Response: the same object for every call of this Promise. */
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
  readonly completions: ChatCompletions;
  /** The same as chat.completions.status. */
  readonly status: ChatStatus;
}

/** edgen.chat.completions: the endpoint and the helpers built on it. */
export interface ChatCompletions {
  readonly create: ChatCreate;
  readonly status: ChatStatus;
  /**
   * Runs a dialogue with tools, as the OpenAI JS library's runTools: asks
   * the model, runs the functions it calls (several at once when it asks for
   * several), sends their results back, and asks again until the model
   * answers without calling a tool or options.maxChatCompletions answers
   * were asked for. The loop runs here, on the calling side (also with the
   * worker client, whose functions stay on the page); the Go client does
   * the protocol (each answer is a chat.completions.create call, a streamed
   * one read by the Go accumulator).
   */
  runTools(params: RunToolsParams, options?: RunToolsOptions): ChatCompletionRunner;
  /**
   * Asks for an answer in a JSON schema and returns it parsed and validated
   * (message.parsed), as the OpenAI JS library's parse. response_format is a
   * Standard Schema that can give its JSON Schema (zod 4, arktype; valibot
   * through toStandardJsonSchema), a plain JSON Schema, or the wire's
   * {type: "json_schema", json_schema}. An answer cut off (finish_reason
   * "length"), filtered, refused, or not valid against the schema rejects
   * with LengthFinishReasonError, ContentFilterFinishReasonError,
   * RefusalError or OutputValidationError. With stream: true it returns a
   * ParseStream of partial objects. The JSON Schema validator and the
   * partial JSON parser load on first use (structured.js beside edgen.js).
   */
  parse<T = unknown>(params: ParseParams<T> & { stream?: false | null }, options?: RequestOptions): Promise<ParsedChatCompletion<T>>;
  parse<T = unknown>(params: ParseParams<T> & { stream: true }, options?: RequestOptions): ParseStream<T>;
  /**
   * A message's reasoning and answer read the one way (see Reasoning), for
   * a whole answer; streams give the same through Stream.parts(). The
   * message itself is left as the server sent it.
   */
  splitReasoning(message: ChatCompletionMessage): Promise<Reasoning>;
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
  /** Edgen's or OpenAI's request (see ImageGenerateParams). */
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
  /** The Stream with the fetch Response (its body is the stream's: read it through the Stream). */
  withResponse(): Promise<{ data: Stream; response: Response }>;
  /** The Stream's parts(), without awaiting the Stream first. */
  parts(): AsyncIterableIterator<StreamPart>;
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
  /**
   * The stream read by the Go client, piece by piece (see StreamPart):
   * reasoning whatever the server called it, the answer without <think>
   * tags, whole tool calls however the server cut them up, the finish
   * reasons, and at the end the usage and speed. Consumes the stream (the
   * chunks themselves are not handed out); finalChatCompletion() still
   * works. Nothing is read this way unless parts() is called.
   */
  parts(): AsyncIterableIterator<StreamPart>;
}

/**
 * One piece of a streamed answer as the client reads it; index is the
 * choice's. The wire's own fields stay in the chunks and in
 * finalChatCompletion(); parts are the one way to read them:
 * - "reasoning": text the model thought, from reasoning_content (DeepSeek,
 *   llama.cpp, LM Studio), reasoning (ollama, vLLM) or <think>...</think>
 *   at the start of the content (tags split across chunks included).
 * - "content": text of the answer, <think> tags and the reasoning left out.
 * - "content_to_reasoning": the model left out the opening <think> (its
 *   template had it) and has just closed it: the content handed out so
 *   far (text) was reasoning. Take it off the answer and add it to the
 *   reasoning.
 * - "refusal": text of a refusal (OpenAI's refusal field).
 * - "tool_call": a whole tool call, once its choice finished: its id,
 *   name and arguments put together from any of the shapes servers send.
 * - "finish": the choice's finish_reason (null when the server sent none).
 * - "stats": the last part: token counts and speed (AnswerStats).
 */
export type StreamPart =
  | { type: "reasoning"; index: number; text: string }
  | { type: "content"; index: number; text: string }
  | { type: "content_to_reasoning"; index: number; text: string }
  | { type: "refusal"; index: number; text: string }
  | { type: "tool_call"; index: number; toolCall: ChatCompletionMessageToolCall }
  | { type: "finish"; index: number; finishReason: string | null }
  | { type: "stats"; stats: AnswerStats };

/**
 * How much and how fast one answer came. usage is the server's when it sent
 * one (stream_options: {include_usage: true}, which the client sends again
 * without it when a server refuses it with a 400); otherwise counted from
 * the chunks (a chunk with text is about one token), and approximate is
 * true. Times are milliseconds, measured by the client as the stream was
 * read.
 */
export interface AnswerStats {
  usage: CompletionUsage;
  approximate: boolean;
  /** From the request to the first chunk carrying text or a tool call. */
  timeToFirstToken?: number;
  /** Completion tokens after the first, per second, up to the last chunk; missing when it cannot be measured. */
  tokensPerSecond?: number;
  /** From the request to the last chunk. */
  duration?: number;
  /** llama.cpp's own timings object, as sent. */
  timings?: Record<string, number>;
}

/**
 * A message's reasoning and answer, read the one way: reasoning from
 * reasoning_content, reasoning or a leading <think>...</think> (or, when
 * the model left out the opening tag, everything before the first
 * </think>); content without them.
 */
export interface Reasoning {
  reasoning: string;
  content: string;
}

// ------------------------------------------------------------ tools

/** A tool the runner can call: a JS function with its JSON Schema. */
export interface RunnableTool<Args = any> {
  type: "function";
  function: {
    /** The name the model calls it by; default: the function's own name. */
    name?: string;
    description?: string;
    /** JSON Schema of the arguments object. */
    parameters?: Record<string, unknown>;
    strict?: boolean;
    /**
     * Runs the call: a string result is sent as is, anything else as
     * JSON. A thrown error is sent back as "Error: <message>" so the model
     * can go on. context.signal aborts with the runner.
     */
    function: (args: Args, context: ToolContext) => unknown;
    /** Reads the arguments text; default JSON.parse. A throw is sent back as the result. */
    parse?: (text: string) => Args;
  };
}

/** What a tool function gets beside its arguments. */
export interface ToolContext {
  /** Fires when the runner is aborted. */
  signal: AbortSignal;
  /** The call being run. */
  call: ChatCompletionMessageToolCall;
}

/** The params of runTools: those of create, with runnable tools. */
export interface RunToolsParams extends Omit<ChatCompletionCreateParamsBase, "tools"> {
  tools: RunnableTool[];
  /** Streams each answer: the content, reasoning and part events fire as it comes. */
  stream?: boolean | null;
}

/** The options of runTools: the request options and the runner's own. */
export interface RunToolsOptions extends RequestOptions {
  /** The most answers to ask for (rounds); default 10. */
  maxChatCompletions?: number;
  /**
   * Called before each call runs; false (or a Promise of false) refuses it:
   * the model is told the user refused it, and toolCallRefused fires.
   */
  approve?: (call: ChatCompletionMessageToolCall) => boolean | Promise<boolean>;
}

/** The events of a ChatCompletionRunner and their listeners. */
export interface RunnerEvents {
  /** A message added to the dialogue: each answer's message, then each tool result. */
  message: (message: ChatCompletionMessageParam) => void;
  /** Each answer, whole. */
  chatCompletion: (completion: ChatCompletion) => void;
  /** A tool call about to run (after approve). */
  functionToolCall: (call: ChatCompletionMessageToolCall) => void;
  /** A tool call's result, as sent back to the model. */
  functionToolCallResult: (result: string, call: ChatCompletionMessageToolCall) => void;
  /** A tool call that approve refused. */
  toolCallRefused: (call: ChatCompletionMessageToolCall) => void;
  /** Streaming: each part of each answer (see Stream.parts()). */
  part: (part: StreamPart) => void;
  /** Streaming: answer text of choice 0 as it comes, and all of it so far in this answer. */
  content: (delta: string, snapshot: string) => void;
  /** Streaming: reasoning of choice 0 as it comes, and all of it so far in this answer. */
  reasoning: (delta: string, snapshot: string) => void;
  /** The usage of all answers together, at the end. */
  totalUsage: (usage: CompletionUsage) => void;
  /** The run failed (also rejects done()). */
  error: (error: Error) => void;
  /** The run was aborted. */
  abort: (error: APIUserAbortError) => void;
  /** The run is over, however it ended. */
  end: () => void;
}

/**
 * A running runTools loop. Listeners see it as it happens; the Promises
 * give its outcome. abort() or the options' signal stop it at once: the
 * request in flight is cancelled, running tools see their signal fire, and
 * done() rejects with APIUserAbortError.
 */
export declare class ChatCompletionRunner {
  private constructor();
  on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  off<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  once<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  /** The dialogue: the params' messages, then every message added since. */
  readonly messages: ChatCompletionMessageParam[];
  /** Stops the run at once. */
  abort(): void;
  /** Resolves when the run is over; rejects with its error. */
  done(): Promise<void>;
  /** The last answer. */
  finalChatCompletion(): Promise<ChatCompletion>;
  /** The last answer's message. */
  finalMessage(): Promise<ChatCompletionMessage>;
  /** The last answer's content (null when it had none). */
  finalContent(): Promise<string | null>;
  /** Every answer so far. */
  allChatCompletions(): ChatCompletion[];
  /** The usage of all answers together. */
  totalUsage(): Promise<CompletionUsage>;
}

// ------------------------------------------------------------ structured answers

/**
 * A Standard Schema (standardschema.dev) that can give its JSON Schema:
 * zod 4 and arktype schemas are; a valibot schema is once wrapped with
 * toStandardJsonSchema from @valibot/to-json-schema.
 */
export interface StandardJSONSchema<T = unknown> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<T> | Promise<StandardResult<T>>;
    readonly jsonSchema: { readonly input: (options: { readonly target: string }) => Record<string, unknown> };
    readonly types?: { readonly input: unknown; readonly output: T } | undefined;
  };
}

/** What a Standard Schema's validate returns. */
export type StandardResult<T> =
  | { readonly value: T; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

/** A plain JSON Schema object. */
export type JSONSchema = Record<string, unknown>;

/** The params of parse: those of create, with the schema to answer in. */
export interface ParseParams<T> extends Omit<ChatCompletionCreateParamsBase, "response_format"> {
  /**
   * A Standard Schema with its JSON Schema (sent as json_schema named
   * "response"), a plain JSON Schema (likewise), or the wire's
   * {type: "json_schema", json_schema: {name, schema, strict}}.
   */
  response_format: StandardJSONSchema<T> | JSONSchema | ResponseFormatJSONSchema;
}

/** A message with its answer parsed and validated. */
export interface ParsedChatCompletionMessage<T> extends ChatCompletionMessage {
  /** The answer as an object; null only for a choice that has no content. */
  parsed: T | null;
}

/** A ChatCompletion whose messages carry parsed. */
export interface ParsedChatCompletion<T> extends Omit<ChatCompletion, "choices"> {
  choices: Array<Omit<ChatCompletionChoice, "message"> & { message: ParsedChatCompletionMessage<T> }>;
}

/** A partial object: what the answer holds so far, every part optional. */
export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * parse({stream: true}): an async iterator of the answer's object as it
 * grows (a new partial object each time the JSON so far says more), for
 * UIs; finalChatCompletion() validates the whole answer.
 */
export declare class ParseStream<T> implements AsyncIterable<DeepPartial<T>> {
  private constructor();
  [Symbol.asyncIterator](): AsyncIterator<DeepPartial<T>>;
  /** Ends the stream quietly and closes the connection. */
  abort(): void;
  /** The whole answer, parsed and validated (reads the stream to its end if nobody iterates it). */
  finalChatCompletion(): Promise<ParsedChatCompletion<T>>;
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
/** parse(): the answer is not the object asked for; completion is the answer as it came. */
export declare class StructuredOutputError extends APIError {
  constructor(message: string, init?: ConstructorParameters<typeof APIError>[1] & { completion?: ChatCompletion });
  readonly completion: ChatCompletion;
}
/** parse(): the answer was cut off (finish_reason "length"), so its JSON is incomplete. */
export declare class LengthFinishReasonError extends StructuredOutputError {}
/** parse(): the server's content filter stopped the answer (finish_reason "content_filter"). */
export declare class ContentFilterFinishReasonError extends StructuredOutputError {}
/** parse(): the model refused to answer (the message's refusal, here too). */
export declare class RefusalError extends StructuredOutputError {
  constructor(message: string, init?: ConstructorParameters<typeof StructuredOutputError>[1] & { refusal?: string });
  readonly refusal: string;
}
/** parse(): the answer is not JSON, or not valid against the schema. */
export declare class OutputValidationError extends StructuredOutputError {
  constructor(message: string, init?: ConstructorParameters<typeof StructuredOutputError>[1] & {
    issues?: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }>; text?: string;
  });
  /** What is wrong, each with the path of the value at fault (empty for JSON that does not parse). */
  readonly issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }>;
  /** The answer's text. */
  readonly text: string;
}

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
  StructuredOutputError: typeof StructuredOutputError;
  LengthFinishReasonError: typeof LengthFinishReasonError;
  ContentFilterFinishReasonError: typeof ContentFilterFinishReasonError;
  RefusalError: typeof RefusalError;
  OutputValidationError: typeof OutputValidationError;
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
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

/** The form of the answer: text, any JSON object, or JSON in a schema (json_schema). */
export interface ResponseFormat {
  type: "text" | "json_object" | "json_schema";
  json_schema?: JSONSchemaFormat;
}

/** An answer in a JSON schema (OpenAI's structured outputs; llama.cpp, ollama, vLLM and LM Studio read it too). */
export interface ResponseFormatJSONSchema extends ResponseFormat {
  type: "json_schema";
  json_schema: JSONSchemaFormat;
}

/** The schema of a json_schema answer. */
export interface JSONSchemaFormat {
  /** Letters, digits, _ and -, up to 64. */
  name: string;
  description?: string | null;
  schema?: Record<string, unknown>;
  strict?: boolean | null;
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
  /**
   * With stream: true; include_usage asks OpenAI-compatible servers for a
   * last chunk carrying the usage. A server that refuses the field with a
   * 400 is asked again without it (the stats are then counted).
   */
  stream_options?: { include_usage?: boolean } | null;
  response_format?: ResponseFormat | null;
  /**
   * Thinking, OpenAI's way: "none" (off), "minimal", "low", "medium",
   * "high". ollama's /v1 reads it (ollama 0.17); a model that cannot think
   * answers an error to any level but "none". Sent only when set.
   */
  reasoning_effort?: "none" | "minimal" | "low" | "medium" | "high" | null;
  /** Thinking, ollama's native way: on, off, or a level (gpt-oss). Sent only when set. */
  think?: boolean | "low" | "medium" | "high" | null;
  /**
   * Arguments of the model's chat template (llama.cpp's server, vLLM):
   * {enable_thinking: false} switches thinking off for Qwen3 and the like.
   * Sent only when set.
   */
  chat_template_kwargs?: Record<string, unknown> | null;
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

/**
 * images.generate takes Edgen's params (model required, width, height,
 * steps...) or OpenAI's (model optional, n, size, quality...): Edgen's go
 * to Edgen's image/generations, OpenAI's to images/generations. Params
 * that could be either ({prompt, model}) go to Edgen's path first and, if
 * the server has no such route (404), to OpenAI's.
 */
export type ImageGenerateParams = EdgenImageGenerateParams | OpenAIImageGenerateParams;

/** OpenAI's image request (any OpenAI-compatible server). */
export interface OpenAIImageGenerateParams {
  prompt: string;
  model?: string | null;
  n?: number | null;
  size?: string | null;
  quality?: string | null;
  response_format?: "url" | "b64_json" | null;
  style?: string | null;
  background?: string | null;
  output_format?: string | null;
  output_compression?: number | null;
  moderation?: string | null;
  user?: string | null;
}

/** Edgen's image request. */
export interface EdgenImageGenerateParams {
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

/**
 * An answer's message as the server sent it. Its reasoning may be in
 * reasoning_content, in reasoning or in <think> tags inside content:
 * chat.completions.splitReasoning() and Stream.parts() read all three.
 */
export interface ChatCompletionMessage {
  role: ChatCompletionRole | string;
  content: string | null;
  name?: string | null;
  tool_calls?: ChatCompletionMessageToolCall[] | null;
  /** The model's reasoning: DeepSeek, llama.cpp, LM Studio. */
  reasoning_content?: string | null;
  /** The model's reasoning: ollama's /v1, newer vLLM. */
  reasoning?: string | null;
  /** Why the model refused, instead of content (OpenAI). */
  refusal?: string | null;
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
  /** OpenAI-compatible servers: how many of the completion tokens were reasoning. */
  completion_tokens_details?: { reasoning_tokens?: number } & Record<string, unknown>;
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
  /** llama.cpp's server: its own timings (prompt_ms, predicted_per_second...). */
  timings?: Record<string, number>;
}

/**
 * A piece of a tool call. Servers cut calls up differently: by index with
 * the arguments split (OpenAI), each call whole with index 0 for all
 * (ollama), the name repeated in every piece (older llama.cpp), no index
 * with the id telling calls apart. The accumulator (finalChatCompletion,
 * parts) reads them all.
 */
export interface ChatCompletionChunkToolCall {
  index?: number;
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
    /** A piece of the model's reasoning: DeepSeek, llama.cpp, LM Studio. */
    reasoning_content?: string | null;
    /** A piece of the model's reasoning: ollama's /v1, newer vLLM. */
    reasoning?: string | null;
    refusal?: string | null;
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
  /** llama.cpp's server: its own timings, in the last chunk. */
  timings?: Record<string, number>;
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

/**
 * Edgen: each image as its raw bytes, a number per byte (images); OpenAI's
 * servers: created and data, each image a b64_json or a url. The body as
 * sent.
 */
export interface ImageGeneration {
  images?: number[][];
  created?: number;
  data?: Array<{ b64_json?: string; url?: string; revised_prompt?: string }>;
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

