// @ts-check
// One answer streamed into its message: what the model thinks (thinking,
// and for how long), the tools it calls (steps), the words of the answer
// and, at the end, how fast it came (stats). The library reads the stream
// the one way whatever the server: reasoning from reasoning_content,
// reasoning or <think> tags, tool calls however they were cut up, and the
// speed. A chat without tools reads the stream's parts(); a chat with
// tools runs them through chat.completions.runTools, whose parts are the
// same.

/** @import { Message, ToolStep } from "./store.js" */
/** @import { ChatTool } from "./tools.js" */
/** @import { EdgenAPI, ChatCompletionCreateParamsStreaming, ChatCompletionMessageToolCall, RunnableTool, StreamPart } from "../edgen/edgen.js" */

/** The most answers one question may take while tools are called. */
export const MAX_ROUNDS = 6;

/**
 * Streams the answer to params into msg, calling changed() after each
 * piece; tools are offered to the model and run when it calls them.
 * Resolves when the answer is complete; rejects with the library's error
 * (APIUserAbortError after signal fired), msg keeping what came.
 * @param {EdgenAPI} edgen
 * @param {ChatCompletionCreateParamsStreaming} params
 * @param {readonly ChatTool[]} tools
 * @param {Message} msg
 * @param {{signal: AbortSignal, changed: () => void}} how
 */
export async function streamAnswer(edgen, params, tools, msg, { signal, changed }) {
  const reader = partsInto(msg, changed);
  try {
    if (tools.length === 0) {
      for await (const part of edgen.chat(params, { signal }).parts()) reader.part(part);
      return;
    }
    const steps = stepsOf(msg, changed);
    const runner = edgen.chat.completions.runTools(
      { ...params, tools: tools.map((t) => runnable(t, steps.failed)) },
      { signal, maxChatCompletions: MAX_ROUNDS },
    );
    runner.on("part", reader.part);
    runner.on("functionToolCall", (call) => {
      reader.toolCalled();
      steps.started(call);
    });
    runner.on("functionToolCallResult", steps.ended);
    await runner.done();
  } finally {
    reader.end();
  }
}

/**
 * The reader of the parts of msg's answer (of each answer, when tools make
 * several): part(p) takes one, toolCalled() hears that a tool runs, end()
 * closes what is open.
 * @param {Message} msg
 * @param {() => void} changed
 */
function partsInto(msg, changed) {
  let thinkingSince = 0; // when the model started thinking, while it thinks
  let contentSince = 0; // when the words of this answer started

  /** The model stopped thinking: its time is added up. */
  function stopThinking() {
    if (!thinkingSince) return;
    msg.thoughtMs = (msg.thoughtMs ?? 0) + (performance.now() - thinkingSince);
    thinkingSince = 0;
  }

  return {
    /** @param {StreamPart} p */
    part(p) {
      if (p.type === "stats") {
        addStats(msg, p.stats);
        return;
      }
      if (p.index !== 0) return;
      switch (p.type) {
        case "reasoning":
          if (!thinkingSince) {
            thinkingSince = performance.now();
            // The model thinks again (after a tool's result): a paragraph of its own.
            if (msg.thinking) msg.thinking += "\n\n";
          }
          msg.thinking = (msg.thinking ?? "") + p.text;
          break;
        case "content_to_reasoning":
          // The model's template opened <think> itself: the words so far
          // were its thinking, which started when they did.
          msg.content = msg.content.slice(0, msg.content.length - p.text.length);
          msg.thinking = (msg.thinking ?? "") + p.text;
          thinkingSince = contentSince || performance.now();
          stopThinking();
          contentSince = 0;
          break;
        case "content":
        case "refusal":
          stopThinking();
          if (!contentSince) contentSince = performance.now();
          msg.content += p.text;
          break;
        case "tool_call":
        case "finish":
          stopThinking();
          contentSince = 0;
          break;
      }
      changed();
    },
    toolCalled: stopThinking,
    end() {
      stopThinking();
      if (msg.steps?.some((s) => s.state === "running")) {
        msg.steps = msg.steps.map((s) => (s.state === "running" ? { ...s, state: "failed", result: "Stopped before it finished." } : s));
      }
    },
  };
}

/**
 * Adds one answer's stats to msg's: the first answer's time to its first
 * token, the last answer's speed, the token counts of all of them.
 * @param {Message} msg
 * @param {import("../edgen/edgen.js").AnswerStats} s
 */
function addStats(msg, s) {
  const before = msg.stats;
  msg.stats = {
    prompt: (before?.prompt ?? 0) + (s.usage?.prompt_tokens ?? 0),
    completion: (before?.completion ?? 0) + (s.usage?.completion_tokens ?? 0),
    approximate: Boolean(before?.approximate) || s.approximate,
  };
  const firstToken = before?.firstToken ?? s.timeToFirstToken;
  if (firstToken !== undefined) msg.stats.firstToken = firstToken;
  const perSecond = s.tokensPerSecond ?? before?.perSecond;
  if (perSecond !== undefined) msg.stats.perSecond = perSecond;
}

/**
 * The steps of msg: started(call) and ended(result, call) follow the
 * runner; failed holds the ids of the calls whose tool threw. A change
 * makes a new array (and a new step), never changes one in place, so that
 * what was saved can be told from what changed by identity.
 * @param {Message} msg
 * @param {() => void} changed
 */
function stepsOf(msg, changed) {
  /** @type {Set<string>} */
  const failed = new Set();
  return {
    failed,
    /** @param {ChatCompletionMessageToolCall} call */
    started(call) {
      msg.steps = [...(msg.steps ?? []), { id: call.id, name: call.function.name, arguments: call.function.arguments, result: "", state: "running" }];
      changed();
    },
    /**
     * A result: of a call that ran, or of one that could not (no such tool).
     * @param {string} result
     * @param {ChatCompletionMessageToolCall} call
     */
    ended(result, call) {
      const steps = msg.steps ?? [];
      const i = steps.findIndex((s) => s.id === call.id && s.state === "running");
      /** @type {ToolStep} */
      const step = i >= 0
        ? { ...steps[i], result, state: failed.has(call.id) ? "failed" : "done" }
        : { id: call.id, name: call.function.name, arguments: call.function.arguments, result, state: "failed" };
      msg.steps = i >= 0 ? steps.with(i, step) : [...steps, step];
      changed();
    },
  };
}

/**
 * tool as the library's runnable tool. Its arguments are read here, so
 * that arguments the model garbled fail the step like a tool that threw;
 * the ids of the calls that failed go to failed.
 * @param {ChatTool} tool
 * @param {Set<string>} failed
 * @returns {RunnableTool<string>}
 */
function runnable(tool, failed) {
  return {
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      parse: (text) => text,
      async function(text, { signal, call }) {
        try {
          let args;
          try {
            args = JSON.parse(text || "{}");
          } catch {
            throw new Error(`the arguments are not JSON: ${text}`);
          }
          return await tool.run(args, signal);
        } catch (err) {
          failed.add(call.id);
          throw err;
        }
      },
    },
  };
}
