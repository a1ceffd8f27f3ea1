"""Replays the boto3 documentation's provisioned-concurrency examples against
fakelambda and prints what boto3 returned as JSON, for interop/boto3_test.go
to check.

The endpoint comes from AWS_ENDPOINT_URL_LAMBDA, credentials and region from
the environment, exactly as a user's test would point boto3 at the fake.
"""

import io
import json
import os
import sys
import urllib.request
import zipfile

import boto3
import botocore
from botocore.config import Config

ENDPOINT = os.environ["AWS_ENDPOINT_URL_LAMBDA"]

# Standard retry mode, 3 attempts in all (legacy mode would make 5). In a
# Config, "max_attempts" counts retries only; "total_max_attempts" counts all.
client = boto3.client("lambda", config=Config(retries={"mode": "standard", "total_max_attempts": 3}))


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ENDPOINT + path, data=data, method=method)
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def strip(resp):
    resp.pop("ResponseMetadata", None)
    return resp


def zipped(source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", source)
    return buf.getvalue()


out = {"botocore": botocore.__version__}

client.create_function(
    FunctionName="my-function",
    Runtime="python3.12",
    Role="arn:aws:iam::123456789012:role/lambda-role",
    Handler="index.handler",
    Code={"ZipFile": zipped("def handler(event, context):\n    return 'ok'\n")},
)
# The function is Pending, as on Lambda: wait until it is Active. The fake
# needs one poll; a short delay keeps it fast.
client.get_waiter("function_active_v2").wait(FunctionName="my-function", WaiterConfig={"Delay": 0.05})
out["version"] = client.publish_version(FunctionName="my-function")["Version"]
client.create_alias(FunctionName="my-function", Name="BLUE", FunctionVersion="1")

# boto3 docs: put_provisioned_concurrency_config example.
out["put"] = strip(client.put_provisioned_concurrency_config(
    FunctionName="my-function", Qualifier="BLUE", ProvisionedConcurrentExecutions=100))

out["clock"] = control("POST", "/_fakelambda/clock", {"Advance": "2m"})

# boto3 docs: get_provisioned_concurrency_config example.
out["get"] = strip(client.get_provisioned_concurrency_config(FunctionName="my-function", Qualifier="BLUE"))

# A throttle that outlasts botocore's retries. No Retry-After: botocore honours it.
control("POST", "/_fakelambda/faults", {
    "Operation": "GetProvisionedConcurrencyConfig",
    "Count": 10,
    "Error": {"Code": "TooManyRequestsException", "StatusCode": 429, "Message": "Rate exceeded",
              "Type": "User", "Reason": "CallerRateLimitExceeded"},
})
try:
    client.get_provisioned_concurrency_config(FunctionName="my-function", Qualifier="BLUE")
    out["throttle"] = "no error"
except client.exceptions.TooManyRequestsException as e:
    out["throttle"] = {
        "code": e.response["Error"]["Code"],
        "message": e.response["Error"]["Message"],
        "reason": e.response.get("Reason"),
        "type": e.response.get("Type"),
        "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        "retryAttempts": e.response["ResponseMetadata"]["RetryAttempts"],
        "str": str(e),
    }

calls = control("GET", "/_fakelambda/calls")["Calls"]
out["faultedCalls"] = sum(1 for c in calls if c["Faulted"])

json.dump(out, sys.stdout)
sys.stdout.write("\n")
