"""A VM's life through Apache Libcloud's own node API (Debian python3-libcloud), as a Libcloud user writes it.

Environment: NIMBUS_URL (http://host:port/client/api), NIMBUS_API_KEY, NIMBUS_SECRET_KEY.
Prints one JSON object with what each step saw; a libcloud exception is printed as {"error": ..., "step": ...}
with exit status 1.
"""
import json
import os
import sys

from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider


def main():
    driver = get_driver(Provider.CLOUDSTACK)(
        key=os.environ["NIMBUS_API_KEY"], secret=os.environ["NIMBUS_SECRET_KEY"], url=os.environ["NIMBUS_URL"], secure=False
    )
    out = {}
    step = "list"
    try:
        location = driver.list_locations()[0]
        size = [s for s in driver.list_sizes() if s.name == "Small Instance"][0]
        image = [i for i in driver.list_images(location=location) if "Simulator" in i.name][0]
        out["location"], out["size"], out["image"] = location.name, size.name, image.name
        step = "create"
        node = driver.create_node(name="libcloud-vm", size=size, image=image, location=location, ex_start_vm=True)
        out["created"] = {"name": node.name, "state": node.state, "ips": node.private_ips}
        step = "list_nodes"
        out["listed"] = [n.name for n in driver.list_nodes() if n.id == node.id]
        step = "stop"
        out["stopped"] = driver.ex_stop(node)
        out["state_after_stop"] = driver.ex_get_node(node.id).state
        step = "start"
        out["started"] = driver.ex_start(node)
        step = "reboot"
        out["rebooted"] = driver.reboot_node(node)
        step = "destroy"
        out["destroyed"] = driver.destroy_node(node)
        out["left"] = [n.id for n in driver.list_nodes() if n.id == node.id and n.state != NodeState.TERMINATED]
    except Exception as e:  # noqa: BLE001 - every libcloud failure is reported to the test as data
        print(json.dumps({"error": type(e).__name__, "message": str(getattr(e, "value", e)), "step": step, "seen": out}, default=str))
        return 1
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
