// The official OpenAI Node SDK reading one streaming chat completion, doing what
// `ossynapse stream` does with it: the answer's text to stdout, every chunk looked at.
// Usage: node stream.mjs BASE_URL
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'bench', maxRetries: 0 });
const stream = await client.chat.completions.create({
  model: 'bench',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
});
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  const delta = chunk.choices[0]?.delta;
  if (delta?.content) {
    process.stdout.write(delta.content);
  }
}
process.stderr.write(`chunks ${chunks}\n`);
