"""One call through the `cs` library (python3-cs), the way a script using it sees the answer or the error.

Usage: cs_library_call.py COMMAND [name=value ...]; `fetch_result=true` makes the library wait for an async job
itself. Configuration from the environment as for the cs CLI (CLOUDSTACK_ENDPOINT, CLOUDSTACK_KEY,
CLOUDSTACK_SECRET, CLOUDSTACK_METHOD, CLOUDSTACK_POLL_INTERVAL). Prints {"result": ...} or, when the library raises,
{"exception": class name, "message": its message, "error": the CloudStack error it carries, "status": HTTP status}.
"""
import json
import sys

from cs import CloudStack, CloudStackException, read_config


def main():
    command, *args = sys.argv[1:]
    params = dict(arg.split("=", 1) for arg in args)
    if "fetch_result" in params:
        params["fetch_result"] = params["fetch_result"] == "true"
    cs = CloudStack(**read_config())
    try:
        print(json.dumps({"result": getattr(cs, command)(**params)}))
    except CloudStackException as e:
        response = getattr(e, "response", None)
        print(json.dumps({
            "exception": type(e).__name__,
            "message": e.args[0] if e.args else "",
            "error": getattr(e, "error", None),
            "status": response.status_code if response is not None else None,
        }))


if __name__ == "__main__":
    main()
