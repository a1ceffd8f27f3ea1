// Replays the provisioned-concurrency flow against fakelambda with the AWS
// SDK for JavaScript v3 and prints what the SDK returned as JSON, for
// interop/js_test.go to check. The endpoint comes from
// AWS_ENDPOINT_URL_LAMBDA; credentials and region from the environment.
import {
  LambdaClient,
  CreateFunctionCommand,
  PublishVersionCommand,
  CreateAliasCommand,
  waitUntilFunctionActiveV2,
  PutProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  ProvisionedConcurrencyConfigNotFoundException,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";

const endpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;
const client = new LambdaClient({ maxAttempts: 3 }); // endpoint, region and credentials from the environment

async function control(method, path, body) {
  const resp = await fetch(endpoint + path, { method, body: body && JSON.stringify(body) });
  const text = await resp.text();
  if (!resp.ok) throw new Error(`${method} ${path}: ${resp.status} ${text}`);
  return JSON.parse(text);
}

const strip = ({ $metadata, ...rest }) => rest;
const out = {};

await client.send(new CreateFunctionCommand({
  FunctionName: "my-function",
  Runtime: "nodejs20.x",
  Role: "arn:aws:iam::123456789012:role/lambda-role",
  Handler: "index.handler",
  Code: { ZipFile: new TextEncoder().encode("PK\u0005\u0006" + "\u0000".repeat(18)) },
}));
// The function is Pending, as on Lambda: wait until it is Active (one poll).
await waitUntilFunctionActiveV2({ client, maxWaitTime: 60, minDelay: 1 }, { FunctionName: "my-function" });
out.version = (await client.send(new PublishVersionCommand({ FunctionName: "my-function" }))).Version;
await client.send(new CreateAliasCommand({ FunctionName: "my-function", Name: "BLUE", FunctionVersion: "1" }));

out.put = strip(await client.send(new PutProvisionedConcurrencyConfigCommand({
  FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100,
})));
await control("POST", "/_fakelambda/clock", { Advance: "2m" });
out.get = strip(await client.send(new GetProvisionedConcurrencyConfigCommand({
  FunctionName: "my-function", Qualifier: "BLUE",
})));

// A typed error: version 1 has no config of its own (BLUE's is on the alias).
try {
  await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "my-function", Qualifier: "1" }));
  out.notFound = "no error";
} catch (err) {
  out.notFound = {
    typed: err instanceof ProvisionedConcurrencyConfigNotFoundException,
    name: err.name, message: err.message, type: err.Type,
    status: err.$metadata.httpStatusCode, attempts: err.$metadata.attempts,
    requestId: typeof err.$metadata.requestId,
  };
}

// A throttle that outlasts the SDK's 3 attempts.
await control("POST", "/_fakelambda/faults", {
  Operation: "GetProvisionedConcurrencyConfig", Count: 10,
  Error: { Code: "TooManyRequestsException", StatusCode: 429, Message: "Rate exceeded", Type: "User", Reason: "CallerRateLimitExceeded" },
});
try {
  await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "my-function", Qualifier: "BLUE" }));
  out.throttle = "no error";
} catch (err) {
  out.throttle = {
    typed: err instanceof TooManyRequestsException,
    name: err.name, message: err.message, reason: err.Reason,
    status: err.$metadata.httpStatusCode, attempts: err.$metadata.attempts,
  };
}
out.faultedCalls = (await control("GET", "/_fakelambda/calls")).Calls.filter((c) => c.Faulted).length;

console.log(JSON.stringify(out));
