"""Drives a durable execution of a scripted durable function with boto3,
as a Python test would against cmd/fakelambda, and prints what boto3
returned as JSON, for interop/durable_boto3_test.go to check.

The function's code is a script registered through the control API
(PUT /_fakelambda/durable-function); the clock is moved through
POST /_fakelambda/clock and the due wait run by POST /_fakelambda/durable/run.
"""

import io
import json
import os
import urllib.request
import zipfile

import boto3
import botocore

ENDPOINT = os.environ["AWS_ENDPOINT_URL_LAMBDA"]
client = boto3.client("lambda")


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ENDPOINT + path, data=data, method=method)
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def zipped(source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", source)
    return buf.getvalue()


def history(arn):
    events = client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    types = [e["EventType"] + (":" + e["Name"] if e["EventType"].startswith(("Step", "Wait")) else "") for e in events]
    return events, types


out = {"botocore": botocore.__version__}

client.create_function(
    FunctionName="approve",
    Runtime="python3.12",
    Role="arn:aws:iam::123456789012:role/lambda-role",
    Handler="index.handler",
    Code={"ZipFile": zipped("def handler(event, context):\n    return event\n")},
)
client.get_waiter("function_active_v2").wait(FunctionName="approve", WaiterConfig={"Delay": 0.05})
out["version"] = client.publish_version(FunctionName="approve")["Version"]

out["script"] = control("PUT", "/_fakelambda/durable-function", {
    "Function": "approve:1",
    "Operations": [
        {"Step": "validate", "Result": {"order": "o-1"}},
        {"Wait": "cool-off", "Duration": "72h"},
        {"WaitForCallback": "human", "Timeout": "168h", "HeartbeatTimeout": "1h"},
    ],
})

inv = client.invoke(FunctionName="approve:1", InvocationType="Event", DurableExecutionName="order-1", Payload=b'{"id":"o-1"}')
arn = inv["DurableExecutionArn"]
out["invoke"] = {"StatusCode": inv["StatusCode"], "Arn": arn}

listed = client.list_durable_executions_by_function(FunctionName="approve")["DurableExecutions"]
out["listed"] = [{"Name": x["DurableExecutionName"], "Status": x["Status"], "Arn": x["DurableExecutionArn"]} for x in listed]
out["history_before"] = history(arn)[1]

out["clock"] = control("POST", "/_fakelambda/clock", {"Advance": "72h"})
out["ran"] = control("POST", "/_fakelambda/durable/run")

events, out["history_after"] = history(arn)
callback = [e for e in events if e["EventType"] == "CallbackStarted"][0]
out["callback"] = {k: v for k, v in callback["CallbackStartedDetails"].items() if k != "CallbackId"}
cb_id = callback["CallbackStartedDetails"]["CallbackId"]
out["running"] = client.get_durable_execution(DurableExecutionArn=arn)["Status"]

client.send_durable_execution_callback_heartbeat(CallbackId=cb_id)
client.send_durable_execution_callback_success(CallbackId=cb_id, Result=b'{"approved": true}')
done = client.get_durable_execution(DurableExecutionArn=arn)
out["done"] = {"Status": done["Status"], "Result": json.loads(done["Result"])}

try:
    client.send_durable_execution_callback_success(CallbackId=cb_id, Result=b"true")
    out["again"] = "no error"
except client.exceptions.CallbackTimeoutException as e:
    out["again"] = e.response["Error"]["Code"]

print(json.dumps(out))
