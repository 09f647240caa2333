// Structured outputs through the official OpenAI Node SDK: create() with a json_schema response_format,
// streaming, and parse(). Prints one JSON line with what the SDK returned; the Java test asserts on it.
import OpenAI from 'openai';

const [baseURL, model, seedText] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'local', maxRetries: 0 });
const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 6 },
    age: { type: 'integer', minimum: 0, maximum: 120 },
    tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 2 },
  },
  required: ['name', 'age', 'tags'],
  additionalProperties: false,
};
const request = {
  model,
  messages: [{ role: 'user', content: 'Describe a person as JSON.' }],
  response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema } },
  temperature: 1.0,
  max_tokens: 300,
};
const out = { created: [], streamed: null, parsed: null, errors: [] };
for (let seed = Number(seedText); seed < Number(seedText) + 5; seed++) {
  const r = await client.chat.completions.create({ ...request, seed });
  out.created.push({ content: r.choices[0].message.content, finish: r.choices[0].finish_reason });
}
const stream = await client.chat.completions.create({ ...request, seed: 1, stream: true });
let text = '';
let finish = null;
for await (const chunk of stream) {
  const c = chunk.choices[0];
  if (c?.delta?.content) text += c.delta.content;
  if (c?.finish_reason) finish = c.finish_reason;
}
out.streamed = { content: text, finish };
const parse = client.chat.completions.parse ? client.chat.completions : client.beta.chat.completions;
for (let seed = 0; seed < 10 && out.parsed === null; seed++) {
  try {
    const p = await parse.parse({ ...request, seed });
    out.parsed = { value: p.choices[0].message.parsed, content: p.choices[0].message.content };
  } catch (e) {
    out.errors.push(String(e)); // e.g. the SDK refuses finish_reason "length"
  }
}
console.log(JSON.stringify(out));
