// The Prompt API's documented examples (the explainer of
// webmachinelearning/prompt-api, its README), each as it is written there,
// inside a function the test calls; the test site (promptapi_test.go)
// captures what they print with console.log and console.error. Only the
// names that the explainer leaves to the reader are given: the stop button
// (an element of the page), promptString, characterName, isCreativeTask.
globalThis.examples = {
  async zeroShot() {
    const session = await LanguageModel.create();

    // Prompt the model and wait for the whole result to come back.
    const result = await session.prompt("Write me a poem.");
    console.log(result);

    // Prompt the model and stream the result:
    const stream = session.promptStreaming("Write me an extra-long poem.");
    for await (const chunk of stream) {
      console.log(chunk);
    }
  },

  async systemPrompts() {
    // Option 1: Create a new session with a system prompt as the first message.
    const session1 = await LanguageModel.create({
      initialPrompts: [{ role: "system", content: "Pretend to be an eloquent hamster." }]
    });
    console.log(await session1.prompt("What is your favorite food?"));

    // Option 2: Create a new session and append a system prompt as the first message.
    const session2 = await LanguageModel.create();
    await session2.append([{ role: "system", content: "Pretend to be an eloquent hamster." }]);
    console.log(await session2.prompt("What is your favorite food?"));

    // Option 3: Create a new session and prompt with a system prompt as the first message.
    const session3 = await LanguageModel.create();
    console.log(await session3.prompt([
      { role: "system", content: "Pretend to be an eloquent hamster." },
      { role: "user", content: "What is your favorite food?" }
    ]));
    for (const s of [session1, session2, session3]) s.destroy();
  },

  async nShot() {
    const session = await LanguageModel.create({
      initialPrompts: [
        { role: "system", content: "Predict up to 5 emojis as a response to a comment. Output emojis, comma-separated." },
        { role: "user", content: "This is amazing!" },
        { role: "assistant", content: "❤️, ➕" },
        { role: "user", content: "LGTM" },
        { role: "assistant", content: "👍, 🚢" }
      ]
    });

    // Clone an existing session for efficiency, instead of recreating one each time.
    async function predictEmoji(comment) {
      const freshSession = await session.clone();
      return await freshSession.prompt(comment);
    }

    const result1 = await predictEmoji("Back to the drawing board");

    const result2 = await predictEmoji("This code is so good you should get promoted");
    console.log(result1);
    console.log(result2);
  },

  async multiUser() {
    const multiUserSession = await LanguageModel.create({
      initialPrompts: [{
        role: "system",
        content: "You are a mediator in a discussion between two departments."
      }]
    });

    const result = await multiUserSession.prompt([
      { role: "user", content: "Marketing: We need more budget for advertising campaigns." },
      { role: "user", content: "Finance: We need to cut costs and advertising is on the list." },
      { role: "assistant", content: "Let's explore a compromise that satisfies both departments." }
    ]);

    // `result` will contain a compromise proposal from the assistant.
    console.log(result);
    multiUserSession.destroy();
  },

  async structured() {
    const session = await LanguageModel.create();
    const schema = {
      type: "object",
      required: ["rating"],
      additionalProperties: false,
      properties: {
        rating: {
          type: "number",
          minimum: 0,
          maximum: 5,
        },
      },
    };

    // Prompt the model and wait for the JSON response to come back.
    const result = await session.prompt("Summarize this feedback into a rating between 0-5: "+
      "The food was delicious, service was excellent, will recommend.",
      { responseConstraint: schema }
    );

    const { rating } = JSON.parse(result);
    console.log(rating);
    session.destroy();
  },

  async persistence() {
    const session = await LanguageModel.create({
      initialPrompts: [{
        role: "system",
        content: "You are a friendly, helpful assistant specialized in clothing choices."
      }]
    });

    const result = await session.prompt(`
      What should I wear today? It's sunny and I'm unsure between a t-shirt and a polo.
    `);

    console.log(result);

    const result2 = await session.prompt(`
      That sounds great, but oh no, it's actually going to rain! New advice??
    `);
    console.log(result2);

    const session2 = await session.clone();
    console.log(`${session.contextUsage} tokens used, out of ${session.contextWindow} tokens available.`);
    console.log(`${session2.inputUsage} tokens used, out of ${session2.inputQuota} tokens available.`);
    const promptString = "How many tokens is this?";
    const stringUsage = await session.measureContextUsage(promptString);
    console.log(stringUsage, await session.measureInputUsage(promptString));
    session.destroy();
    session2.destroy();
  },

  // Needs a prompt that does not end by itself: the test makes the model
  // stall, then clicks the stop button.
  async abortPrompt() {
    const session = await LanguageModel.create();
    const controller = new AbortController();
    stopButton.onclick = () => controller.abort();

    try {
      const result = await session.prompt("Write me a poem", { signal: controller.signal });
      console.log(result);
    } catch (e) {
      console.log(e.name);
    }
    session.destroy();
  },

  // The session ends with the create() signal: its prompt rejects.
  async destroyBySignal() {
    const controller = new AbortController();
    stopButton.onclick = () => controller.abort();

    const session = await LanguageModel.create({ signal: controller.signal });
    try {
      console.log(await session.prompt("Write me a poem"));
    } catch (e) {
      console.log(e.name);
    }
  },

  async appendThenPrompt() {
    const session = await LanguageModel.create({
      initialPrompts: [{
        role: "system",
        content: "You are a skilled analyst who correlates patterns across multiple images."
      }]
    });
    await session.append([{ role: "user", content: "Here's one note: the sky was red." }]);
    console.log(await session.prompt("What did my note say?"));
    session.destroy();
  },

  async availability() {
    const options = {
      expectedInputs: [
        { type: "text", languages: ["en", "es"] },
        { type: "audio", languages: ["en", "es"] }
      ]
    };

    const availability = await LanguageModel.availability(options);

    if (availability !== "unavailable") {
      if (availability !== "available") {
        console.log("Sit tight, we need to do some downloading...");
      }

      const session = await LanguageModel.create(options);
      // ... Use session ...
      session.destroy();
    } else {
      // Either the API overall, or the expected languages and temperature setting, is not available.
      console.error("No language model for us :(");
    }
    console.log(await LanguageModel.availability());
  },

  async monitor() {
    const session = await LanguageModel.create({
      monitor(m) {
        m.addEventListener("downloadprogress", e => {
          console.log(`Downloaded ${e.loaded * 100}%`);
        });
      }
    });
    session.destroy();
  },

  async legacyParams() {
    const isCreativeTask = true;
    const isGeneratingIdeas = false;
    const params = await LanguageModel.params();
    const conditionalSession = await LanguageModel.create({
      temperature: isCreativeTask ? params.defaultTemperature * 1.1 : params.defaultTemperature * 0.8,
      topK: isGeneratingIdeas ? params.maxTopK : params.defaultTopK
    });
    console.log(conditionalSession.temperature, conditionalSession.topK);
    console.log(await conditionalSession.prompt("Give me an idea."));
    conditionalSession.destroy();
  },

  async contextOverflow() {
    const session = await LanguageModel.create();
    session.addEventListener("contextoverflow", () => {
      console.log("We've gone past the context window, and some inputs will be dropped!");
    });
    // A quarter of the window each: the third prompt needs room, the fourth is larger than the window.
    const long = "word ".repeat(Math.floor(session.contextWindow / 4));
    for (let i = 0; i < 3; i++) await session.prompt(long);
    try {
      await session.prompt("word ".repeat(session.contextWindow));
    } catch (e) {
      console.log(e.name, e.requested > e.quota);
    }
    session.destroy();
  },
};
