// A plain module worker that uses the ES-module loader directly, without
// web/edgen/worker/: TestWorker/loader_in_a_module_worker posts it
// {baseURL, prompt, headers} and expects {whole, streamed} back, the answer
// of a whole chat and of a streamed one, or {error}.
import { load } from "../edgen.js";

self.onmessage = async ({ data: { baseURL, prompt, headers } }) => {
  try {
    const edgen = await load({ baseURL });
    const params = { model: "fake", messages: [{ role: "user", content: prompt }] };
    const whole = await edgen.chat(params, { headers });
    let streamed = "";
    for await (const chunk of edgen.chat({ ...params, stream: true }, { headers })) {
      streamed += chunk.choices[0]?.delta?.content ?? "";
    }
    self.postMessage({ whole: whole.choices[0].message.content, streamed });
  } catch (err) {
    self.postMessage({ error: `${err?.name}: ${err?.message}` });
  }
};
