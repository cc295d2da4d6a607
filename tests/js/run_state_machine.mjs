// Runs an Amazon States Language definition with aws-local-stepfunctions and prints what happened.
//
// Reads one JSON object on standard input, the executions to run one after the other:
//   {"runs": [{"definition": {...}, "input": {...}, "failures": {"StateName": "Error.Name"}}, ...]}
// Every Task state (Map item processors included) is replaced by a local handler that records the
// call and answers {"Payload": {...}}, or throws an error named as in `failures` on every attempt,
// so that state's Retry runs out and its Catch (or the execution's failure) follows. Retry waits are
// overridden to 0 ms: the interpreter still counts the attempts, only the sleeping is skipped.
//
// Prints the JSON list of results, one per run: {"status": "SUCCEEDED" | "FAILED", "error": name or null,
//   "calls": [state names, one per attempt], "entered": [state names, in order],
//   "retries": how many times a Retry ran a state again}.

// aws-local-stepfunctions 3.0.0 (the only published version) targets Node.js 22 and calls
// Promise.withResolvers (ES2024); Node.js 20 lacks it, so it is supplied here, as the spec defines
// it, before the package is loaded.
if (typeof Promise.withResolvers !== 'function') {
    Promise.withResolvers = function withResolvers() {
        let resolve;
        let reject;
        const promise = new this((yes, no) => {
            resolve = yes;
            reject = no;
        });
        return { promise, resolve, reject };
    };
}
const { StateMachine } = await import('aws-local-stepfunctions');

function taskStates(machine, found = []) {
    for (const [name, state] of Object.entries(machine.States)) {
        if (state.Type === 'Task') {
            found.push(name);
        } else if (state.Type === 'Map') {
            taskStates(state.ItemProcessor ?? state.Iterator, found);
        }
    }
    return found;
}

async function execute({ definition, input = {}, failures = {} }) {
    const calls = [];
    const handlers = {};
    const noWait = {};
    for (const name of taskStates(definition)) {
        noWait[name] = 0;
        handlers[name] = async () => {
            calls.push(name);
            if (name in failures) {
                const error = new Error(`${name} failed with ${failures[name]} (test override)`);
                error.name = failures[name];
                throw error;
            }
            return { Payload: { state: name, ok: true } };
        };
    }
    const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
    const execution = machine.run(input, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: noWait },
    });
    const entered = [];
    let retries = 0;
    const logging = (async () => {
        for await (const event of execution.eventLogs) {
            if (event.type === 'StateRetried') {
                retries += 1;
            } else if (event.type === 'StateEntered') {
                entered.push(event.state.name);
            }
        }
    })();
    let status = 'SUCCEEDED';
    let error = null;
    try {
        await execution.result;
    } catch (failure) {
        status = 'FAILED';
        error = failure.cause?.name ?? failure.name;
    }
    await logging;
    return { status, error, calls, entered, retries };
}

async function main() {
    const chunks = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk);
    }
    const { runs } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const results = [];
    for (const run of runs) {
        results.push(await execute(run));
    }
    process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((failure) => {
    process.stderr.write(`${failure.stack ?? failure}\n`);
    process.exit(2);
});
