// Drives a durable execution of a scripted durable function against
// fakelambda with the AWS SDK for JavaScript v3, asserting each answer
// (it throws, exiting non-zero, on the first mismatch) and printing what it
// saw as JSON, for interop/durable_js_test.go to check. The function's code
// is a script registered through the control API
// (PUT /_fakelambda/durable-function): a step, a 72-hour wait and a
// callback; the clock is moved through POST /_fakelambda/clock and the due
// wait run by POST /_fakelambda/durable/run. The endpoint comes from
// AWS_ENDPOINT_URL_LAMBDA; credentials and region from the environment.
import {
  LambdaClient,
  CreateFunctionCommand,
  waitUntilFunctionActiveV2,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
} from "@aws-sdk/client-lambda";
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";

const endpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;
const client = new LambdaClient({ maxAttempts: 1 }); // endpoint, region and credentials from the environment

async function control(method, path, body) {
  const resp = await fetch(endpoint + path, { method, body: body && JSON.stringify(body) });
  const text = await resp.text();
  if (!resp.ok) throw new Error(`${method} ${path}: ${resp.status} ${text}`);
  return JSON.parse(text);
}

const json = (v) => new TextEncoder().encode(JSON.stringify(v));
const label = (e) => e.EventType + (/^(Step|Wait)/.test(e.EventType) ? ":" + e.Name : "");

async function history(arn) {
  const { Events } = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
  return Events;
}

// The error client.send(cmd) throws; it throws itself when there is none.
async function failure(cmd) {
  try {
    await client.send(cmd);
  } catch (err) {
    return err;
  }
  throw new Error(`${cmd.constructor.name}: no error`);
}

const out = {};

await client.send(new CreateFunctionCommand({
  FunctionName: "approve",
  Runtime: "nodejs20.x",
  Role: "arn:aws:iam::123456789012:role/lambda-role",
  Handler: "index.handler",
  Code: { ZipFile: new TextEncoder().encode("PK\u0005\u0006" + "\u0000".repeat(18)) },
}));
await waitUntilFunctionActiveV2({ client, maxWaitTime: 60, minDelay: 1 }, { FunctionName: "approve" });

out.script = await control("PUT", "/_fakelambda/durable-function", {
  Function: "approve:$LATEST",
  Operations: [
    { Step: "validate", Result: { order: "o-1" } },
    { Wait: "cool-off", Duration: "72h" },
    { WaitForCallback: "human", Timeout: "168h", HeartbeatTimeout: "1h" },
  ],
});
deepStrictEqual(out.script, { Function: "approve:$LATEST", Operations: 3 });

// Start the execution by name: an Event invocation answers 202 with the ARN.
const start = (payload) => new InvokeCommand({
  FunctionName: "approve:$LATEST", InvocationType: "Event", DurableExecutionName: "order-1", Payload: json(payload),
});
const inv = await client.send(start({ id: "o-1" }));
const arn = inv.DurableExecutionArn;
out.invoke = { status: inv.StatusCode, arn };
strictEqual(inv.StatusCode, 202);
ok(arn?.startsWith("arn:aws:lambda:us-east-1:123456789012:function:approve:$LATEST/durable-execution/order-1/"), `DurableExecutionArn ${arn}`);

// The same name and payload again: the same execution.
const again = await client.send(start({ id: "o-1" }));
strictEqual(again.DurableExecutionArn, arn);
// The same name, another payload: refused.
const started = await failure(start({ id: "o-2" }));
out.alreadyStarted = { typed: started instanceof DurableExecutionAlreadyStartedException, name: started.name, status: started.$metadata.httpStatusCode };
deepStrictEqual(out.alreadyStarted, { typed: true, name: "DurableExecutionAlreadyStartedException", status: 409 });

const before = (await history(arn)).map(label);
deepStrictEqual(before, ["ExecutionStarted", "StepStarted:validate", "StepSucceeded:validate", "WaitStarted:cool-off", "InvocationCompleted"]);

out.clock = await control("POST", "/_fakelambda/clock", { Advance: "72h" });
out.ran = await control("POST", "/_fakelambda/durable/run");
deepStrictEqual(out.ran, { Ran: 1 });

const listed = (await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approve" }))).DurableExecutions;
out.listed = listed.map((x) => ({ name: x.DurableExecutionName, status: x.Status, arn: x.DurableExecutionArn, start: x.StartTimestamp.toISOString() }));
deepStrictEqual(out.listed, [{ name: "order-1", status: "RUNNING", arn, start: "2026-01-02T03:04:05.000Z" }]);

const events = await history(arn);
out.history = events.map(label);
deepStrictEqual(out.history, [...before, "WaitSucceeded:cool-off", "ContextStarted", "CallbackStarted", "InvocationCompleted"]);
const { CallbackId: callbackId, ...callback } = events.find((e) => e.EventType === "CallbackStarted").CallbackStartedDetails;
ok(typeof callbackId === "string" && callbackId.length > 0, `CallbackId ${callbackId}`);
out.callback = callback;
deepStrictEqual(callback, { Timeout: 604800, HeartbeatTimeout: 3600 });
strictEqual((await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status, "RUNNING");

await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: json({ approved: true }) }));
const done = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
out.done = { status: done.Status, result: JSON.parse(done.Result), input: done.InputPayload, end: done.EndTimestamp?.toISOString() };
deepStrictEqual(out.done, { status: "SUCCEEDED", result: { approved: true }, input: '{"id":"o-1"}', end: "2026-01-05T03:04:05.000Z" });

// The callback is answered: a second answer is refused.
const late = await failure(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: json(true) }));
out.again = { typed: late instanceof CallbackTimeoutException, name: late.name, status: late.$metadata.httpStatusCode };
deepStrictEqual(out.again, { typed: true, name: "CallbackTimeoutException", status: 400 });

console.log(JSON.stringify(out));
