// The CPU-bound workload of `npm run bench:record`: marked renders a generated Markdown document
// of N sections; the time of the rendering alone goes to stdout as JSON. MARKED is the module to
// use (a copy instrumented by istanbul, for the baseline), default marked itself.
import { createHash } from 'node:crypto';

const { marked } = await import(process.env.MARKED ?? 'marked');

function section(i) {
  return `## Section ${i}\n\nSome *emphasis*, **strong**, \`code ${i}\` and a [link](https://example.com/${i}).\n\n- item ${i}.1\n- item ${i}.2 with _more_\n\n\`\`\`js\nconst x${i} = ${i} * 2;\n\`\`\`\n\n> quote ${i}\n\n| a | b |\n|---|---|\n| ${i} | ${i * 2} |\n`;
}

const sections = Number(process.argv[2] ?? 2000);
const doc = Array.from({ length: sections }, (_, i) => section(i)).join('\n');
const t = performance.now();
const html = marked.parse(doc);
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, length: html.length, sha256: createHash('sha256').update(html).digest('hex') }));
