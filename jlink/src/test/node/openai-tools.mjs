// Tool calls through the official OpenAI Node SDK: create() with tools and tool_choice "required", a named
// tool_choice, and a stream whose tool_call deltas the script assembles the way SDK users do. Prints one JSON
// line with what the SDK returned; the Java test asserts on it.
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'local', maxRetries: 0 });
const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string', maxLength: 12 }, days: { type: 'integer', minimum: 1, maximum: 7 } },
        required: ['city', 'days'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: 'function',
    function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { enum: ['UTC', 'CET'] } }, required: ['tz'] } },
  },
];
const request = {
  model,
  messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
  tools,
  temperature: 1.0,
  max_tokens: 300,
};
const out = { created: [], named: [], streamed: [] };
for (let seed = 0; seed < 4; seed++) {
  const r = await client.chat.completions.create({ ...request, tool_choice: 'required', seed });
  const m = r.choices[0].message;
  out.created.push({ finish: r.choices[0].finish_reason, content: m.content, calls: m.tool_calls ?? [] });
  const n = await client.chat.completions.create({
    ...request, tool_choice: { type: 'function', function: { name: 'get_time' } }, parallel_tool_calls: false, seed,
  });
  out.named.push({ finish: n.choices[0].finish_reason, calls: n.choices[0].message.tool_calls ?? [] });
}
for (let seed = 0; seed < 2; seed++) {
  const stream = await client.chat.completions.create({ ...request, tool_choice: 'required', seed, stream: true });
  const calls = [];
  let finish = null;
  for await (const chunk of stream) {
    const c = chunk.choices[0];
    for (const d of c?.delta?.tool_calls ?? []) {
      calls[d.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      if (d.id) calls[d.index].id = d.id;
      if (d.function?.name) calls[d.index].function.name = d.function.name;
      if (d.function?.arguments) calls[d.index].function.arguments += d.function.arguments;
    }
    if (c?.finish_reason) finish = c.finish_reason;
  }
  out.streamed.push({ finish, calls });
}
console.log(JSON.stringify(out));
