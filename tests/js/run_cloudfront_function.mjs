// Runs a CloudFront Function's code on events and prints what its handler returned.
//
// Reads one JSON object on standard input: {"code": "...", "events": [event, ...],
// "random": number or null}. The code is evaluated in a fresh context, as CloudFront does with the
// function's file, and handler(event) is called once per event; `random`, when given, is what
// Math.random returns, so a split can be checked at its edges. Prints the JSON list of results.
import vm from 'node:vm';

const chunks = [];
for await (const chunk of process.stdin) {
    chunks.push(chunk);
}
const { code, events, random = null } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const context = vm.createContext({});
if (random !== null) {
    vm.runInContext(`Math.random = function () { return ${Number(random)}; };`, context);
}
vm.runInContext(code, context, { filename: 'function.js' });
const results = [];
for (const event of events) {
    context.__event = event;
    results.push(JSON.parse(JSON.stringify(vm.runInContext('handler(__event)', context))));
}
process.stdout.write(JSON.stringify(results) + '\n');
