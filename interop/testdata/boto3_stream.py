# InvokeWithResponseStream read by boto3's own event-stream parser: a
# function streaming three chunks and failing after them (the Go test sets
# its StreamHandler). Prints one JSON document.
import base64
import json

import boto3

c = boto3.client("lambda")
c.create_function(FunctionName="streamer", Role="arn:aws:iam::123456789012:role/r",
                  Runtime="provided.al2023", Handler="bootstrap", Code={"ZipFile": b"zip"})
c.get_function(FunctionName="streamer")  # Pending seen: the transition ends

r = c.invoke_with_response_stream(FunctionName="streamer", Payload=b'{"n":3}', LogType="Tail")
events = []
for ev in r["EventStream"]:
    if "PayloadChunk" in ev:
        events.append({"Chunk": ev["PayloadChunk"]["Payload"].decode()})
    elif "InvokeComplete" in ev:
        done = dict(ev["InvokeComplete"])
        done["LogResult"] = base64.b64decode(done.get("LogResult", "")).decode().split("\n")[0]
        events.append({"Complete": done})
print(json.dumps({"Status": r["StatusCode"], "Version": r["ExecutedVersion"],
                  "ContentType": r["ResponseStreamContentType"], "Events": events}))
