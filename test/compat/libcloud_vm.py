"""A VM's life through Apache Libcloud's own node API (Debian python3-libcloud), as a Libcloud user writes it:
deploy, list, a public IP with a port forward to the VM (created, listed, deleted, released), stop, start, reboot,
destroy.

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
        step = "allocate_public_ip"
        address = driver.ex_allocate_public_ip(location=location)
        out["public_ip"] = address.address
        step = "create_port_forwarding_rule"
        rule = driver.ex_create_port_forwarding_rule(node, address, 22, 2222, "TCP")
        out["rule"] = {"id": rule.id, "public_port": rule.public_port, "private_port": rule.private_port}
        step = "list_port_forwarding_rules"
        listed = [n for n in driver.list_nodes() if n.id == node.id][0]
        out["node_rules"] = [
            {"id": r.id, "address": r.address.address, "protocol": r.protocol, "public_port": r.public_port, "private_port": r.private_port}
            for r in listed.extra["port_forwarding_rules"]
        ]
        out["node_public_ips"] = list(listed.public_ips)
        out["listed_rules"] = [r.id for r in driver.ex_list_port_forwarding_rules(ipaddress_id=address.id)]
        step = "delete_port_forwarding_rule"
        out["rule_deleted"] = driver.ex_delete_port_forwarding_rule(listed, listed.extra["port_forwarding_rules"][0])
        out["rules_left"] = [r.id for r in driver.ex_list_port_forwarding_rules()]
        step = "release_public_ip"
        out["released"] = driver.ex_release_public_ip(address)
        out["ips_left"] = [a.address for a in driver.ex_list_public_ips() if a.id == address.id]
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
