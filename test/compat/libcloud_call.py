"""Drives Apache Libcloud's CloudStack driver (Debian python3-libcloud) against a Nimbus server.

Usage: libcloud_call.py MODE COMMAND [name=value ...]
  request  the generic path, driver.connection.request(path, params={'command': ...}); prints
           {"status": <HTTP status>, "body": <parsed JSON>}
  async    driver._async_request(command, params) as libcloud's own async actions do: it polls
           queryAsyncJobResult every second; prints {"jobresult": <jobresult>}
Environment: NIMBUS_URL (http://host:port/client/api), NIMBUS_API_KEY, NIMBUS_SECRET_KEY.
A libcloud exception is printed as {"error": <class>, "message": ..., "http_code": ...} with exit status 1.
"""
import json
import os
import sys

from libcloud.compute.providers import get_driver
from libcloud.compute.types import Provider


def main():
    mode, command, *args = sys.argv[1:]
    params = dict(arg.split("=", 1) for arg in args)
    # secure=False is required: libcloud 3.4.1 speaks TLS to an http:// url otherwise.
    driver = get_driver(Provider.CLOUDSTACK)(
        key=os.environ["NIMBUS_API_KEY"], secret=os.environ["NIMBUS_SECRET_KEY"], url=os.environ["NIMBUS_URL"], secure=False
    )
    try:
        if mode == "request":
            res = driver.connection.request(driver.path, params=dict(params, command=command))
            out = {"status": res.status, "body": res.object}
        elif mode == "async":
            out = {"jobresult": driver._async_request(command, params=params)}
        else:
            raise SystemExit("unknown mode " + mode)
    except Exception as e:  # noqa: BLE001 - every libcloud failure is reported to the test as data
        print(json.dumps({"error": type(e).__name__, "message": str(getattr(e, "value", e)), "http_code": getattr(e, "http_code", None)}))
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
